package org.londiste4j.cli.londiste;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.cli.ExitCodes;
import org.londiste4j.testkit.TestDb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * execute, check, fkeys and repair through {@code londiste3}'s entry point on a root and a leaf made by the
 * commands themselves: execute runs once per file name on the root and is refused on the leaf, the refusals of
 * check and repair are one line each. (Replay on the leaf and repair's fixes are proven in the core module's
 * ExecuteReplayIT and RepairIT, with a running worker.)
 */
class ExtraCommandsIT {
    @TempDir
    Path dir;

    static List<Arguments> pairs() {
        return AdminCommandsIT.pairs();
    }

    private Londiste3.Node node(String major, String name) {
        TestDb db = TestDb.create(major, name);
        return Londiste3.node(dir, name, "q", db.connstr(), db.jdbcUrl());
    }

    @ParameterizedTest(name = "root on {0}, leaf on {1}")
    @MethodSource("pairs")
    void executeCheckFkeysRepairFromTheCommandLine(String rootMajor, String leafMajor) throws Exception {
        var master = node(rootMajor, "xmaster");
        var slave = node(leafMajor, "xslave");
        master.sql("create table public.t1 (id int primary key, v text)");
        slave.sql("create table public.t1 (id int primary key, v text)");
        assertEquals(0, master.run("create-root", "master", master.connstr()).code());
        assertEquals(0, slave.run("create-leaf", "slave", slave.connstr(), "--provider=" + master.connstr()).code());
        assertEquals(0, master.run("add-table", "t1").code());
        var add = slave.run("add-table", "t1", "--expect-sync");
        assertEquals(0, add.code(), add.toString());

        Path sql = dir.resolve("001_col.sql");
        Files.writeString(sql, "--*-- Local-Table: t1\nalter table @t1@ add column c int;\n");
        var ex = master.run("execute", sql.toString());
        assertEquals(0, ex.code(), ex.toString());
        assertEquals("001_col.sql: executed\n", ex.out());
        assertEquals(List.of("c"), master.column("select column_name::text from information_schema.columns"
                + " where table_name = 't1' and column_name = 'c'"));
        var again = master.run("execute", sql.toString());
        assertEquals("001_col.sql: skipped, applied before\n", again.out(), again.toString());

        var onLeaf = slave.run("execute", sql.toString());
        assertEquals(ExitCodes.FAILURE, onLeaf.code(), onLeaf.toString());
        assertEquals(1, onLeaf.err().lines().count(), onLeaf.toString());
        assertTrue(onLeaf.err().contains("Node is not root"), onLeaf.err());

        // the leaf lacks the new column until the worker replays the script: check says so
        var check = slave.run("check");
        assertEquals(ExitCodes.DIFFERENCES, check.code(), check.toString());
        assertEquals("public.t1: column c: missing here (its values are not replicated)\n", check.out());
        var checkRoot = master.run("check");
        assertEquals(ExitCodes.FAILURE, checkRoot.code(), checkRoot.toString());
        assertEquals(1, checkRoot.err().lines().count(), checkRoot.toString());

        var fkeys = slave.run("fkeys");
        assertEquals(0, fkeys.code(), fkeys.toString());
        assertTrue(fkeys.out().startsWith("Pending foreign keys\nfrom_table  to_table  fkey_name  fkey_def\n"),
                fkeys.out());

        // no worker runs on the leaf: repair cannot sync, says so in one line and writes nothing
        var repair = slave.run("repair", "--set", "lock_timeout=1");
        assertEquals(ExitCodes.FAILURE, repair.code(), repair.toString());
        assertEquals(1, repair.err().lines().count(), repair.toString());
        assertTrue(repair.err().contains("did not reach tick"), repair.err());
        var repairRoot = master.run("repair");
        assertEquals(ExitCodes.FAILURE, repairRoot.code(), repairRoot.toString());
        assertTrue(repairRoot.err().contains("is the root: it has no provider"), repairRoot.err());
    }
}
