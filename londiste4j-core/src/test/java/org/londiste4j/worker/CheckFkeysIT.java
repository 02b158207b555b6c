package org.londiste4j.worker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.L4jException;
import org.londiste4j.admin.AdminSettings;
import org.londiste4j.admin.PendingFkeys;
import org.londiste4j.admin.StructureCheck;
import org.londiste4j.londiste.LondisteApi;

import java.sql.Connection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check} lists how a leaf's tables differ from the root's (type, not null, a column on one side only,
 * primary key); {@code fkeys} lists a foreign key parked in {@code londiste.pending_fkeys}, says whether it can
 * be restored, and restores it.
 */
class CheckFkeysIT {
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> pairs() {
        return ExecuteReplayIT.pairs();
    }

    @ParameterizedTest(name = "root {0} -> leaf {1}")
    @MethodSource("pairs")
    void checkListsDifferences(String rootMajor, String leafMajor) throws Exception {
        NodeDb root = NodeDb.ours(rootMajor, "croot");
        NodeDb leaf = NodeDb.ours(leafMajor, "cleaf");
        root.exec("create table same (id int primary key, v varchar(10) not null, n numeric(10,2))",
                "create table diff (id int primary key, amount int, note text, k int not null)");
        leaf.exec("create table same (id int primary key, v varchar(10) not null, n numeric(10,2))",
                "create table diff (id bigint, amount numeric, k int, extra int not null, primary key (id, extra))");
        try (Cascade c = new Cascade()) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.same");
            c.addRootTable(root, "public.diff");
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            c.addTable(leaf, "public.same", true);
            c.addTable(leaf, "public.diff", true);
            var settings = new AdminSettings("leaf", Cascade.QUEUE, "leaf", leaf.connstr(), "", List.of(),
                    List.of(), List.of(), List.of());
            StructureCheck check = new StructureCheck(settings);
            assertEquals(List.of(new StructureCheck.Result("public.same", List.of())), check.run(List.of("same")));
            assertEquals(List.of(new StructureCheck.Result("public.same", List.of()),
                    new StructureCheck.Result("public.diff", List.of(
                            "column id: integer on the provider, bigint here",
                            "column amount: integer on the provider, numeric here",
                            "column note: missing here (its values are not replicated)",
                            "column extra: only here",
                            "column k: not null on the provider, nullable here",
                            "primary key (id) on the provider, (id, extra) here"))), check.run(List.of()));
            L4jException e = assertThrows(L4jException.class, () -> check.run(List.of("nosuch", "same")));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().contains("public.nosuch"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "root {0} -> leaf {1}")
    @MethodSource("pairs")
    void fkeysListsAndRestoresParkedKeys(String rootMajor, String leafMajor) throws Exception {
        NodeDb root = NodeDb.ours(rootMajor, "froot");
        NodeDb leaf = NodeDb.ours(leafMajor, "fleaf");
        String ddl = "create table parent (id int primary key);"
                + " create table child (id int primary key, pid int constraint child_pid_fkey references parent);"
                + " create table other (id int primary key, pid int constraint other_pid_fkey references parent)";
        root.exec(ddl);
        leaf.exec(ddl, "insert into parent values (1), (2)", "insert into child values (1, 1)");
        try (Cascade c = new Cascade()) {
            c.createRoot(root, "root");
            for (String t : List.of("public.parent", "public.child", "public.other")) {
                c.addRootTable(root, t);
            }
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            c.addTable(leaf, "public.parent", true);
            c.addTable(leaf, "public.child", true);
            c.addTable(leaf, "public.other", false);
            try (Connection l = leaf.connect()) {
                LondisteApi api = new LondisteApi(l);
                assertEquals(1, api.dropTableFkey("public.child", "child_pid_fkey"));
                assertEquals(1, api.dropTableFkey("public.other", "other_pid_fkey"));
                PendingFkeys f = new PendingFkeys(l, Cascade.QUEUE);
                List<PendingFkeys.Parked> parked = f.list();
                assertEquals(2, parked.size(), parked.toString());
                var child = parked.stream().filter(k -> k.key().fkeyName().equals("child_pid_fkey")).findFirst()
                        .orElseThrow();
                assertEquals("public.parent", child.key().toTable());
                assertTrue(child.key().fkeyDef().contains("REFERENCES"), child.key().fkeyDef());
                assertTrue(child.restorable());
                assertTrue(parked.stream().anyMatch(k -> k.key().fkeyName().equals("other_pid_fkey")
                        && !k.restorable()), parked.toString());
                List<PendingFkeys.Restored> r = f.restoreValid();
                assertEquals(1, r.size());
                assertNull(r.get(0).error());
                assertEquals(List.of("other_pid_fkey"), f.list().stream().map(k -> k.key().fkeyName()).toList());
            }
            assertEquals("1", leaf.one("select count(*) from pg_constraint where conname = 'child_pid_fkey'"));
            assertEquals("0", leaf.one("select count(*) from pg_constraint where conname = 'other_pid_fkey'"));
        }
    }
}
