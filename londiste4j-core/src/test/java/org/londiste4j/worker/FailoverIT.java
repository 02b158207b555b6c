package org.londiste4j.worker;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.admin.AdminException;
import org.londiste4j.admin.AdminSettings;
import org.londiste4j.admin.Failover;
import org.londiste4j.admin.NodeAdmin;
import org.londiste4j.admin.Resurrect;
import org.londiste4j.node.NodeType;
import org.londiste4j.testkit.PgServers;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failover on real servers: a root on a server of its own, a branch and a leaf under it on two majors, a writer on
 * the root; the root's server is stopped in the middle of the load, the branch takes over with
 * {@code takeover --dead-root}, new writes on the new root reach the leaf, and no survivor holds a row written
 * nowhere or twice. Then the old root's server comes back and {@code resurrect} lists exactly the writes that never
 * left it, and the old root, a paused branch of the new root, equals it after a resync of its table. The refusals
 * on the way are one line each and change nothing.
 */
class FailoverIT {
    private static final String Q = Cascade.QUEUE;

    static List<String> versions() {
        return PgServers.versions();
    }

    private static AdminSettings admin(NodeDb db, String name) {
        return new AdminSettings(name, Q, name, db.connstr(), "", List.of(), List.of(), List.of(), List.of());
    }

