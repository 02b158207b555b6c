package org.londiste4j.ticker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The pgqd engine: the ticker and maintenance daemon of one PostgreSQL cluster. It keeps one
 * {@link DatabaseTicker} per database it serves ({@code database_list}, or every database of the cluster, of
 * which those with a {@code pgq} schema are ticked), reads that list again every {@code check_period}, and logs a
 * stats line per database every {@code stats_period}.
 *
 * <p>Invariant: no connection is shared between threads; the supervisor thread only opens short-lived ones to
 * {@code initial_database} (template1 by default, which must not stay busy or {@code CREATE DATABASE} fails).
 * Without a database list, every ticker also watches the shared catalog {@code pg_database}, so a database that is
 * created or dropped is noticed within a tick while pgqd serves any database of the cluster; otherwise within
 * {@code check_period}, as the original.
 */
public final class Pgqd implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pgqd.class);
    /** Databases without pgq that are each looked at every tick; with more, each is looked at less often. */
    static final int PROBES_PER_TICK = 10;
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final String LIST_DATABASES = """
            select datname from pg_catalog.pg_database
             where not datistemplate and datallowconn
             order by datname""";

    private enum Signal { RECHECK, STOP }

    private final AtomicReference<DbConnector> connector;
    private final AtomicReference<PgqdSettings> settings;
    private final Map<String, DatabaseTicker> tickers = new ConcurrentSkipListMap<>();
    private final Map<String, TickerStats> retired = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final Context ctx = new Context();
    private final AtomicReference<String> fingerprint = new AtomicReference<>();
    private Thread supervisor;
    private volatile boolean stopping;

    public Pgqd(PgqdSettings settings, DbConnector connector) {
        this.settings = new AtomicReference<>(settings);
        this.connector = new AtomicReference<>(connector);
    }

    /** Starts the supervisor thread; databases are found and ticked from there. */
    public synchronized void start() {
        if (supervisor != null) {
            throw new IllegalStateException("pgqd: already started");
        }
        supervisor = new Thread(this::supervise, "pgqd-main");
        supervisor.start();
    }

    /**
     * Takes new settings (SIGHUP): periods apply from each loop's next round, and the list of databases is read
     * again at once.
     */
    public void reload(PgqdSettings newSettings) {
        settings.set(newSettings);
        signals.add(Signal.RECHECK);
    }

    /**
     * As {@link #reload(PgqdSettings)}, with a new way to connect ({@code base_connstr} changed): connections
     * opened from now on use it.
     */
    public void reload(PgqdSettings newSettings, DbConnector newConnector) {
        connector.set(newConnector);
        reload(newSettings);
    }

    /** Asks for the list of databases to be read again now. */
    public void recheck() {
        signals.add(Signal.RECHECK);
    }

    /** Stops every loop (SIGINT): each ends its current statement, closes its connections and exits. */
    public void stop() {
        stopping = true;
        signals.add(Signal.STOP);
    }

    /** Waits until {@link #stop()} has finished; false on timeout. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = supervisor;
        }
        if (t != null) {
            t.join(Math.max(1, timeout.toMillis()));
        }
        return t == null || !t.isAlive();
    }

    /** Stops and waits (at most {@link #STOP_TIMEOUT} and a bit). */
    @Override
    public void close() {
        stop();
        try {
            awaitTermination(STOP_TIMEOUT.plusSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The databases served now (whether or not they have pgq yet). */
    public Set<String> databases() {
        return Set.copyOf(tickers.keySet());
    }

    /** The databases where pgq was found and is being ticked. */
    public Set<String> tickedDatabases() {
        Set<String> out = new LinkedHashSet<>();
        tickers.forEach((name, t) -> {
            if (t.pgqReady()) {
                out.add(name);
            }
        });
        return out;
    }

    /** What pgqd did in one database so far, also after it stopped serving it. */
    public Optional<TickerStats> stats(String db) {
        DatabaseTicker t = tickers.get(db);
        return Optional.ofNullable(t != null ? t.stats() : retired.get(db));
    }

    public PgqdSettings settings() {
        return settings.get();
    }

    /** The pause of a database without pgq before it is looked at again: one tick, longer on big clusters. */
    static Duration probeDelay(Duration tickerPeriod, Duration checkPeriod, int pgqLessDatabases) {
        long rounds = Math.max(1, (pgqLessDatabases + PROBES_PER_TICK - 1) / PROBES_PER_TICK);
        Duration d = tickerPeriod.multipliedBy(rounds);
        // never slower than the original, which looks again every check_period
        Duration cap = checkPeriod.compareTo(tickerPeriod) > 0 ? checkPeriod : tickerPeriod;
        return d.compareTo(cap) > 0 ? cap : d;
    }

    private void supervise() {
        log.info("pgqd: {}", settings.get().autoDetect() ? "auto-detecting dbs ..."
                : "serving databases " + String.join(", ", settings.get().databaseList()));
        long nextCheck = System.nanoTime();
        long nextStats = System.nanoTime() + settings.get().statsPeriod().toNanos();
        try {
            while (!stopping) {
                long now = System.nanoTime();
                if (now - nextCheck >= 0) {
                    Duration wait = recheckDatabases();
                    nextCheck = System.nanoTime() + wait.toNanos();
                }
                if (now - nextStats >= 0) {
                    logStats();
                    nextStats = System.nanoTime() + settings.get().statsPeriod().toNanos();
                }
                long sleep = Math.max(0, Math.min(nextCheck, nextStats) - System.nanoTime());
                Signal s = signals.poll(sleep, TimeUnit.NANOSECONDS);
                if (s == Signal.RECHECK) {
                    signals.removeIf(x -> x == Signal.RECHECK);
                    nextCheck = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown();
        }
    }

    /** Reads the list of databases and starts/stops tickers; returns when to read it again. */
    private Duration recheckDatabases() {
        PgqdSettings s = settings.get();
        List<String> wanted;
        if (s.autoDetect()) {
            try {
                wanted = listDatabases(s.initialDatabase());
            } catch (SQLException | RuntimeException e) {
                String what = e instanceof SQLException se ? DbLoop.describe(se) : e.toString();
                log.warn("pgqd: cannot list databases in {}: {}; retrying", s.initialDatabase(), what);
                log.debug("pgqd: listing databases failed", e);
                Duration retry = DbLoop.MAX_BACKOFF;
                return retry.compareTo(s.checkPeriod()) < 0 ? retry : s.checkPeriod();
            }
        } else {
            wanted = s.databaseList();
        }
        for (String name : wanted) {
            tickers.computeIfAbsent(name, n -> {
                DatabaseTicker t = new DatabaseTicker(n, ctx);
                retired.remove(n);
                log.debug("pgqd: serving database {}", n);
                t.start();
                return t;
            });
        }
        for (String name : new ArrayList<>(tickers.keySet())) {
            if (!wanted.contains(name)) {
                DatabaseTicker t = tickers.remove(name);
                log.info("Unregister database: {}", name);
                t.stop();
                retired.put(name, t.stats());
            }
        }
        return s.checkPeriod();
    }

    private List<String> listDatabases(String initialDatabase) throws SQLException {
        // a short connection: an idle session in template1 would make CREATE DATABASE fail
        try (Connection c = connector.get().open(initialDatabase, "list")) {
            c.setAutoCommit(true);
            List<String> out = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(LIST_DATABASES)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private void logStats() {
        Map<String, DatabaseTicker> now = new TreeMap<>(tickers);
        now.forEach((name, t) -> {
            String line = t.stats().takeLine();
            if (t.pgqReady()) {
                log.info("{}: {}", name, line);
            }
        });
    }

    private void shutdown() {
        log.info("pgqd: stopping");
        for (DatabaseTicker t : tickers.values()) {
            t.stop();
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (DatabaseTicker t : tickers.values()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!t.join(left)) {
                log.warn("{}: still busy after {} s; leaving it", t.name(), STOP_TIMEOUT.toSeconds());
            }
        }
        tickers.forEach((n, t) -> retired.put(n, t.stats()));
        tickers.clear();
        log.info("pgqd: stopped");
    }

    private final class Context implements TickerContext {
        @Override
        public PgqdSettings settings() {
            return settings.get();
        }

        @Override
        public DbConnector connector() {
            return connector.get();
        }

        @Override
        public Duration probeDelay() {
            PgqdSettings s = settings.get();
            int n = 0;
            for (DatabaseTicker t : tickers.values()) {
                if (t.pgqLess()) {
                    n++;
                }
            }
            return Pgqd.probeDelay(s.tickerPeriod(), s.checkPeriod(), n);
        }

        @Override
        public void clusterSeen(String databasesFingerprint) {
            String before = fingerprint.getAndSet(databasesFingerprint);
            if (before != null && !before.equals(databasesFingerprint)) {
                log.debug("pgqd: databases were created or dropped; listing them again");
                signals.add(Signal.RECHECK);
            }
        }

        @Override
        public void requestRecheck() {
            if (settings.get().autoDetect()) {
                signals.add(Signal.RECHECK);
            }
        }
    }
}
