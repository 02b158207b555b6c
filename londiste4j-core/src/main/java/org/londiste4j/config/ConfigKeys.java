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
    public static final ConfigKey<Duration> TICKER_PERIOD = ConfigKey.seconds("ticker_period", "1",
            "seconds between calls of pgq.ticker()").positive();
    public static final ConfigKey<Duration> RETRY_PERIOD = ConfigKey.seconds("retry_period", "30",
            "seconds between moves of due retry events back into their queue").positive();
    public static final ConfigKey<Duration> MAINT_PERIOD = ConfigKey.seconds("maint_period", "120",
            "seconds between maintenance rounds (table rotation, vacuum)").positive();
    public static final ConfigKey<Duration> STATS_PERIOD = ConfigKey.seconds("stats_period", "30",
            "seconds between stats lines in the log").positive();
    public static final ConfigKey<Duration> PGQD_CONNECTION_LIFETIME = CONNECTION_LIFETIME.withDefault("3600");

    /** pgqd's own keys, before {@link #GENERIC} (accepted, not shown) and {@link #IGNORED} in {@link #PGQD}. */
    public static final Group PGQD_GROUP = new Group("pgqd", List.of(
            LOGFILE, PIDFILE, BASE_CONNSTR, INITIAL_DATABASE, DATABASE_LIST, CHECK_PERIOD, TICKER_PERIOD,
            RETRY_PERIOD, MAINT_PERIOD, STATS_PERIOD, PGQD_CONNECTION_LIFETIME));

    /** What pgqd reads: section {@code [pgqd]}, any single section, or none. */
    public static final KeySet PGQD = new KeySet("pgqd", List.of("pgqd"),
            List.of(PGQD_GROUP, GENERIC.hidden(), IGNORED));

    /**
     * Generic keys of a londiste job; the londiste package adds its own group with {@link KeySet#with}. Section
     * {@code [londiste]}, {@code [londiste3]}, any single section, or none (SPEC.md 6.1).
     */
    public static final KeySet LONDISTE_BASE = new KeySet("londiste", List.of("londiste", "londiste3"),
            List.of(GENERIC, IGNORED));
}
