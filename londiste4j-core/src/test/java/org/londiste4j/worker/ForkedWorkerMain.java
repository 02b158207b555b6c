package org.londiste4j.worker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * Runs a leaf worker in a JVM of its own (started by a test with a small {@code -Xmx}, or to be killed with
 * SIGKILL) until the node has completed tick {@code args[3]} (-1: until killed):
 * {@code connstr jdbcUrl queue target [test|project|noop]}. Exit code 0 when done, 1 on a failure (OutOfMemoryError
 * included), 2 on timeout.
 */
public final class ForkedWorkerMain {
    private ForkedWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String connstr = args[0];
        String url = args[1];
        String queue = args[2];
        long target = Long.parseLong(args[3]);
        boolean project = args.length > 4 && args[4].equals("project");
        WorkerSettings s = WorkerSettings.of("leaf", connstr, queue).withIdle(Duration.ofMillis(10),
                Duration.ofMillis(200)).withLazyFetch(Integer.getInteger("lazy", 300));
        RowApplier.Factory f = project ? Appliers.batchApplier() : args.length > 4 && args[4].equals("noop")
                ? c -> new RowApplier() {
                    public void add(org.londiste4j.pgq.Event ev, String t) { }
                    public void flush() { }
                    public void invalidate(String t) { }
                    public void close() { }
                } : OrderedTestApplier::new;
        long deadline = System.nanoTime() + Duration.ofMinutes(target < 0 ? 10 : 3).toNanos();
        try (LondisteWorker w = new LondisteWorker(s, f, TableCopier.tableCopy());
             Connection c = DriverManager.getConnection(url, "postgres", "")) {
            while (System.nanoTime() < deadline) {
                w.work();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "select last_tick_id from pgq_node.local_state where consumer_name = 'leaf'")) {
                    rs.next();
                    if (target >= 0 && rs.getLong(1) >= target) {
                        System.out.println("peak heap used " + peakHeapMb() + " MB");
                        System.exit(0);
                    }
                }
            }
            System.exit(2);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }
}
