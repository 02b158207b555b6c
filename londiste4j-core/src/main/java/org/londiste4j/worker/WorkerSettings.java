package org.londiste4j.worker;

import org.londiste4j.config.ConfigException;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;
import org.londiste4j.pgq.ConsumerSettings;

import java.time.Duration;
import java.util.List;

/**
 * The settings of one londiste worker, read once from its config (the keys of reference 1.4 the worker uses).
 *
 * @param jobName          for logs and {@code application_name}
 * @param db               the local node's connection string ({@code db})
 * @param queue            the cascaded queue ({@code queue_name})
 * @param consumer         this node's worker consumer ({@code consumer_name}, default: job_name)
 * @param parallelCopies   how many tables may be in initial copy at once
 * @param lazyFetch        events per cursor fetch ({@code pgq_lazy_fetch}); bounds the batch walk's memory
 * @param idlePoll         how often an idle worker asks the provider for a new batch: the replay lag is about
 *                         the tick interval plus this (instead of {@code loop_delay})
 * @param idleWait         how long one round keeps polling before it returns (the job's {@code loop_delay})
 * @param connectionLifetime reconnect older connections
 * @param localWmPeriod    how often the local watermark is sent to the provider
 * @param globalWmPeriod   how often the root publishes the global watermark
 * @param remoteExtraConnstr appended to the provider's location ({@code remote_extra_connstr})
 * @param registerOnlyTables, registerSkipTables filters for {@code londiste.add-table} events
 * @param exceptionSleep   how long a copy thread waits after an error before it tries again
 * @param read             how the main thread takes its batches ({@code pgq_keep_lag}, {@code local_only}, ...)
 */
