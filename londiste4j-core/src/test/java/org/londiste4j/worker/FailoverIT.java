package org.londiste4j.worker;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.admin.AdminException;
import org.londiste4j.admin.AdminSettings;
import org.londiste4j.admin.CascadeLayout;
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

    /** A server of the test's own, which it stops (fast shutdown: connections cut) and starts again. */
    private static final class OwnServer implements AutoCloseable {
        private final String major;
        private final Path dir;
        private final int port;
        private EmbeddedPostgres pg;
        private boolean running;

        OwnServer(String major) throws Exception {
            this.major = major;
            this.dir = Files.createTempDirectory("londiste4j-failover-");
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            start();
        }

        void start() {
            pg = PgServers.start(major, Map.of(), dir.resolve("data"), port);
            running = true;
        }

        void stop() throws Exception {
            // keep the data directory for the restart (ot.epg.no-cleanup)
            System.setProperty("ot.epg.no-cleanup", "true");
            try {
                pg.close();
            } finally {
                System.clearProperty("ot.epg.no-cleanup");
            }
            running = false;
        }

        @Override
        public void close() throws Exception {
            if (running) {
                pg.close();
            }
        }
    }

    private static final String ROWS = "select id, val, origin from data order by id";

    private static void create(NodeDb db, String name, NodeType type, NodeDb provider) {
        new NodeAdmin(admin(db, name)).create(new NodeAdmin.CreateRequest(type, name, db.connstr(),
                provider == null ? null : provider.connstr(), true, null, null));
    }

    /** The tables on every node; the root's registered, the others' copied by their workers. */
    private static void tables(Cascade c, NodeDb root, List<NodeDb> others) throws Exception {
        root.exec("select * from londiste.local_add_table('" + Q + "', 'public.data')",
                "select * from londiste.local_add_seq('" + Q + "', 'public.data_id_seq')");
        for (NodeDb n : others) {
            c.addTable(n, "public.data", false);
            n.exec("select * from londiste.local_add_seq('" + Q + "', 'public.data_id_seq')");
        }
    }

    /** A writer inserting one row per transaction until its server goes away or it is closed. */
    private static Cascade.Loop writer(NodeDb db, String origin, AtomicLong written) {
        return new Cascade.Loop("writer-" + origin, Duration.ZERO, () -> {
            try (Connection w = db.connect(); Statement st = w.createStatement()) {
                for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                    st.execute("insert into data (val, origin) values (" + i + ", '" + origin + "')");
                    written.incrementAndGet();
                    Thread.sleep(1);
                }
            } catch (java.sql.SQLException e) {
                // the server went away: the application stops writing there
            }
            return null;
        });
    }

    /** The initial copy is not what is tested here: the writer starts once every copy is done. */
    private static void awaitCopied(List<NodeDb> nodes) throws Exception {
        for (NodeDb n : nodes) {
            Cascade.await("data copied to " + n, Duration.ofSeconds(120), () -> "ok".equals(n.one(
                    "select merge_state from londiste.table_info where table_name = 'public.data'")));
        }
    }

    private static long tick(NodeDb db, String consumer) throws Exception {
        String t = db.one("select last_tick_id from pgq_node.local_state where consumer_name = '" + consumer + "'");
        return t == null ? 0 : Long.parseLong(t);
    }

    private static void pause(NodeDb db, String consumer, boolean paused) throws Exception {
        db.exec("select * from pgq_node.set_consumer_paused('" + Q + "', '" + consumer + "', " + paused + ")");
    }

    /**
     * Root (own server) with branches b1 (other major), b2 and a leaf (root's major) under it. b1 is paused so b2
     * is ahead when the root dies: the takeover on b1 is refused, on b2 refused while an unreachable member is not
     * named dead, then done; b1 and the leaf are moved under b2, new writes reach them, and resurrect on the
     * returning old root lists exactly the rows that never left it.
     */
    @ParameterizedTest(name = "root, b2 and leaf on PostgreSQL {0}, b1 on the other")
    @MethodSource("versions")
    void deadRootTakeoverThenResurrect(String major) throws Exception {
        String other = PgServers.oldest().equals(major) ? PgServers.newest() : PgServers.oldest();
        try (OwnServer server = new OwnServer(major); Cascade c = new Cascade().with(Cascade.Parts.project())) {
            NodeDb root = NodeDb.ours(server.pg, major, "foroot");
            NodeDb b1 = NodeDb.ours(other, "fob1");
            NodeDb b2 = NodeDb.ours(major, "fob2");
            NodeDb leaf = NodeDb.ours(major, "foleaf");
            List<NodeDb> all = List.of(root, b1, b2, leaf);
            for (NodeDb n : all) {
                n.exec("create table data (id bigserial primary key, val int, origin text)");
            }
            root.exec("insert into data (val, origin) select g, 'old' from generate_series(1, 500) g");
            create(root, "root", NodeType.ROOT, null);
            create(b1, "b1", NodeType.BRANCH, root);
            create(b2, "b2", NodeType.BRANCH, root);
            create(leaf, "leaf", NodeType.LEAF, root);
            tables(c, root, List.of(b1, b2, leaf));
            for (NodeDb n : all) {
                c.ticker(n); // pgqd on every server: it ticks only the root's queue
            }
            c.worker("root", Cascade.settings(root, "root"));
            c.worker("b1", Cascade.settings(b1, "b1"));
            c.worker("b2", Cascade.settings(b2, "b2"));
            c.worker("leaf", Cascade.settings(leaf, "leaf"));

            awaitCopied(List.of(b1, b2, leaf));
            AtomicLong written = new AtomicLong();
            Cascade.Loop oldWriter = writer(root, "old", written);
            c.closeLater(oldWriter);
            long before = leaf.count("select count(*) from data");
            Cascade.await("replay going", Duration.ofSeconds(60), () -> leaf.count("select count(*) from data")
                    > before + 200 && b2.count("select count(*) from data") > before + 200);

            // refused while the root answers, and on a leaf: one line, nothing changed
            var live = assertThrows(AdminException.class,
                    () -> new Failover(admin(b2, "b2")).deadRoot("root", List.of()));
            assertEquals("takeover --dead-root: node root answers and is the root; take it over without "
                    + "--dead-root (a switchover loses nothing), or stop it first", live.getMessage());
            var onLeaf = assertThrows(AdminException.class,
                    () -> new Failover(admin(leaf, "leaf")).deadRoot("root", List.of()));
            assertEquals("takeover --dead-root: node root answers and is the root; take it over without "
                    + "--dead-root (a switchover loses nothing), or stop it first", onLeaf.getMessage());
            var unknown = assertThrows(AdminException.class,
                    () -> new Failover(admin(b2, "b2")).deadRoot("nosuch", List.of()));
            assertEquals("takeover --dead-root: no such node in the queue: nosuch; see 'members'",
                    unknown.getMessage());

            // b1 falls behind b2; then the root's server dies in the middle of the load
            pause(b1, "b1", true);
            Cascade.await("b2 ahead of b1", Duration.ofSeconds(30), () -> tick(b2, "b2") > tick(b1, "b1") + 1);
            server.stop();
            oldWriter.close();
            long b1At = tick(b1, "b1");
            assertTrue(written.get() > 100, "writes before the failure: " + written.get());

            var behind = assertThrows(AdminException.class,
                    () -> new Failover(admin(b1, "b1")).deadRoot("root", List.of()));
            assertTrue(behind.getMessage().matches("takeover --dead-root: branch b2 has passed tick \\d+ of root, "
                    + "this node only \\d+; run the takeover on b2 instead, so that no event it holds is lost; "
                    + "nothing changed"), behind.getMessage());
            b2.exec("select * from pgq_node.register_location('" + Q + "', 'ghost', 'host=localhost port=1 "
                    + "dbname=ghost user=postgres', false)");
            var ghost = assertThrows(AdminException.class,
                    () -> new Failover(admin(b2, "b2")).deadRoot("root", List.of()));
            assertTrue(ghost.getMessage().startsWith("takeover --dead-root: node ghost cannot be reached ("),
                    ghost.getMessage());
            assertTrue(ghost.getMessage().endsWith("); bring it back, or name it with --dead=ghost; nothing "
                    + "changed"), ghost.getMessage());
            for (NodeDb n : List.of(b1, b2)) {
                assertEquals("branch", n.one("select node_type from pgq_node.node_info"));
                assertEquals("f", n.one("select dead::text from pgq_node.node_location where node_name = 'root'")
                        .substring(0, 1));
            }

            Failover.Result r = new Failover(admin(b2, "b2")).deadRoot("root", List.of("ghost"));
            assertEquals("b2", r.newNode());
            assertEquals(Set.of("b1", "leaf"), r.movedNodes());
            assertEquals(b1At, r.moved().stream().filter(m -> m.node().equals("b1")).findFirst().orElseThrow()
                    .tick(), "b1 moved at the tick it stood on");
            assertEquals("root", b2.one("select node_type from pgq_node.node_info"));
            assertTrue(r.warnings().stream().noneMatch(w -> w.startsWith("no ticker")), r.warnings().toString());
            assertEquals("00:00:00.1", b2.one("select queue_ticker_max_lag::text from pgq.queue"));
            for (NodeDb n : List.of(b1, leaf)) {
                assertEquals("b2", n.one("select provider_node from pgq_node.local_state where consumer_name = '"
                        + (n == b1 ? "b1" : "leaf") + "'"));
                assertEquals("t", n.one("select dead::text from pgq_node.node_location where node_name = 'root'")
                        .substring(0, 1));
            }
            long seqFloor = r.sequences().get("public.data_id_seq");
            for (NodeDb n : List.of(b1, b2, leaf)) {
                assertTrue(seqFloor >= n.count("select max(id) from data"), "sequence past every id on " + n);
            }
            var again = assertThrows(AdminException.class,
                    () -> new Failover(admin(b2, "b2")).deadRoot("b1", List.of()));
            assertEquals("takeover --dead-root: this node b2 is the root already; nothing changed",
                    again.getMessage());
            // run again, it finds nothing left to move
            assertEquals(Set.of(), new Failover(admin(b2, "b2")).deadRoot("root", List.of("ghost")).movedNodes());

            // the application moves to the new root; b1 resumes
            pause(b1, "b1", false);
            try (Connection w = b2.connect(); Statement st = w.createStatement()) {
                for (int i = 0; i < 300; i++) {
                    st.execute("insert into data (val, origin) values (" + i + ", 'new')");
                }
                st.execute("update data set val = -val where origin = 'new' and val % 10 = 0");
            }
            String newRows = "select id, val, origin from data where origin = 'new' order by id";
            assertEquals(300, b2.rows(newRows).size());
            ReplayScenarios.awaitCaughtUp(b2, b1, "b1");
            ReplayScenarios.awaitCaughtUp(b2, leaf, "leaf");
            assertEquals(b2.rows(ROWS), b1.rows(ROWS), "b1 caught up from the new root: equal");
            assertEquals(b2.rows(newRows), leaf.rows(newRows), "new writes on the leaf");
            Set<String> rootRows = new HashSet<>(b2.rows(ROWS));
            Set<String> leafRows = new HashSet<>(leaf.rows(ROWS));
            assertTrue(leafRows.containsAll(rootRows), "the leaf holds every row of the new root");

            // the old root comes back, its worker and ticker still running as a crashed host's would
            server.start();
            Set<String> oldRows = new HashSet<>(root.rows(ROWS));
            for (String row : leafRows) {
                assertTrue(oldRows.contains(row) || rootRows.contains(row), "leaf row written nowhere: " + row);
            }
            long lostRows = oldRows.stream().filter(x -> !rootRows.contains(x)).count();

            Path dump = Files.createTempDirectory("londiste4j-resurrect-").resolve("lost.json");
            Files.writeString(dump, "[]");
            var exists = assertThrows(AdminException.class, () -> new Resurrect(admin(root, "root")).run(dump));
            assertTrue(exists.getMessage().startsWith("resurrect: " + dump + " exists already"), exists.getMessage());
            Files.delete(dump);
            var onLeafR = assertThrows(AdminException.class, () -> new Resurrect(admin(leaf, "leaf")).run(dump));
            assertEquals("resurrect: this node leaf is a leaf; resurrect runs on an old root that takeover "
                    + "--dead-root replaced; nothing changed", onLeafR.getMessage());
            assertEquals("root", root.one("select node_type from pgq_node.node_info"));

            Resurrect.Result res = new Resurrect(admin(root, "root")).run(dump);
            assertEquals(r.failoverTick(), res.failoverTick());
            assertEquals("b2", res.newProvider());
            String json = Files.readString(dump);
            long dataEvents = json.lines().filter(l -> l.contains("\"ev_extra1\": \"public.data\"")).count();
            assertEquals(lostRows, dataEvents, "the lost events are the writes the survivors never got:\n" + json);
            assertTrue(res.lostEvents() >= dataEvents);
            assertEquals("branch", root.one("select node_type from pgq_node.node_info"));
            assertEquals("b2|t", root.one("select provider_node || '|' || paused::text from "
                    + "pgq_node.local_state where consumer_name = 'root'").substring(0, 4));
            assertEquals(List.of("root"), b2.rows("select node_name from pgq_node.get_subscriber_info('" + Q
                    + "') where node_name = 'root'"));
            assertEquals("0", b2.one("select count(*) from pgq.get_consumer_info('" + Q + "') where "
                    + "consumer_name = 'root.gravestone'"));
            assertEquals("f", b2.one("select dead::text from pgq_node.node_location where node_name = 'root'")
                    .substring(0, 1));

            // the DBA resyncs the old root's table and resumes its worker: it follows the new root
            root.exec("select * from londiste.local_set_table_state('" + Q + "', 'public.data', null, null)");
            pause(root, "root", false);
            try (Connection w = b2.connect(); Statement st = w.createStatement()) {
                st.execute("insert into data (val, origin) select g, 'after' from generate_series(1, 50) g");
            }
            Cascade.await("the old root resynced", Duration.ofSeconds(90), () -> "ok".equals(root.one(
                    "select merge_state from londiste.table_info where table_name = 'public.data'")));
            ReplayScenarios.awaitCaughtUp(b2, root, "root");
            ReplayScenarios.awaitCaughtUp(b2, b1, "b1");
            assertEquals(b2.rows(ROWS), root.rows(ROWS), "old root equal to the new");
            assertEquals(b2.rows(ROWS), b1.rows(ROWS), "b1 equal to the new root");
        }
    }

    /**
     * The walkthrough's own layout: a root (own server) and a leaf on the other major, plus a branch b1 (root's
     * major) that falls behind. The root's server dies under a writer; the leaf, the most advanced survivor, takes
     * over: its queue starts at the tick it applied, its deny triggers become capture triggers, b1 moves under it
     * (forward, with a warning: the ticks it missed never reach it), new writes on the leaf reach b1, and resurrect
     * on the returning old root lists exactly the writes that never left it.
     */
    @ParameterizedTest(name = "root and b1 on PostgreSQL {0}, the leaf on the other")
    @MethodSource("versions")
    void leafTakesOverDeadRoot(String major) throws Exception {
        String other = PgServers.oldest().equals(major) ? PgServers.newest() : PgServers.oldest();
        try (OwnServer server = new OwnServer(major); Cascade c = new Cascade().with(Cascade.Parts.project())) {
            NodeDb root = NodeDb.ours(server.pg, major, "flroot");
            NodeDb leaf = NodeDb.ours(other, "flleaf");
            NodeDb b1 = NodeDb.ours(major, "flb1");
            List<NodeDb> all = List.of(root, leaf, b1);
            for (NodeDb n : all) {
                n.exec("create table data (id bigserial primary key, val int, origin text)");
            }
            root.exec("insert into data (val, origin) select g, 'old' from generate_series(1, 300) g");
            create(root, "root", NodeType.ROOT, null);
            create(leaf, "leaf", NodeType.LEAF, root);
            create(b1, "b1", NodeType.BRANCH, root);
            tables(c, root, List.of(leaf, b1));
            for (NodeDb n : all) {
                c.ticker(n);
            }
            c.worker("root", Cascade.settings(root, "root"));
            c.worker("leaf", Cascade.settings(leaf, "leaf"));
            c.worker("b1", Cascade.settings(b1, "b1"));
            awaitCopied(List.of(leaf, b1));
            AtomicLong written = new AtomicLong();
            Cascade.Loop oldWriter = writer(root, "old", written);
            c.closeLater(oldWriter);
            long before = leaf.count("select count(*) from data");
            Cascade.await("replay going", Duration.ofSeconds(60), () -> leaf.count("select count(*) from data")
                    > before + 200);
            pause(b1, "b1", true);
            Cascade.await("leaf ahead of b1", Duration.ofSeconds(30), () -> tick(leaf, "leaf") > tick(b1, "b1") + 1);
            server.stop();
            oldWriter.close();
            long leafAt = tick(leaf, "leaf");
            long b1At = tick(b1, "b1");
            assertTrue(written.get() > 100, "writes before the failure: " + written.get());
            assertThrows(java.sql.SQLException.class, () -> leaf.exec("insert into data (val, origin) values (0, "
                    + "'denied')"), "a leaf's table refuses writes before the takeover");

            Failover.Result r = new Failover(admin(leaf, "leaf")).deadRoot("root", List.of());
            assertEquals("leaf", r.newNode());
            assertEquals(leafAt, r.failoverTick(), "the gravestone stands at the tick the leaf applied");
            assertEquals(List.of(new Failover.Move("b1", "leaf", leafAt)), r.moved());
            assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("branch b1 had applied root only up to tick "
                    + b1At + "; the queue of the new root leaf starts at tick " + leafAt)), r.warnings().toString());
            assertTrue(r.warnings().stream().noneMatch(w -> w.startsWith("no ticker")), r.warnings().toString());
            assertEquals("root", leaf.one("select node_type from pgq_node.node_info"));
            assertEquals(String.valueOf(leafAt), leaf.one("select last_tick from pgq.get_consumer_info('" + Q
                    + "', 'root.gravestone')"));
            assertEquals("leaf", b1.one("select provider_node from pgq_node.local_state where consumer_name = 'b1'"));
            long seqFloor = r.sequences().get("public.data_id_seq");
            for (NodeDb n : List.of(leaf, b1)) {
                assertTrue(seqFloor >= n.count("select max(id) from data"), "sequence past every id on " + n);
            }
            assertEquals(Set.of(), new Failover(admin(leaf, "leaf")).deadRoot("root", List.of()).movedNodes(),
                    "run again: nothing left to move");

            // the application moves to the new root: its writes are captured and reach b1
            pause(b1, "b1", false);
            try (Connection w = leaf.connect(); Statement st = w.createStatement()) {
                for (int i = 0; i < 200; i++) {
                    st.execute("insert into data (val, origin) values (" + i + ", 'new')");
                }
                st.execute("update data set val = -val where origin = 'new' and val % 10 = 0");
                st.execute("delete from data where origin = 'new' and val % 7 = 3");
            }
            String newRows = "select id, val, origin from data where origin = 'new' order by id";
            assertTrue(leaf.count("select min(id) from data where origin = 'new'") > seqFloor);
            ReplayScenarios.awaitCaughtUp(leaf, b1, "b1");
            assertEquals(leaf.rows(newRows), b1.rows(newRows), "new writes on the new root reach b1");
            Set<String> leafRows = new HashSet<>(leaf.rows(ROWS));
            assertTrue(leafRows.containsAll(b1.rows(ROWS)), "b1 holds no row the new root lacks");

            // the old root comes back; resurrect lists the writes that never left it
            server.start();
            Set<String> oldRows = new HashSet<>(root.rows(ROWS));
            for (String row : leafRows) {
                assertTrue(oldRows.contains(row) || row.endsWith("|new"), "new root row written nowhere: " + row);
            }
            long lostRows = oldRows.stream().filter(x -> !leafRows.contains(x)).count();
            Path dump = Files.createTempDirectory("londiste4j-resurrect-").resolve("lost.json");
            Resurrect.Result res = new Resurrect(admin(root, "root")).run(dump);
            assertEquals(leafAt, res.failoverTick());
            assertEquals("leaf", res.newProvider());
            long dataEvents = Files.readString(dump).lines().filter(l -> l.contains("\"ev_extra1\": \"public.data\""))
                    .count();
            assertEquals(lostRows, dataEvents, "the lost events are the writes the new root never got");
            assertEquals("branch", root.one("select node_type from pgq_node.node_info"));

            root.exec("select * from londiste.local_set_table_state('" + Q + "', 'public.data', null, null)");
            pause(root, "root", false);
            try (Connection w = leaf.connect(); Statement st = w.createStatement()) {
                st.execute("insert into data (val, origin) select g, 'after' from generate_series(1, 50) g");
            }
            Cascade.await("the old root resynced", Duration.ofSeconds(90), () -> "ok".equals(root.one(
                    "select merge_state from londiste.table_info where table_name = 'public.data'")));
            ReplayScenarios.awaitCaughtUp(leaf, root, "root");
            assertEquals(leaf.rows(ROWS), root.rows(ROWS), "old root equal to the new");
        }
    }

    /**
     * Root with a branch x (own server) that feeds branch b2 and a leaf; b2 falls behind the leaf, x's server dies
     * while the root keeps writing. The takeover on b2 is refused until b2 has caught up from the root, then the
     * leaf moves under b2, and every node equals the root (nothing is lost when a branch dies).
     */
    @ParameterizedTest(name = "x and b2 on PostgreSQL {0}, root and leaf on the other")
    @MethodSource("versions")
    void deadBranchTakeover(String major) throws Exception {
        String other = PgServers.oldest().equals(major) ? PgServers.newest() : PgServers.oldest();
        try (OwnServer server = new OwnServer(major); Cascade c = new Cascade().with(Cascade.Parts.project())) {
            NodeDb root = NodeDb.ours(other, "fbroot");
            NodeDb x = NodeDb.ours(server.pg, major, "fbx");
            NodeDb b2 = NodeDb.ours(major, "fbb2");
            NodeDb leaf = NodeDb.ours(other, "fbleaf");
            List<NodeDb> all = List.of(root, x, b2, leaf);
            for (NodeDb n : all) {
                n.exec("create table data (id bigserial primary key, val int, origin text)");
            }
            root.exec("insert into data (val, origin) select g, 'old' from generate_series(1, 200) g");
            create(root, "root", NodeType.ROOT, null);
            create(x, "x", NodeType.BRANCH, root);
            create(b2, "b2", NodeType.BRANCH, x);
            create(leaf, "leaf", NodeType.LEAF, x);
            tables(c, root, List.of(x, b2, leaf));
            for (NodeDb n : all) {
                c.ticker(n);
            }
            c.worker("root", Cascade.settings(root, "root"));
            c.worker("x", Cascade.settings(x, "x"));
            c.worker("b2", Cascade.settings(b2, "b2"));
            c.worker("leaf", Cascade.settings(leaf, "leaf"));
            awaitCopied(List.of(x, b2, leaf));
            AtomicLong written = new AtomicLong();
            c.closeLater(writer(root, "old", written));
            pause(b2, "b2", true);
            Cascade.await("leaf ahead of b2", Duration.ofSeconds(30), () -> tick(leaf, "leaf") > tick(b2, "b2") + 1);
            server.stop();

            var onLeaf = assertThrows(AdminException.class,
                    () -> new Failover(admin(leaf, "leaf")).deadBranch("x", List.of()));
            assertEquals("takeover --dead-branch: this node leaf is a leaf, which keeps no queue to feed others; run "
                    + "the takeover on a branch or the root", onLeaf.getMessage());
            var behind = assertThrows(AdminException.class,
                    () -> new Failover(admin(b2, "b2")).deadBranch("x", List.of()));
            assertTrue(behind.getMessage().matches("takeover --dead-branch: leaf leaf has passed tick \\d+, this node "
                    + "only \\d+; let this node catch up first \\(change-provider --provider=root, wait-provider\\) "
                    + "and run again; nothing changed"), behind.getMessage());
            assertEquals("x", b2.one("select provider_node from pgq_node.local_state where consumer_name = 'b2'"));

            // as the refusal says: b2 reads from the root (change-provider) and catches up
            new CascadeLayout(admin(b2, "b2")).changeProvider(null, null, "root");
            assertEquals("root", b2.one("select provider_node from pgq_node.local_state where consumer_name = 'b2'"));
            pause(b2, "b2", false);
            long leafAt = tick(leaf, "leaf");
            Cascade.await("b2 past the leaf", Duration.ofSeconds(60), () -> tick(b2, "b2") >= leafAt);

            Failover.Result r = new Failover(admin(b2, "b2")).deadBranch("x", List.of());
            assertEquals(List.of(new Failover.Move("leaf", "b2", leafAt)), r.moved());
            assertTrue(r.warnings().get(0).startsWith("node x is still subscribed on root"), r.warnings().toString());
            assertEquals("b2", leaf.one("select provider_node from pgq_node.local_state where consumer_name = 'leaf'"));
            assertEquals("t", root.one("select dead::text from pgq_node.node_location where node_name = 'x'")
                    .substring(0, 1));

            long more = written.get();
            Cascade.await("the root still written", Duration.ofSeconds(30), () -> written.get() > more + 100);
            root.exec("update data set val = -val where id % 7 = 0");
            ReplayScenarios.awaitCaughtUp(root, b2, "b2");
            ReplayScenarios.awaitCaughtUp(root, leaf, "leaf");
            // the writer runs on: compare up to what both sides have seen
            long upTo = Long.parseLong(leaf.one("select max(id) from data"));
            String rows = "select id, val, origin from data where id <= " + upTo + " order by id";
            assertEquals(root.rows(rows), b2.rows(rows), "b2 equal to the root");
            assertEquals(root.rows(rows), leaf.rows(rows), "leaf equal to the root");
        }
    }
}
