package org.londiste4j.worker;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One transaction of 200,000 events is one batch; a worker in a JVM with a small heap (48 MB with a plain applier,
 * the 256 MB with the project's set-wise applier) applies it, because the batch is walked lazily and
 * nothing per event is kept.
 */
@DisplayName("a 200k-event batch through a worker with a small heap")
class BigBatchIT {
    static final int EVENTS = 200_000;

    @Test
    void bigBatchWithProjectApplierOnOriginal() throws Exception {
        run(NodeDb.original("bigroot"), NodeDb.original("bigleaf"), "project", "256m");
    }

    @Test
    void bigBatchOnOriginal() throws Exception {
        run(NodeDb.original("bigroot"), NodeDb.original("bigleaf"), "test", "48m");
    }

    static void run(NodeDb root, NodeDb leaf, String applier, String heap) throws Exception {
        root.exec(ReplayScenarios.ROOT_DDL);
        leaf.exec(ReplayScenarios.LEAF_DDL);
        try (Cascade c = new Cascade()) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.log");
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            c.addTable(leaf, "public.log", true);
            root.exec("insert into log (val) select g from generate_series(1, " + EVENTS + ") g");
            long target = Long.parseLong(root.one("select pgq.force_tick('" + Cascade.QUEUE + "')"));
            root.exec("select pgq.ticker()");
            c.ticker(root);
            Cascade.await("a tick past the big transaction", java.time.Duration.ofSeconds(30), () ->
                    Long.parseLong(root.one("select max(tick_id) from pgq.tick")) > target);
            long last = Long.parseLong(root.one("select max(tick_id) from pgq.tick"));
            Path out = Files.createTempFile("forked-worker", ".log");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-Dlazy=" + System.getProperty("lazy", "300"), "-cp", System.getProperty("java.class.path"), ForkedWorkerMain.class.getName(),
                    leaf.connstr(), leaf.jdbcUrl(), Cascade.QUEUE, Long.toString(last), applier)
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = p.waitFor(240, TimeUnit.SECONDS);
            String log = Files.readString(out);
            if (!ended) {
                p.destroyForcibly();
            }
            assertTrue(ended, "forked worker still running:\n" + tail(log));
            assertEquals(0, p.exitValue(), "forked worker failed:\n" + tail(log));
            log.lines().filter(l -> l.startsWith("peak heap") || l.contains("{count: ")).forEach(System.out::println);
            assertEquals(EVENTS, leaf.count("select count(*) from log"));
            assertEquals(root.rows("select id, val from log order by id"), leaf.rows("select id, val from log order by id"));
        }
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