public record WorkerSettings(String jobName, String db, String queue, String consumer, int parallelCopies,
                             int lazyFetch, Duration idlePoll, Duration idleWait, Duration connectionLifetime,
                             Duration localWmPeriod, Duration globalWmPeriod, String remoteExtraConnstr,
                             List<String> registerOnlyTables, List<String> registerSkipTables,
                             Duration exceptionSleep, ReadOptions read) {

    /** Default {@link #idlePoll}: 20 ms, about 50 cheap {@code next_batch} calls a second while idle. */
    public static final Duration DEFAULT_IDLE_POLL = Duration.ofMillis(20);

    public WorkerSettings {
        registerOnlyTables = List.copyOf(registerOnlyTables);
        registerSkipTables = List.copyOf(registerSkipTables);
        read = read == null ? ReadOptions.NONE : read;
        if (parallelCopies < 1) {
            throw new ConfigException("parallel_copies=" + parallelCopies + " is invalid: must be >= 1");
        }
    }

    /** The minimal settings of a test or an embedding program; everything else at its default. */
    public static WorkerSettings of(String jobName, String db, String queue) {
        return new WorkerSettings(jobName, db, queue, jobName, 1, ConsumerSettings.DEFAULT_LAZY_FETCH,
                DEFAULT_IDLE_POLL, Duration.ofSeconds(1), Duration.ofSeconds(1200), Duration.ofSeconds(300),
                Duration.ofSeconds(300), "", List.of(), List.of(), Duration.ofSeconds(20), ReadOptions.NONE);
    }

    /**
     * Reads the worker's keys.
     *
     * @throws ConfigException naming the key when {@code db} or {@code queue_name} is missing or a value is invalid
     */
    public static WorkerSettings of(JobConfig cf) {
        String job = cf.jobName();
        String db = cf.find(ConfigKeys.DB).filter(s -> !s.isBlank()).orElseThrow(() -> new ConfigException(
                "config: key db is not set; add 'db = dbname=... host=...' (the local node's connection string)"));
        String queue = cf.find(ConfigKeys.QUEUE_NAME).filter(s -> !s.isBlank()).orElseThrow(() ->
                new ConfigException("config: key queue_name is not set; add 'queue_name = ...'"));
        String consumer = cf.find(ConfigKeys.CONSUMER_NAME).filter(s -> !s.isBlank()).orElse(job);
        return new WorkerSettings(job, db, queue, consumer, cf.get(ConfigKeys.PARALLEL_COPIES),
                cf.get(ConfigKeys.PGQ_LAZY_FETCH), DEFAULT_IDLE_POLL, cf.get(ConfigKeys.LOOP_DELAY),
                cf.get(ConfigKeys.CONNECTION_LIFETIME), cf.get(ConfigKeys.LOCAL_WM_PUBLISH_PERIOD),
                cf.get(ConfigKeys.GLOBAL_WM_PUBLISH_PERIOD), cf.get(ConfigKeys.REMOTE_EXTRA_CONNSTR),
                cf.get(ConfigKeys.REGISTER_ONLY_TABLES), cf.get(ConfigKeys.REGISTER_SKIP_TABLES),
                cf.get(ConfigKeys.EXCEPTION_SLEEP), ReadOptions.of(cf));
    }

    public WorkerSettings withParallelCopies(int n) {
        return new WorkerSettings(jobName, db, queue, consumer, n, lazyFetch, idlePoll, idleWait, connectionLifetime,
                localWmPeriod, globalWmPeriod, remoteExtraConnstr, registerOnlyTables, registerSkipTables,
                exceptionSleep, read);
    }

    public WorkerSettings withLazyFetch(int n) {
        return new WorkerSettings(jobName, db, queue, consumer, parallelCopies, n, idlePoll, idleWait,
                connectionLifetime, localWmPeriod, globalWmPeriod, remoteExtraConnstr, registerOnlyTables,
                registerSkipTables, exceptionSleep, read);
    }

    public WorkerSettings withWatermarkPeriods(Duration local, Duration global) {
        return new WorkerSettings(jobName, db, queue, consumer, parallelCopies, lazyFetch, idlePoll, idleWait,
                connectionLifetime, local, global, remoteExtraConnstr, registerOnlyTables, registerSkipTables,
                exceptionSleep, read);
    }

    public WorkerSettings withExceptionSleep(Duration d) {
        return new WorkerSettings(jobName, db, queue, consumer, parallelCopies, lazyFetch, idlePoll, idleWait,
                connectionLifetime, localWmPeriod, globalWmPeriod, remoteExtraConnstr, registerOnlyTables,
                registerSkipTables, d, read);
    }

    public WorkerSettings withIdle(Duration poll, Duration wait) {
        return new WorkerSettings(jobName, db, queue, consumer, parallelCopies, lazyFetch, poll, wait,
                connectionLifetime, localWmPeriod, globalWmPeriod, remoteExtraConnstr, registerOnlyTables,
                registerSkipTables, exceptionSleep, read);
    }

    public WorkerSettings withRead(ReadOptions r) {
        return new WorkerSettings(jobName, db, queue, consumer, parallelCopies, lazyFetch, idlePoll, idleWait,
                connectionLifetime, localWmPeriod, globalWmPeriod, remoteExtraConnstr, registerOnlyTables,
                registerSkipTables, exceptionSleep, r);
    }

    /**
     * How the main thread takes its batches from the provider (python-pgq's consumer keys and londiste's
     * {@code local_only}).
     *
     * @param keepLag         {@code pgq_keep_lag}: take a tick only once it is this old (null: at once)
     * @param collectEvents   {@code pgq_batch_collect_events}: one batch spans ticks until it has this many events
     *                        (null: one tick per batch); on a leaf, while no copy runs
     * @param collectInterval {@code pgq_batch_collect_interval}: or until it spans this long (null: not)
     * @param localOnly       {@code local_only}: read only the events of tables added here (leaf only)
     * @param dropExecute     {@code local_only_drop_execute}: with localOnly, not the EXECUTE events either
     * @param keepaliveStats  {@code keepalive_stats}: an idle worker logs a stats line this often
     */
    public record ReadOptions(Duration keepLag, Integer collectEvents, Duration collectInterval, boolean localOnly,
                              boolean dropExecute, Duration keepaliveStats) {
        /** The defaults: every tick at once, every event. */
        public static final ReadOptions NONE = new ReadOptions(null, null, null, false, false,
                Duration.ofSeconds(300));

        public ReadOptions {
            if (collectEvents != null && collectEvents <= 0) {
                collectEvents = null;
            }
            if (collectInterval != null && collectInterval.isZero()) {
                collectInterval = null;
            }
            if (keepLag != null && keepLag.isZero()) {
                keepLag = null;
            }
            keepaliveStats = keepaliveStats == null ? NONE.keepaliveStats : keepaliveStats;
        }

        static ReadOptions of(JobConfig cf) {
            return new ReadOptions(cf.find(ConfigKeys.PGQ_KEEP_LAG).orElse(null),
                    cf.get(ConfigKeys.PGQ_BATCH_COLLECT_EVENTS),
                    cf.find(ConfigKeys.PGQ_BATCH_COLLECT_INTERVAL).orElse(null), cf.get(ConfigKeys.LOCAL_ONLY),
                    cf.get(ConfigKeys.LOCAL_ONLY_DROP_EXECUTE), cf.get(ConfigKeys.KEEPALIVE_STATS));
        }

        /** Whether batches may span several ticks. */
        boolean collects() {
            return collectEvents != null || collectInterval != null;
        }
    }

    /**
     * One info line for each key that is set but has no effect here (ConfigKeys says why), for the worker's start.
     */
    public static List<String> noEffect(JobConfig cf) {
        var out = new java.util.ArrayList<String>();
        if (!cf.get(ConfigKeys.THREADED_COPY_TABLES).isEmpty() || cf.get(ConfigKeys.THREADED_COPY_POOL_SIZE) != 1) {
            out.add("threaded_copy_tables, threaded_copy_pool_size: accepted for compatibility, no effect: each"
                    + " table is copied by one COPY stream in a thread of its own, parallel_copies tables at once");
        }
        if (!cf.get(ConfigKeys.TABLE_FILTER).isEmpty()) {
            out.add("table_filter: accepted for compatibility, no effect: a londiste worker reads every event of"
                    + " its provider's queue, as the original's does; use local_only");
        }
        return out;
    }

    /** The provider's location as the worker connects to it: {@code remote_extra_connstr} appended. */
    String providerConnstr(String location) {
        return remoteExtraConnstr.isBlank() ? location : location + " " + remoteExtraConnstr;
    }
}