    @ParameterizedTest(name = "root and leaf on PostgreSQL {0}, branch on the other")
    @MethodSource("versions")
    void deadRootTakeoverThenResurrect(String major) throws Exception {
        String other = PgServers.oldest().equals(major) ? PgServers.newest() : PgServers.oldest();
        Path dir = Files.createTempDirectory("londiste4j-failover-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = PgServers.start(major, Map.of(), dir.resolve("data"), port);
        try {
            NodeDb root = NodeDb.ours(pg, major, "foroot");
            NodeDb branch = NodeDb.ours(other, "fobranch");
            NodeDb leaf = NodeDb.ours(major, "foleaf");
            String ddl = "create table data (id bigserial primary key, val int, origin text)";
            for (NodeDb n : List.of(root, branch, leaf)) {
                n.exec(ddl);
            }
            root.exec("insert into data (val, origin) select g, 'old' from generate_series(1, 500) g");
            new NodeAdmin(admin(root, "root")).create(new NodeAdmin.CreateRequest(NodeType.ROOT, "root",
                    root.connstr(), null, true, null, null));
            root.exec("select * from londiste.local_add_table('" + Q + "', 'public.data')",
                    "select * from londiste.local_add_seq('" + Q + "', 'public.data_id_seq')");
            new NodeAdmin(admin(branch, "branch")).create(new NodeAdmin.CreateRequest(NodeType.BRANCH, "branch",
                    branch.connstr(), root.connstr(), true, null, null));
            new NodeAdmin(admin(leaf, "leaf")).create(new NodeAdmin.CreateRequest(NodeType.LEAF, "leaf",
                    leaf.connstr(), root.connstr(), true, null, null));
            try (Cascade c = new Cascade().with(Cascade.Parts.project())) {
                for (NodeDb n : List.of(branch, leaf)) {
                    c.addTable(n, "public.data", false);
                    n.exec("select * from londiste.local_add_seq('" + Q + "', 'public.data_id_seq')");
                }
                for (NodeDb n : List.of(root, branch, leaf)) {
                    c.ticker(n); // pgqd on every server: it ticks only the root's queue
                }
                c.worker("root", Cascade.settings(root, "root"));
                c.worker("branch", Cascade.settings(branch, "branch"));
                c.worker("leaf", Cascade.settings(leaf, "leaf"));

                AtomicBoolean writing = new AtomicBoolean(true);
                AtomicLong written = new AtomicLong();
                Cascade.Loop writer = new Cascade.Loop("writer-old", Duration.ZERO, () -> {
                    try (Connection w = root.connect(); Statement st = w.createStatement()) {
                        for (int i = 0; writing.get(); i++) {
                            st.execute("insert into data (val, origin) values (" + i + ", 'old')");
                            written.incrementAndGet();
                            Thread.sleep(1);
                        }
                    } catch (java.sql.SQLException e) {
                        // the server went away: the application stops writing there
                    }
                    return null;
                });
                c.closeLater(writer);
                for (NodeDb n : List.of(branch, leaf)) {
                    Cascade.await("data copied to " + n, Duration.ofSeconds(60), () -> "ok".equals(n.one(
                            "select merge_state from londiste.table_info where table_name = 'public.data'")));
                }
                long before = leaf.count("select count(*) from data");
                Cascade.await("replay going", Duration.ofSeconds(60), () ->
                        leaf.count("select count(*) from data") > before + 200
                                && branch.count("select count(*) from data") > before + 200);

                // refused while the root answers, and on a leaf: one line, nothing changed
                var live = assertThrows(AdminException.class,
                        () -> new Failover(admin(branch, "branch")).deadRoot("root", List.of()));
                assertEquals("takeover --dead-root: node root answers and is the root; take it over without "
                        + "--dead-root (a switchover loses nothing), or stop it first", live.getMessage());
                var onLeaf = assertThrows(AdminException.class,
                        () -> new Failover(admin(leaf, "leaf")).deadRoot("root", List.of()));
                assertEquals("takeover --dead-root: this node leaf is a leaf, which keeps no queue to feed others; "
                        + "run the takeover on a branch", onLeaf.getMessage());
                var unknown = assertThrows(AdminException.class,
                        () -> new Failover(admin(branch, "branch")).deadRoot("nosuch", List.of()));
                assertEquals("takeover --dead-root: no such node in the queue: nosuch; see 'members'",
                        unknown.getMessage());
                assertEquals("branch", branch.one("select node_type from pgq_node.node_info"));
                assertEquals("f", root.one("select dead::text from pgq_node.node_location where node_name = 'root'")
                        .substring(0, 1));

                // the root's server dies in the middle of the load
                System.setProperty("ot.epg.no-cleanup", "true");
                try {
                    pg.close();
                } finally {
                    System.clearProperty("ot.epg.no-cleanup");
                }
                writing.set(false);
                writer.close();
                assertTrue(written.get() > 100, "writes before the failure: " + written.get());

                Failover.Result r = new Failover(admin(branch, "branch")).deadRoot("root", List.of());
                assertEquals("branch", r.newRoot());
                assertEquals(Set.of("leaf"), r.moved().keySet());
                assertEquals("root", branch.one("select node_type from pgq_node.node_info"));
                assertEquals("branch", leaf.one("select provider_node from pgq_node.local_state where consumer_name "
                        + "= 'leaf'"));
                assertEquals("t", leaf.one("select dead::text from pgq_node.node_location where node_name = 'root'")
                        .substring(0, 1));
                long seqFloor = r.sequences().get("public.data_id_seq");
                assertTrue(seqFloor >= branch.count("select max(id) from data")
                        && seqFloor >= leaf.count("select max(id) from data"), "sequence past every id seen");

                // the application moves to the new root
                try (Connection w = branch.connect(); Statement st = w.createStatement()) {
                    for (int i = 0; i < 300; i++) {
                        st.execute("insert into data (val, origin) values (" + i + ", 'new')");
                    }
                    st.execute("update data set val = -val where origin = 'new' and val % 10 = 0");
                }
                String newRows = "select id, val, origin from data where origin = 'new' order by id";
                Cascade.await("new writes on the leaf", Duration.ofSeconds(60), () ->
                        leaf.rows(newRows).equals(branch.rows(newRows)));
                assertEquals(300, branch.rows(newRows).size());
                // every row of the new root is on the leaf as it is there (the leaf may hold more old rows)
                Set<String> rootRows = new HashSet<>(branch.rows("select id, val, origin from data order by id"));
                Set<String> leafRows = new HashSet<>(leaf.rows("select id, val, origin from data order by id"));
                assertTrue(leafRows.containsAll(rootRows), "the leaf holds every row of the new root");

                // the old root comes back, its worker and ticker still running as a crashed host's would
                pg = PgServers.start(major, Map.of(), dir.resolve("data"), port);
                Set<String> oldRows = new HashSet<>(root.rows("select id, val, origin from data order by id"));
                for (String row : leafRows) {
                    assertTrue(oldRows.contains(row) || rootRows.contains(row), "leaf row written nowhere: " + row);
                }
                long lostRows = root.count("select count(*) from data");
                lostRows -= oldRows.stream().filter(rootRows::contains).count();

                Path dump = dir.resolve("lost.json");
                Files.writeString(dump, "[]");
                var exists = assertThrows(AdminException.class, () -> new Resurrect(admin(root, "root")).run(dump));
                assertTrue(exists.getMessage().startsWith("resurrect: " + dump + " exists already"),
                        exists.getMessage());
                Files.delete(dump);
                var onBranch = assertThrows(AdminException.class, () -> new Resurrect(admin(leaf, "leaf")).run(dump));
                assertEquals("resurrect: this node leaf is a leaf; resurrect runs on an old root that takeover "
                        + "--dead-root replaced; nothing changed", onBranch.getMessage());
                assertEquals("root", root.one("select node_type from pgq_node.node_info"));

                Resurrect.Result res = new Resurrect(admin(root, "root")).run(dump);
                assertEquals(r.failoverTick(), res.failoverTick());
                String json = Files.readString(dump);
                long dataEvents = json.lines().filter(l -> l.contains("\"ev_extra1\": \"public.data\"")).count();
                assertEquals(lostRows, dataEvents, "the lost events are the writes the survivors never got:\n"
                        + json);
                assertTrue(res.lostEvents() >= dataEvents);
                assertEquals("branch", root.one("select node_type from pgq_node.node_info"));
                assertEquals("branch|t", root.one("select provider_node || '|' || paused::text from "
                        + "pgq_node.local_state where consumer_name = 'root'").substring(0, 8));
                assertEquals(List.of("root"), branch.rows("select node_name from pgq_node.get_subscriber_info('" + Q
                        + "') where node_name = 'root'"));
                assertEquals("0", branch.one("select count(*) from pgq.get_consumer_info('" + Q + "') where "
                        + "consumer_name = 'root.gravestone'"));

                // the DBA resyncs the old root's table and resumes its worker: it follows the new root
                root.exec("select * from londiste.local_set_table_state('" + Q + "', 'public.data', null, null)",
                        "select * from pgq_node.set_consumer_paused('" + Q + "', 'root', false)");
                try (Connection w = branch.connect(); Statement st = w.createStatement()) {
                    st.execute("insert into data (val, origin) select g, 'after' from generate_series(1, 50) g");
                }
                Cascade.await("the old root resynced", Duration.ofSeconds(90), () -> "ok".equals(root.one(
                        "select merge_state from londiste.table_info where table_name = 'public.data'")));
                ReplayScenarios.awaitCaughtUp(branch, root, "root");
                ReplayScenarios.awaitCaughtUp(branch, leaf, "leaf");
                assertEquals(branch.rows("select id, val, origin from data order by id"),
                        root.rows("select id, val, origin from data order by id"), "old root equal to the new");
            }
        } finally {
            pg.close();
        }
    }
}
