package org.londiste4j.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of ini keys: each program (pgqd, a londiste job) reads one {@link KeySet}, made of groups of
 * keys declared once here or in the package that uses them. {@link JobConfig#check} warns about keys no group
 * knows, and {@link ConfigTemplate} renders the {@code --ini} sample from the same groups, so the sample and the
 * accepted keys cannot drift apart.
 */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    /** A named group of keys with a heading for {@code --ini}; a group not {@code shown} is accepted silently. */
    public record Group(String title, List<ConfigKey<?>> keys, boolean shown) {
        public Group {
            keys = List.copyOf(keys);
        }

        public Group(String title, List<ConfigKey<?>> keys) {
            this(title, keys, true);
        }

        /** The same keys, accepted without appearing in {@code --ini}. */
        public Group hidden() {
            return new Group(title, keys, false);
        }
    }

    /**
     * The keys one program reads: its section names (tried in order; any single section is taken too) and its
     * groups, most specific first: the first group declaring a name wins (e.g. pgqd's own defaults).
     */
    public record KeySet(String program, List<String> sections, List<Group> groups) {
        public KeySet {
            sections = List.copyOf(sections);
            groups = List.copyOf(groups);
        }

        /** Every key by name, later groups winning. */
        public Map<String, ConfigKey<?>> byName() {
            var m = new LinkedHashMap<String, ConfigKey<?>>();
            groups.forEach(g -> g.keys().forEach(k -> m.putIfAbsent(k.name(), k)));
            // a compat name (pgq_queue_name) is known as the key it stands for
            var aliased = new LinkedHashMap<String, ConfigKey<?>>();
            m.values().forEach(k -> k.aliases().forEach(a -> aliased.putIfAbsent(a, k)));
            aliased.forEach(m::putIfAbsent);
            return m;
        }

        public Optional<ConfigKey<?>> find(String name) {
            return Optional.ofNullable(byName().get(name));
        }

        /** The same set with more specific groups before these (e.g. londiste's own keys). */
        public KeySet with(Group... more) {
            var all = new ArrayList<>(List.of(more));
            all.addAll(groups);
            return new KeySet(program, sections, all);
        }
    }

    // --- names every Skytools job knows (python-skytools' scripting.py) -------------------------------------

    public static final ConfigKey<String> JOB_NAME = ConfigKey.string("job_name", null,
            "name of the job in logs, pidfile and logfile names; default: the config file's name without .ini");
    public static final ConfigKey<Path> LOGFILE = ConfigKey.file("logfile", "",
            "log file (its folder is created); empty: log to the console only")
            .inSample("~/log/%(job_name)s.log");
    public static final ConfigKey<Path> PIDFILE = ConfigKey.file("pidfile", "",
            "pid file (its folder is created); needed for -d, -s, -k and -r")
            .inSample("~/pid/%(job_name)s.pid");
    public static final ConfigKey<Duration> LOOP_DELAY = ConfigKey.seconds("loop_delay", "1.0",
            "seconds to sleep when a round found no work");
    public static final ConfigKey<Duration> EXCEPTION_SLEEP = ConfigKey.seconds("exception_sleep", "20",
            "seconds to sleep after an error before trying again");
    public static final ConfigKey<Duration> EXCEPTION_GRACE = ConfigKey.seconds("exception_grace", "300",
            "an error that repeats within this many seconds is logged as a warning, not an error");
    public static final ConfigKey<Duration> EXCEPTION_RESET = ConfigKey.seconds("exception_reset", "900",
            "seconds without errors after which the error throttling starts over");
    public static final ConfigKey<Duration> CONNECTION_LIFETIME = ConfigKey.seconds("connection_lifetime", "1200",
            "seconds after which a database connection is closed and opened again").positive();
    public static final ConfigKey<Long> LOG_SIZE = ConfigKey.bytes("log_size", "10485760",
            "rotate the log file when it grows past this size (512k, 10 MB ...)");
    public static final ConfigKey<Integer> LOG_COUNT = ConfigKey.integer("log_count", 3,
            "how many rotated log files to keep").check(n -> n >= 0, ">= 0");

    /** Keys of every Skytools job. */
    public static final Group GENERIC = new Group("job settings", List.of(
            JOB_NAME, LOGFILE, PIDFILE, LOOP_DELAY, EXCEPTION_SLEEP, EXCEPTION_GRACE,
            EXCEPTION_RESET, CONNECTION_LIFETIME, LOG_SIZE, LOG_COUNT));

    /** Keys of the original that mean nothing in Java: kept in old files, warned about, unused. */
    public static final Group IGNORED = new Group("keys of the original without effect here", List.of(
            ConfigKey.ignored("use_skylog", "skylog (Python logging config) is not used: londiste4j logs with logback"),
            ConfigKey.ignored("skylog_locations", "skylog is not used: londiste4j logs with logback"),
            ConfigKey.ignored("logfmt_console", "the log line format is fixed"),
            ConfigKey.ignored("logfmt_file", "the log line format is fixed"),
            ConfigKey.ignored("logfmt_console_verbose", "the log line format is fixed"),
            ConfigKey.ignored("logfmt_file_verbose", "the log line format is fixed"),
            ConfigKey.ignored("logdatefmt_console", "the log line format is fixed"),
            ConfigKey.ignored("logdatefmt_file", "the log line format is fixed"),
            ConfigKey.ignored("logdatefmt_console_verbose", "the log line format is fixed"),
            ConfigKey.ignored("logdatefmt_file_verbose", "the log line format is fixed"),
            ConfigKey.ignored("log_level", "use -v or -q"),
            ConfigKey.ignored("exception_quiet", "error stack traces are logged only at DEBUG (-v) anyway"),
            ConfigKey.ignored("syslog", "syslog is not supported; use logfile"),
            ConfigKey.ignored("syslog_ident", "syslog is not supported; use logfile"),
            ConfigKey.ignored("syslog_facility", "syslog is not supported; use logfile"),
            ConfigKey.ignored("sql_retry", "SQL statements are not retried one by one; the job retries the round"),
            ConfigKey.ignored("sql_retry_max_count", "SQL statements are not retried one by one"),
            ConfigKey.ignored("sql_retry_max_time", "SQL statements are not retried one by one"),
            ConfigKey.ignored("sql_retry_formula_a", "SQL statements are not retried one by one"),
            ConfigKey.ignored("sql_retry_formula_b", "SQL statements are not retried one by one"),
            ConfigKey.ignored("sql_retry_formula_cap", "SQL statements are not retried one by one"),
            ConfigKey.ignored("handler_modules", "handlers are built in; Python handler modules cannot be loaded"),
            ConfigKey.ignored("config_format", "only the ConfigParser dialect (format 1) is read")), false);

    // --- pgqd (reference 1.4) -------------------------------------------------------------------------------

    public static final ConfigKey<String> BASE_CONNSTR = ConfigKey.string("base_connstr", "",
            "libpq connection string without dbname=, e.g. host=/var/run/postgresql user=postgres");
    public static final ConfigKey<String> INITIAL_DATABASE = ConfigKey.string("initial_database", "template1",
            "database used to list the other databases of the cluster");
    public static final ConfigKey<List<String>> DATABASE_LIST = ConfigKey.list("database_list", "",
            "tick only these databases (comma-separated); empty: every database that has a pgq schema");
    public static final ConfigKey<Duration> CHECK_PERIOD = ConfigKey.seconds("check_period", "60",
            "seconds between listings of the cluster's databases"
                    + " (a database without pgq is looked at every tick)").positive();
    public static final ConfigKey<Duration> TICKER_PERIOD = ConfigKey.seconds("ticker_period", "0.1",
            "seconds between calls of pgq.ticker() (the original's default is 1; 0.1 lets replay lag stay"
                    + " under 0.1 s)").positive();
    public static final ConfigKey<Duration> RETRY_PERIOD = ConfigKey.seconds("retry_period", "30",
            "seconds between moves of due retry events back into their queue").positive();
    public static final ConfigKey<Duration> MAINT_PERIOD = ConfigKey.seconds("maint_period", "120",
            "seconds between maintenance rounds (table rotation, vacuum)").positive();
    public static final ConfigKey<Duration> STATS_PERIOD = ConfigKey.seconds("stats_period", "30",
            "seconds between stats lines in the log").positive();
    public static final ConfigKey<Duration> PGQD_CONNECTION_LIFETIME = CONNECTION_LIFETIME.withDefault("3600");

    /** pgqd's own keys, before {@link #PGQD_IGNORED} and {@link #IGNORED} in {@link #PGQD}. */
    public static final Group PGQD_GROUP = new Group("pgqd", List.of(
            LOGFILE, PIDFILE, BASE_CONNSTR, INITIAL_DATABASE, DATABASE_LIST, CHECK_PERIOD, TICKER_PERIOD,
            RETRY_PERIOD, MAINT_PERIOD, STATS_PERIOD, PGQD_CONNECTION_LIFETIME, JOB_NAME, LOG_SIZE, LOG_COUNT));

    /**
     * Keys of a Skytools job that pgqd does not use: the C pgqd never had them, and ours retries a failed
     * database with its own backoff. Accepted (a file shared with a londiste job may hold them) with a warning.
     */
    public static final Group PGQD_IGNORED = new Group("job keys pgqd does not use", List.of(
            ConfigKey.ignored("loop_delay", "pgqd wakes at ticker_period, retry_period, maint_period"),
            ConfigKey.ignored("exception_sleep", "pgqd retries a failed database after 1 s, doubling up to 10 s"),
            ConfigKey.ignored("exception_grace", "pgqd logs a database's failure once as a warning, repeats at debug"),
            ConfigKey.ignored("exception_reset", "pgqd's retry pause starts over at 1 s after a good round")), false);

    /** What pgqd reads: section {@code [pgqd]}, any single section, or none. */
    public static final KeySet PGQD = new KeySet("pgqd", List.of("pgqd"),
            List.of(PGQD_GROUP, PGQD_IGNORED, IGNORED));

    // --- londiste (reference 1.4) ---------------------------------------------------------------------------

    public static final ConfigKey<String> DB = ConfigKey.string("db", null,
            "connection string (libpq) of this node's database").inSample("dbname=mydb host=localhost");
    public static final ConfigKey<String> QUEUE_NAME = ConfigKey.string("queue_name", null,
            "the cascaded queue this node belongs to (compat name pgq_queue_name)").alias("pgq_queue_name")
            .inSample("myqueue");
    public static final ConfigKey<String> CONSUMER_NAME = ConfigKey.string("consumer_name", "%(job_name)s",
            "name of this node's worker as consumer of its provider's queue (compat name pgq_consumer_id)")
            .alias("pgq_consumer_id");
    public static final ConfigKey<String> NODE_NAME = ConfigKey.string("node_name", null,
            "create-*: the node's name when not given on the command line; the database keeps it afterwards");
    public static final ConfigKey<String> PUBLIC_NODE_LOCATION = ConfigKey.string("public_node_location", null,
            "create-*: connection string other nodes use to reach this one; default: db");
    public static final ConfigKey<String> INITIAL_PROVIDER_LOCATION = ConfigKey.string(
            "initial_provider_location", null, "create-branch, create-leaf: the provider's connection string when"
                    + " --provider is not given");
    public static final ConfigKey<String> REMOTE_EXTRA_CONNSTR = ConfigKey.string("remote_extra_connstr", "",
            "appended to the connection strings of other nodes (e.g. user=, sslmode=)");
    public static final ConfigKey<List<String>> REGISTER_ONLY_TABLES = ConfigKey.list("register_only_tables", "",
            "learn only these tables (globs) from the provider, at node creation and on add-table events");
    public static final ConfigKey<List<String>> REGISTER_SKIP_TABLES = ConfigKey.list("register_skip_tables", "",
            "do not learn these tables (globs) from the provider");
    public static final ConfigKey<List<String>> REGISTER_ONLY_SEQS = ConfigKey.list("register_only_seqs", "",
            "learn only these sequences (globs) from the provider");
    public static final ConfigKey<List<String>> REGISTER_SKIP_SEQS = ConfigKey.list("register_skip_seqs", "",
            "do not learn these sequences (globs) from the provider");
    public static final ConfigKey<Integer> PARALLEL_COPIES = ConfigKey.integer("parallel_copies", 4,
            "how many tables may be in initial copy at once (the original's default is 1)").check(n -> n >= 1, ">= 1");
    public static final ConfigKey<List<String>> THREADED_COPY_TABLES = ConfigKey.list("threaded_copy_tables", "",
            "accepted for compatibility; no effect because each table is copied by one COPY stream in a thread"
                    + " of its own (parallel_copies tables at once), not by a pool of writer processes");
    public static final ConfigKey<Integer> THREADED_COPY_POOL_SIZE = ConfigKey.integer("threaded_copy_pool_size",
            1, "accepted for compatibility; no effect because there is no writer pool (see threaded_copy_tables)")
            .check(n -> n >= 1, ">= 1");
    public static final ConfigKey<Boolean> LOCAL_ONLY = ConfigKey.bool("local_only", false,
            "leaf: read from the queue only the events of tables added on this node (and the cascade's own and"
                    + " EXECUTE events); no effect on a branch, whose queue keeps every event");
    public static final ConfigKey<Boolean> LOCAL_ONLY_DROP_EXECUTE = ConfigKey.bool("local_only_drop_execute",
            false, "with local_only, also skip EXECUTE events");
    public static final ConfigKey<Duration> LOCK_TIMEOUT = ConfigKey.seconds("lock_timeout", "10",
            "compare, repair: the longest a table may stay locked on the provider").positive();
    public static final ConfigKey<List<String>> TABLE_FILTER = ConfigKey.list("table_filter", "",
            "accepted for compatibility; no effect because the londiste worker reads every event of its"
                    + " provider's queue, as the original's does (it resets this pgq consumer filter); use local_only");
    public static final ConfigKey<Integer> PGQ_LAZY_FETCH = ConfigKey.integer("pgq_lazy_fetch", 300,
            "events fetched per round trip while reading a batch (0: all at once, unbounded memory)")
            .check(n -> n >= 0, ">= 0");
    public static final ConfigKey<Integer> PGQ_BATCH_COLLECT_EVENTS = ConfigKey.integer(
            "pgq_batch_collect_events", 0, "leaf: one batch spans ticks until it has this many events (0: one tick"
                    + " per batch); not on a branch, nor while a table is being copied")
            .check(n -> n >= 0, ">= 0");
    public static final ConfigKey<Duration> PGQ_BATCH_COLLECT_INTERVAL = ConfigKey.seconds(
            "pgq_batch_collect_interval", null, "leaf: one batch spans ticks until it covers this many seconds (empty:"
                    + " one tick per batch); not on a branch, nor while a table is being copied");
    public static final ConfigKey<Duration> PGQ_KEEP_LAG = ConfigKey.seconds("pgq_keep_lag", null,
            "stay this many seconds behind the queue head: a tick is taken once it is that old (empty: at once)");
    public static final ConfigKey<Duration> KEEPALIVE_STATS = ConfigKey.seconds("keepalive_stats", "300",
            "seconds between stats lines of an idle worker").positive();
    public static final ConfigKey<Duration> GLOBAL_WM_PUBLISH_PERIOD = ConfigKey.seconds(
            "global_wm_publish_period", "300", "root: seconds between publications of the global watermark")
            .positive();
    public static final ConfigKey<Duration> LOCAL_WM_PUBLISH_PERIOD = ConfigKey.seconds(
            "local_wm_publish_period", "300", "seconds between reports of this node's watermark to its provider")
            .positive();

    /** A londiste node's own keys (reference 1.4): read by the worker and the admin commands. */
    public static final Group LONDISTE_GROUP = new Group("londiste", List.of(
            DB, QUEUE_NAME, CONSUMER_NAME, NODE_NAME, PUBLIC_NODE_LOCATION, INITIAL_PROVIDER_LOCATION,
            REMOTE_EXTRA_CONNSTR, REGISTER_ONLY_TABLES, REGISTER_SKIP_TABLES, REGISTER_ONLY_SEQS,
            REGISTER_SKIP_SEQS, PARALLEL_COPIES, THREADED_COPY_TABLES, THREADED_COPY_POOL_SIZE, LOCAL_ONLY,
            LOCAL_ONLY_DROP_EXECUTE, LOCK_TIMEOUT, TABLE_FILTER, PGQ_LAZY_FETCH, PGQ_BATCH_COLLECT_EVENTS,
            PGQ_BATCH_COLLECT_INTERVAL, PGQ_KEEP_LAG, KEEPALIVE_STATS, GLOBAL_WM_PUBLISH_PERIOD,
            LOCAL_WM_PUBLISH_PERIOD));

    /** Keys of the original londiste that mean nothing here: accepted with a warning. */
    public static final Group LONDISTE_IGNORED = new Group("londiste keys without effect here", List.of(
            ConfigKey.ignored("pgq_autocommit", "batches are always read in one transaction, lazily"),
            ConfigKey.ignored("compare_sql", "compare uses a checksum with the same text forms on every version"),
            ConfigKey.ignored("compare_fmt", "compare prints its own result lines"),
            ConfigKey.ignored("shard_hash_func", "the shard handler is not built in"),
            ConfigKey.ignored("shard_info_sql", "the shard handler is not built in"),
            ConfigKey.ignored("obfuscator_map", "the obfuscate handler is not built in"),
            ConfigKey.ignored("obfuscator_key", "the obfuscate handler is not built in")), false);

    /**
     * Generic keys of a londiste job; the londiste package adds its own group with {@link KeySet#with}. Section
     * {@code [londiste]}, {@code [londiste3]}, any single section, or none (SPEC.md 6.1).
     */
    public static final KeySet LONDISTE_BASE = new KeySet("londiste", List.of("londiste", "londiste3"),
            List.of(GENERIC, IGNORED));

    /**
     * What a londiste node's worker and admin commands read ({@code londiste3 CONFIG.ini ...}): section
     * {@code [londiste]}, {@code [londiste3]}, any single section, or none (SPEC.md 6.1).
     */
    public static final KeySet LONDISTE = LONDISTE_BASE.with(LONDISTE_GROUP, LONDISTE_IGNORED);
}
