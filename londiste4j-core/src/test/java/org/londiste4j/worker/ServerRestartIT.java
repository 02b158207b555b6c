package org.londiste4j.worker;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The subscriber's server, or the provider's, is stopped (fast shutdown: every connection cut, open transactions
 * lost) and started again twice while the worker replays and the root keeps writing: the worker retries until the
 * server is back, then nothing is lost or applied twice (an insert-only log compared row by row, counters).
 */
class ServerRestartIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "subscriber on PostgreSQL {0}")
    @MethodSource("versions")
    void subscriberRestart(String major) throws Exception {
        restart(major, false);
    }

    @ParameterizedTest(name = "provider on PostgreSQL {0}")
    @MethodSource("versions")
    void providerRestart(String major) throws Exception {
        restart(major, true);
    }

    private static void restart(String major, boolean provider) throws Exception {
        Path dir = Files.createTempDirectory("londiste4j-restart-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = PgServers.start(major, Map.of(), dir.resolve("data"), port);
        try {
            String other = PgServers.oldest().equals(major) ? PgServers.newest() : PgServers.oldest();
            NodeDb root = provider ? NodeDb.ours(pg, major, "rsroot") : NodeDb.ours(other, "rsroot");
            NodeDb leaf = provider ? NodeDb.ours(other, "rsleaf") : NodeDb.ours(pg, major, "rsleaf");
            root.exec(ReplayScenarios.ROOT_DDL, "create table counter (id int primary key, n bigint)",
                    "insert into counter select g, 0 from generate_series(1, 10) g");
            leaf.exec(ReplayScenarios.LEAF_DDL, "create table counter (id int primary key, n bigint)");
            try (Cascade c = new Cascade().with(Cascade.Parts.project())) {
                c.createRoot(root, "root");
                for (String t : List.of("public.data", "public.log", "public.counter")) {
                    c.addRootTable(root, t);
                }
                c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
                c.addTable(leaf, "public.data", true);
                c.addTable(leaf, "public.log", true);
                c.addTable(leaf, "public.counter", false);
                c.ticker(root);
                c.worker("leaf", Cascade.settings(leaf, "leaf"));
                AtomicBoolean writing = new AtomicBoolean(true);
                AtomicLong increments = new AtomicLong();
                Cascade.Loop writer = new Cascade.Loop("writer", Duration.ZERO, () -> {
                    int i = 0;
                    while (writing.get()) {
                        // a restarted provider cuts the writer too: it reconnects as an application would
                        try (Connection w = root.connect(); Statement st = w.createStatement()) {
                            while (writing.get()) {
                                st.execute("insert into log (val) values (" + i + ");"
                                        + " update counter set n = n + 1 where id = " + (1 + i % 10));
                                increments.incrementAndGet();
                                i++;
                                Thread.sleep(2);
                            }
                        } catch (java.sql.SQLException e) {
                            Thread.sleep(100);
                        }
                    }
                    return null;
                });
                c.closeLater(writer);
                Cascade.await("counter copied", Duration.ofSeconds(60), () -> "ok".equals(leaf.one(
                        "select merge_state from londiste.table_info where table_name = 'public.counter'")));
                for (int round = 0; round < 2; round++) {
                    long before = leaf.count("select count(*) from log");
                    Cascade.await("replay going", Duration.ofSeconds(60), () ->
                            leaf.count("select count(*) from log") > before + 100);
                    // fast shutdown keeps the data directory (ot.epg.no-cleanup), then the same server again
                    System.setProperty("ot.epg.no-cleanup", "true");
                    try {
                        pg.close();
                    } finally {
                        System.clearProperty("ot.epg.no-cleanup");
                    }
                    Thread.sleep(500);
                    pg = PgServers.start(major, Map.of(), dir.resolve("data"), port);
                }
                long after = increments.get();
                Cascade.await("writes after the restarts", Duration.ofSeconds(30), () -> increments.get() > after + 100);
                writing.set(false);
                writer.close();
                ReplayScenarios.awaitCaughtUp(root, leaf, "leaf");
                assertEquals(root.rows("select id, val from log order by id"),
                        leaf.rows("select id, val from log order by id"), "each insert applied exactly once");
                assertEquals(root.rows("select * from counter order by id"),
                        leaf.rows("select * from counter order by id"), "counters equal");
                assertTrue(increments.get() > 300);
            }
        } finally {
            pg.close();
        }
    }
}
