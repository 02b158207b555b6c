package org.londiste4j.cli.londiste;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.cli.ExitCodes;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code londiste3 CONFIG takeover OLD --dead-root} and {@code londiste3 CONFIG resurrect} as a DBA runs them:
 * a root on a server of the test's own with a branch and a leaf (on the other major) made by create-*, five rows
 * written on the root that no tick carried yet (nor the root's add-table and location events); the root's server
 * stops, the branch takes over and says what it did, status shows the new tree; the root's server comes back and
 * resurrect writes the lost events to the file it names and makes the old root a paused branch. Each refusal on
 * the way is one line with exit code 1 (2 for a usage error) and changes nothing.
 */
class FailoverCommandsIT {
    @TempDir
    Path dir;

    static List<String> versions() {
        return PgServers.versions();
    }

    private Londiste3.Node node(String major, String name) {
        TestDb db = TestDb.create(major, name);
        return Londiste3.node(dir, name, "q", db.connstr(), db.jdbcUrl());
    }

    private static void oneLine(Londiste3.Run r, int code, String err) {
        assertEquals(code, r.code(), r.toString());
        assertEquals(err + "\n", r.err(), r.toString());
    }

    @ParameterizedTest(name = "root and leaf on PostgreSQL {0}")
    @MethodSource("versions")
    void takeoverDeadRootThenResurrect(String major) throws Exception {
        String other = PgServers.oldest().equals(major) ? PgServers.newest() : PgServers.oldest();
        Path data = Files.createTempDirectory("londiste4j-focli-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = PgServers.start(major, Map.of(), data.resolve("data"), port);
        try {
            TestDb rootDb = TestDb.create(pg, major, "clroot");
            var root = Londiste3.node(dir, "root", "q", rootDb.connstr(), rootDb.jdbcUrl());
            var branch = node(other, "b1");
            var leaf = node(major, "leaf");
            for (var n : List.of(root, branch, leaf)) {
                n.sql("create table public.t1 (id int primary key, v text)");
            }
            assertEquals(0, root.run("create-root", "root", root.connstr()).code());
            // the leaf first, so the branch learns of it from the root (no worker carries the news here)
            assertEquals(0, leaf.run("create-leaf", "leaf", leaf.connstr(), "--provider=" + root.connstr()).code());
            assertEquals(0, branch.run("create-branch", "b1", branch.connstr(), "--provider=" + root.connstr())
                    .code());
            assertEquals(0, root.run("add-table", "t1").code());
            var added = branch.run("add-table", "t1");
            assertEquals(0, added.code(), added.toString());
            root.sql("insert into public.t1 select g, 'v' || g from generate_series(1, 5) g");

            oneLine(leaf.run("takeover", "root", "--dead-root"), ExitCodes.FAILURE, "londiste3: takeover --dead-root:"
                    + " node root answers and is the root; take it over without --dead-root (a switchover loses "
                    + "nothing), or stop it first");
            oneLine(branch.run("takeover", "root", "--dead-root"), ExitCodes.FAILURE, "londiste3: takeover "
                    + "--dead-root: node root answers and is the root; take it over without --dead-root (a switchover "
                    + "loses nothing), or stop it first");
            oneLine(branch.run("takeover", "root", "--dead-root", "--dead-branch"), ExitCodes.USAGE, "londiste3: "
                    + "takeover: give one of --dead-root and --dead-branch, not both (see 'londiste3 takeover "
                    + "--help')");
            oneLine(root.run("resurrect", "--dump-file=" + dir.resolve("none.json")), ExitCodes.FAILURE,
                    "londiste3: resurrect: no other node is the root; this node was not replaced (resume its worker "
                            + "instead), or the new root cannot be reached; nothing changed");
            assertEquals(List.of("root"), root.column("select node_type from pgq_node.node_info"));
            assertEquals(List.of("branch"), branch.column("select node_type from pgq_node.node_info"));

            System.setProperty("ot.epg.no-cleanup", "true");
            try {
                pg.close();
            } finally {
                System.clearProperty("ot.epg.no-cleanup");
            }
            var t = branch.run("takeover", "root", "--dead-root");
            assertEquals(0, t.code(), t.toString());
            assertTrue(t.out().matches("(?s)takeover: b1 is the root now, in place of the dead root \\(from tick \\d+; "
                    + "gravestone root.gravestone left for resurrect\\)\ntakeover: leaf now reads from b1 from tick "
                    + "\\d+\ntakeover: WARNING: table public.t1 was not in sync here \\(state none, copy not "
                    + "started\\): the new root holds its rows only in part; fill it from a copy you trust, or "
                    + "remove-table and add-table it again\ntakeover: WARNING: no ticker ticks queue q on b1 \\(no new "
                    + "tick in 3 s\\): start pgqd for this database, or no new write leaves it\n"), t.out());
            var st = leaf.run("status");
            assertEquals(0, st.code(), st.toString());
            assertTrue(st.out().contains("b1 (root)"), st.out());
            assertTrue(st.out().contains("+--: leaf (leaf)"), st.out());
            assertTrue(branch.run("members").out().matches("(?s).*\nroot +true .*"), branch.run("members").out());

            pg = PgServers.start(major, Map.of(), data.resolve("data"), port);
            Path dump = dir.resolve("lost.json");
            var r = root.run("resurrect", "--dump-file=" + dump);
            assertEquals(0, r.code(), r.toString());
            List<String> lines = r.out().lines().toList();
            assertEquals(3, lines.size(), r.out());
            assertTrue(lines.get(0).matches("resurrect: \\d+ events never left node root \\(ticks \\d+\\.\\.\\d+\\): "
                    + "written to " + java.util.regex.Pattern.quote(dump.toString()) + " and removed from its queue"),
                    lines.get(0));
            assertTrue(lines.get(1).matches("resurrect: root is now a branch reading from b1 from tick \\d+; its "
                    + "worker is PAUSED"), lines.get(1));
            assertTrue(lines.get(2).startsWith("resurrect: check before resuming: its tables may hold rows"),
                    lines.get(2));
            String json = Files.readString(dump);
            assertEquals(5, json.lines().filter(l -> l.contains("\"ev_extra1\": \"public.t1\"")).count(), json);
            assertTrue(json.startsWith("[\n{\"ev_id\": ") && json.endsWith("}\n]\n"), json);
            assertEquals(List.of("branch"), root.column("select node_type from pgq_node.node_info"));
            assertTrue(branch.run("members").out().matches("(?s).*\nroot +false .*"), branch.run("members").out());

            oneLine(root.run("resurrect", "--dump-file=" + dump), ExitCodes.FAILURE, "londiste3: resurrect: " + dump
                    + " exists already (events of an earlier resurrect?); move it away or name another file with "
                    + "--dump-file; nothing changed");
            oneLine(root.run("resurrect", "--dump-file=" + dir.resolve("again.json")), ExitCodes.FAILURE,
                    "londiste3: resurrect: this node root is a branch; resurrect runs on an old root that takeover "
                            + "--dead-root replaced; nothing changed");
            var st2 = branch.run("status");
            assertTrue(st2.out().contains("+--: root (branch)"), st2.out());
        } finally {
            pg.close();
        }
    }

    /**
     * The walkthrough's layout fails over as the reference's example says: {@code londiste3 slave.ini takeover master
     * --dead-root} on the leaf once the root's server is gone; the leaf is the root, its table takes writes again
     * (its deny trigger replaced by a capture trigger: the write is an event of its queue).
     */
    @ParameterizedTest(name = "master on PostgreSQL {0}, slave on the other")
    @MethodSource("versions")
    void leafTakesOverDeadRoot(String major) throws Exception {
        String other = PgServers.oldest().equals(major) ? PgServers.newest() : PgServers.oldest();
        Path data = Files.createTempDirectory("londiste4j-focli-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = PgServers.start(major, Map.of(), data.resolve("data"), port);
        try {
            TestDb masterDb = TestDb.create(pg, major, "clmaster");
            var master = Londiste3.node(dir, "master", "q", masterDb.connstr(), masterDb.jdbcUrl());
            var slave = node(other, "slave");
            for (var n : List.of(master, slave)) {
                n.sql("create table public.t1 (id int primary key, v text)");
            }
            assertEquals(0, master.run("create-root", "master", master.connstr()).code());
            assertEquals(0, slave.run("create-leaf", "slave", slave.connstr(), "--provider=" + master.connstr())
                    .code());
            assertEquals(0, master.run("add-table", "t1").code());
            assertEquals(0, slave.run("add-table", "t1").code());
            pg.close();

            var t = slave.run("takeover", "master", "--dead-root");
            assertEquals(0, t.code(), t.toString());
            assertTrue(t.out().matches("(?s)takeover: slave is the root now, in place of the dead master \\(from tick "
                    + "\\d+; gravestone master.gravestone left for resurrect\\)\n.*"), t.out());
            assertEquals(List.of("root"), slave.column("select node_type from pgq_node.node_info"));
            slave.sql("insert into public.t1 values (1, 'on the new root')");
            assertEquals(List.of("1"), slave.column("select count(*) from pgq.event_template where ev_extra1 = "
                    + "'public.t1'"));
            var st = slave.run("status");
            assertTrue(st.out().contains("slave (root)"), st.out());
        } finally {
            pg.close();
        }
    }
}
