package org.londiste4j.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.L4jException;
import org.londiste4j.admin.ExecuteScript;
import org.londiste4j.admin.ExecuteScript.Outcome;
import org.londiste4j.admin.ExecuteScript.Result;
import org.londiste4j.admin.ExecuteScript.Script;
import org.londiste4j.testkit.PgServers;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code execute} on the root, replayed on a leaf by a running worker at its queue position: run once per file
 * name, skipped where its {@code Local-Table} header names a table the node does not replay, {@code @table@}
 * rewritten to the local name, refused on a leaf and for a bad header with nothing changed.
 */
class ExecuteReplayIT {
    static Stream<Arguments> pairs() {
        String newest = PgServers.newest();
        List<Arguments> out = new ArrayList<>();
        for (String v : PgServers.versions()) {
            if (!v.equals(newest)) {
                out.add(Arguments.of(v, newest));
                out.add(Arguments.of(newest, v));
            }
        }
        if (out.isEmpty()) {
            out.add(Arguments.of(newest, newest));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "root {0} -> leaf {1}")
    @MethodSource("pairs")
    void executeReplaysOnLeaf(String rootMajor, String leafMajor) throws Exception {
        scenario(NodeDb.ours(rootMajor, "xroot"), NodeDb.ours(leafMajor, "xleaf"));
    }

    @Test
    void executeOnOriginalExtensions() throws Exception {
        scenario(NodeDb.original("xroot"), NodeDb.original("xleaf"));
    }

    static void scenario(NodeDb root, NodeDb leaf) throws Exception {
        root.exec("create table data (id int primary key, v text)", "create table other (id int primary key)");
        leaf.exec("create table data (id int primary key, v text)");
        try (Cascade c = new Cascade()) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.data");
            c.addRootTable(root, "public.other");
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            c.addTable(leaf, "public.data", true);
            c.ticker(root);
            c.worker("leaf", Cascade.settings(leaf, "leaf"));

            try (Connection rc = root.connect()) {
                ExecuteScript ex = new ExecuteScript(rc, Cascade.QUEUE);
                List<Result> r = ex.run(List.of(
                        new Script("add_col.sql", "alter table data add column extra int;\n"),
                        new Script("other.sql", "--*-- Local-Table: other\n\nalter table @other@ add column z int;"),
                        new Script("marker.sql", "create table marker (i int);")));
                assertEquals(List.of(new Result("add_col.sql", Outcome.EXECUTED),
                        new Result("other.sql", Outcome.EXECUTED), new Result("marker.sql", Outcome.EXECUTED)), r);
                assertEquals("1", root.one("select count(*) from information_schema.columns"
                        + " where table_name = 'other' and column_name = 'z'"));

                Cascade.await("marker.sql replayed on the leaf", Duration.ofSeconds(60),
                        () -> "1".equals(leaf.one("select count(*) from pg_tables where tablename = 'marker'")));
                assertEquals("1", leaf.one("select count(*) from information_schema.columns"
                        + " where table_name = 'data' and column_name = 'extra'"));
                assertEquals("0", leaf.one("select count(*) from pg_tables where tablename = 'other'"));
                assertEquals("3", leaf.one("select count(*) from londiste.applied_execute"
                        + " where execute_file in ('add_col.sql', 'other.sql', 'marker.sql')"));
                assertEquals("local-table=other", leaf.one("select execute_attrs from londiste.applied_execute"
                        + " where execute_file = 'other.sql'"));

                // the same name again: skipped on the root, nothing queued or run
                assertEquals(List.of(new Result("add_col.sql", Outcome.ALREADY_APPLIED)),
                        ex.run(List.of(new Script("add_col.sql", "alter table data add column extra2 int;"))));
                assertEquals("0", root.one("select count(*) from information_schema.columns"
                        + " where column_name = 'extra2'"));

                // a bad header: one line, nothing recorded
                L4jException bad = assertThrows(L4jException.class, () -> ex.run(List.of(
                        new Script("bad.sql", "--*-- Local-Tabel: data\ncreate table bad (i int);"))));
                assertFalse(bad.getMessage().contains("\n"), bad.getMessage());
                assertEquals("0", root.one("select count(*) from londiste.applied_execute"
                        + " where execute_file = 'bad.sql'"));

                // a failing statement rolls its file back, named in one line
                L4jException failing = assertThrows(L4jException.class, () -> ex.run(List.of(
                        new Script("broken.sql", "create table half (i int); alter table nosuch add x int;"))));
                assertTrue(failing.getMessage().startsWith("execute: broken.sql: "), failing.getMessage());
                assertEquals("0", root.one("select count(*) from pg_tables where tablename = 'half'"));
            }

            // refused on the leaf: nothing changes there
            String before = leaf.one("select count(*) from londiste.applied_execute");
            try (Connection lc = leaf.connect()) {
                L4jException e = assertThrows(L4jException.class, () -> new ExecuteScript(lc, Cascade.QUEUE)
                        .run(List.of(new Script("leaf.sql", "create table leafonly (i int);"))));
                assertTrue(e.getMessage().contains("Node is not root"), e.getMessage());
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
            assertEquals(before, leaf.one("select count(*) from londiste.applied_execute"));
            assertEquals("0", leaf.one("select count(*) from pg_tables where tablename = 'leafonly'"));
        }
    }
}
