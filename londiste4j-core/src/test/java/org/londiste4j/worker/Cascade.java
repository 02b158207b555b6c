package org.londiste4j.worker;

import org.londiste4j.daemon.Job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Builds a cascade for the worker's tests with the pgq_node and londiste SQL calls the admin commands make
 * (python-pgq's {@code create_node}), runs a ticker on the root and workers in threads, and waits with deadlines.
 */
final class Cascade implements AutoCloseable {
    static final String QUEUE = "replika";

    private final List<AutoCloseable> closing = new ArrayList<>();

    /** create-root: location, node, and a queue that ticks as soon as there are events. */
    void createRoot(NodeDb root, String name) throws SQLException {
        try (Connection c = root.connect()) {
            call(c, "select * from pgq_node.register_location(?, ?, ?, false)", QUEUE, name, root.connstr());
            call(c, "select * from pgq_node.create_node(?, 'root', ?, ?, null, null, null)", QUEUE, name,
                    name);
            call(c, "select pgq.set_queue_config(?, 'ticker_max_lag', '0')", QUEUE);
            call(c, "select pgq.set_queue_config(?, 'ticker_idle_period', '1 second')", QUEUE);
        }
    }

    /** create-leaf / create-branch under {@code provider}, copying the provider's table registry. */
    void createNode(NodeDb node, String name, String type, NodeDb provider, String providerName,
                    List<String> members) throws SQLException {
        long wm;
        try (Connection p = provider.connect()) {
            call(p, "select * from pgq_node.register_location(?, ?, ?, false)", QUEUE, name, node.connstr());
            wm = Long.parseLong(call(p, "select global_watermark from pgq_node.register_subscriber(?, ?, ?, null)",
                    QUEUE, name, name));
        }
        try (Connection c = node.connect()) {
            call(c, "select * from pgq_node.register_location(?, ?, ?, false)", QUEUE, name, node.connstr());
            call(c, "select * from pgq_node.register_location(?, ?, ?, false)", QUEUE, providerName,
                    provider.connstr());
            call(c, "select * from pgq_node.create_node(?, ?, ?, ?, ?, ?, null)", QUEUE, type, name,
                    name, providerName, wm);
            try (Connection p = provider.connect(); Statement st = p.createStatement();
                 ResultSet rs = st.executeQuery("select table_name from londiste.get_table_list('" + QUEUE + "')")) {
                while (rs.next()) {
                    call(c, "select * from londiste.global_add_table(?, ?)", QUEUE, rs.getString(1));
                }
            }
        }
    }

    /** add-table on the root: registers the table and creates its triggers. */
    void addRootTable(NodeDb root, String table) throws SQLException {
        try (Connection c = root.connect()) {
            call(c, "select * from londiste.local_add_table(?, ?)", QUEUE, table);
        }
    }

    /** add-table on a branch/leaf: copied by the worker, or marked in sync at once with {@code expectSync}. */
    void addTable(NodeDb node, String table, boolean expectSync) throws SQLException {
        try (Connection c = node.connect()) {
            call(c, "select * from londiste.global_add_table(?, ?)", QUEUE, table);
            String[] args = expectSync ? new String[] {"expect_sync"} : new String[0];
            try (PreparedStatement ps = c.prepareStatement("select ret_code, ret_note from"
                    + " londiste.local_add_table(?, ?, ?)")) {
                ps.setString(1, QUEUE);
                ps.setString(2, table);
                ps.setArray(3, c.createArrayOf("text", args));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= 300) {
                        throw new SQLException("local_add_table " + table + ": " + rs.getString(2));
                    }
                }
            }
        }
    }

    /**
     * A thread calling {@code pgq.ticker()} on {@code db} every 20 ms until the cascade is closed; it reconnects
     * after a lost connection (a restarted server), as pgqd does.
     */
    void ticker(NodeDb db) {
        Loop l = new Loop("ticker-" + db.label(), Duration.ofMillis(20), () -> {
            while (!Thread.currentThread().isInterrupted()) {
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    while (!Thread.currentThread().isInterrupted()) {
                        st.execute("select pgq.ticker()");
                        Thread.sleep(20);
                    }
                } catch (SQLException e) {
                    Thread.sleep(100);
                }
            }
            return null;
        });
        closing.add(l);
    }

    /** A worker of {@code node} running in a job thread; closed with the cascade (or by the caller). */
    /** Which applier and copier the workers use: the tests' plain ones, or the project's. */
    record Parts(RowApplier.Factory applier, TableCopier copier) {
        static Parts plain() {
            return new Parts(OrderedTestApplier::new, new SqlTestCopier());
        }

        static Parts project() {
            return new Parts(Appliers.batchApplier(), TableCopier.tableCopy());
        }
    }

    private Parts parts = Parts.plain();

    Cascade with(Parts p) {
        this.parts = p;
        return this;
    }

    Running worker(String name, WorkerSettings settings) {
        return worker(name, settings, parts.applier(), parts.copier());
    }

    Running worker(String name, WorkerSettings settings, RowApplier.Factory applier, TableCopier copier) {
        LondisteWorker w = new LondisteWorker(settings, applier, copier);
        Job job = w.job(new Job.Policy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(300),
                Duration.ofSeconds(900)));
        Thread t = new Thread(job::run, "worker-" + name);
        t.start();
        Running r = new Running(w, job, t);
        closing.add(r);
        return r;
    }

    static WorkerSettings settings(NodeDb node, String name) {
        return WorkerSettings.of(name, node.connstr(), QUEUE).withIdle(Duration.ofMillis(10), Duration.ofMillis(500))
                .withExceptionSleep(Duration.ofMillis(200));
    }

    /** A running worker. */
    record Running(LondisteWorker worker, Job job, Thread thread) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            job.stop();
            worker.close();
            thread.join(30_000);
        }
    }

    static String call(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                int n = rs.getMetaData().getColumnCount();
                for (int i = 1; i <= n; i++) {
                    if ("ret_code".equals(rs.getMetaData().getColumnName(i)) && rs.getInt(i) >= 300) {
                        throw new SQLException(sql + ": " + rs.getInt(i) + " " + rs.getString(i + 1));
                    }
                }
                return rs.getString(1);
            }
        }
    }

    /** Polls {@code check} until true or the deadline; fails with {@code what} and the last value. */
    static void await(String what, Duration timeout, Callable<Boolean> check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.call()) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what, last);
    }

    /** A thread running a body until closed (interrupted). */
    static final class Loop implements AutoCloseable {
        private final Thread thread;
        private volatile Exception failure;

        Loop(String name, Duration pause, Callable<Void> body) {
            thread = new Thread(() -> {
                try {
                    body.call();
                } catch (InterruptedException e) {
                    // closed
                } catch (Exception e) {
                    if (!Thread.currentThread().isInterrupted()) {
                        failure = e;
                    }
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        Exception failure() {
            return failure;
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    void closeLater(AutoCloseable c) {
        closing.add(c);
    }

    @Override
    public void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }
}
