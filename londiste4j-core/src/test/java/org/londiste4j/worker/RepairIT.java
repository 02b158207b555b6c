package org.londiste4j.worker;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.L4jException;
import org.londiste4j.admin.Repair;
import org.londiste4j.admin.RepairJob;
import org.londiste4j.testkit.PgServers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code repair} between a root and a leaf with a running worker: a row inserted, one deleted and one changed on
 * the leaf behind replication's back are found (and nothing else, although the root keeps writing: both sides are
 * read at the same tick), written as fix.TABLE.sql, applied with --apply, after which the tables are equal.
 */
class RepairIT {
    static final String DDL = "create table data (id int primary key, v text, f float8, ts timestamptz,"
            + " tags text[]); create table \"Mixed Case\" (a text, b int, primary key (b, a))";
    static final String ROWS = "insert into data select i, 'v' || i, i / 3.0, '2024-01-01'::timestamptz"
            + " + i * interval '1 hour', array['x', 'é' || i] from generate_series(1, 300) i;"
            + " insert into \"Mixed Case\" select 'k' || i, i % 7 from generate_series(1, 50) i";

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> pairs() {
        return ExecuteReplayIT.pairs();
    }

    @ParameterizedTest(name = "root {0} -> leaf {1}")
    @MethodSource("pairs")
    void repairFindsAndFixes(String rootMajor, String leafMajor, @TempDir Path dir) throws Exception {
        scenario(NodeDb.ours(rootMajor, "rroot"), NodeDb.ours(leafMajor, "rleaf"), dir);
    }

    @Test
    void repairOnOriginalExtensions(@TempDir Path dir) throws Exception {
        scenario(NodeDb.original("rroot"), NodeDb.original("rleaf"), dir);
    }

    static void scenario(NodeDb root, NodeDb leaf, Path dir) throws Exception {
        root.exec(DDL, ROWS, "set timezone = 'America/New_York'");
        leaf.exec(DDL, ROWS);
        try (Cascade c = new Cascade()) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.data");
            c.addRootTable(root, "public.Mixed Case");
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            c.addTable(leaf, "public.data", true);
            c.addTable(leaf, "public.Mixed Case", true);
            c.ticker(root);
            c.worker("leaf", Cascade.settings(leaf, "leaf"));
            leaf.exec("set session_replication_role = replica;"
                    + " insert into data values (1000, 'extra', null, null, null);"
                    + " delete from data where id = 2;"
                    + " update data set v = 'changed', f = f + 1e-12 where id = 3;"
                    + " update \"Mixed Case\" set a = a where b = 1");
            // written on the root just now: the sync must wait for the worker, not report them
            root.exec("insert into data values (2000, 'late', 1.5, now(), '{}')", "delete from data where id = 10");

            RepairJob job = new RepairJob(Cascade.QUEUE, Duration.ofSeconds(60), conn(root), conn(leaf));
            List<Repair.Stats> s = job.run(List.of(), new RepairJob.Options(false, false, null, dir));
            assertEquals(2, s.size());
            Repair.Stats data = s.get(0);
            assertEquals(List.of(1L, 1L, 1L), List.of(data.inserts(), data.updates(), data.deletes()), data.toString());
            assertEquals(0, s.get(1).fixes(), s.get(1).toString());
            List<String> fix = Files.readAllLines(dir.resolve("fix.public.data.sql"));
            assertEquals(3, fix.size(), fix.toString());
            // key order is the text order of the key ('1000' < '2')
            assertEquals("delete from only public.data where id = '1000';", fix.get(0));
            assertTrue(fix.get(1).startsWith("insert into public.data (id, v, f, ts, tags) values ('2', 'v2', "),
                    fix.get(1));
            assertTrue(fix.get(2).startsWith("update only public.data set v = 'v3', f = "), fix.get(2));
            assertFalse(Files.exists(dir.resolve("fix.public.Mixed Case.sql")));

            // --repair-where narrows both sides
            s = job.run(List.of("data"), new RepairJob.Options(false, false, "id < 3", dir));
            assertEquals(1, s.get(0).fixes(), s.toString());

            s = job.run(List.of("data"), new RepairJob.Options(true, false, null, dir));
            assertEquals(3, s.get(0).fixes());
            s = job.run(List.of(), new RepairJob.Options(false, false, null, dir));
            assertEquals(0, s.get(0).fixes() + s.get(1).fixes(), s.toString());
            assertEquals(root.rows("select id, v, float8send(f), ts, tags from data order by id"),
                    leaf.rows("select id, v, float8send(f), ts, tags from data order by id"));

            L4jException e = assertThrows(L4jException.class, () -> job.run(List.of("nosuch"),
                    new RepairJob.Options(false, false, null, dir)));
            assertEquals("repair: cannot repair nosuch (not replicated here)", e.getMessage());
        }
    }

    /** Against a branch provider: its worker is paused instead of locking, and resumed after. */
    @Test
    void repairAgainstABranch(@TempDir Path dir) throws Exception {
        String v = PgServers.newest();
        NodeDb root = NodeDb.ours(v, "rbroot");
        NodeDb branch = NodeDb.ours(v, "rbbranch");
        NodeDb leaf = NodeDb.ours(PgServers.oldest(), "rbleaf");
        for (NodeDb n : List.of(root, branch, leaf)) {
            n.exec(DDL, ROWS);
        }
        try (Cascade c = new Cascade()) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.data");
            c.createNode(branch, "branch", "branch", root, "root", List.of());
            c.createNode(leaf, "leaf", "leaf", branch, "branch", List.of());
            c.addTable(branch, "public.data", true);
            c.addTable(leaf, "public.data", true);
            c.ticker(root);
            c.worker("root", Cascade.settings(root, "root"));
            c.worker("branch", Cascade.settings(branch, "branch"));
            c.worker("leaf", Cascade.settings(leaf, "leaf"));
            root.exec("insert into data values (2000, 'late', 1.5, now(), '{}')");
            Cascade.await("the root's row on the leaf", Duration.ofSeconds(60),
                    () -> leaf.count("select count(*) from data where id = 2000") == 1);
            leaf.exec("set session_replication_role = replica; update data set v = 'changed' where id = 7");

            RepairJob job = new RepairJob(Cascade.QUEUE, Duration.ofSeconds(60), conn(branch), conn(leaf));
            List<Repair.Stats> s = job.run(List.of("data"), new RepairJob.Options(true, false, null, dir));
            assertEquals(List.of(0L, 1L, 0L), List.of(s.get(0).inserts(), s.get(0).updates(), s.get(0).deletes()),
                    s.toString());
            assertEquals("v7", leaf.one("select v from data where id = 7"));
            assertEquals("f", branch.one("select paused::text from pgq_node.get_consumer_info('" + Cascade.QUEUE
                    + "') where consumer_name = 'branch'").substring(0, 1), "the branch's worker is resumed");
            root.exec("insert into data values (2001, 'after', 1.5, now(), '{}')");
            Cascade.await("replay goes on after the repair", Duration.ofSeconds(60),
                    () -> leaf.count("select count(*) from data where id = 2001") == 1);
        }
    }

    static java.util.function.Supplier<Connection> conn(NodeDb db) {
        return () -> {
            try {
                Connection c = db.connect();
                c.setAutoCommit(false);
                return c;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
