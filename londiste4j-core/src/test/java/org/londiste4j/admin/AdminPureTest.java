package org.londiste4j.admin;

import org.junit.jupiter.api.Test;
import org.londiste4j.node.NodeType;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin classes' pure parts: trigger args and attrs, snapshots, problem lines, the status tree. */
class AdminPureTest {

    @Test
    void addTableOptionsBecomeTriggerArgsAndAttrsAsTheOriginal() {
        var o = new AddTableOptions();
        assertEquals(List.of(), o.triggerArguments());
        assertNull(o.tableAttrs());
        o.triggerArgs = List.of("backup", "ignore=a");
        o.triggerFlags = "IUD";
        o.noTriggers = true;
        o.expectSync = true;
        o.skipTruncate = true; // dropped: expect_sync copies nothing
        o.copyNode = "n1";
        o.maxParallelCopy = 3;
        o.handler = "londiste";
        o.handlerArgs = List.of("a=1 2", "flag");
        assertEquals(List.of("backup", "ignore=a", "tgflags=IUD", "no_triggers", "expect_sync"), o.triggerArguments());
        assertEquals("handler=londiste%28a%3D1%2B2%26flag%3D%29&copy_node=n1&max_parallel_copy=3", o.tableAttrs());
        o.findCopyNode = true;
        o.expectSync = false;
        assertEquals("handler=londiste%28a%3D1%2B2%26flag%3D%29&copy_node=%3F&skip_truncate=1&max_parallel_copy=3",
                o.tableAttrs());
        assertEquals(Map.of("handler", "londiste(a=1+2&flag=)", "copy_node", "?", "skip_truncate", "1",
                "max_parallel_copy", "3"), TableAdmin.decode(o.tableAttrs()));
        assertThrows(AdminException.class, () -> AddTableOptions.handlerString("x(y)", List.of()));
        var bulk = assertThrows(AdminException.class, () -> AddTableOptions.handlerString("bulk", List.of()));
        assertEquals("handler bulk: not built into londiste4j (known: londiste); Python handler modules cannot be "
                + "loaded", bulk.getMessage());
    }

    @Test
    void structureDifferencesColumnByColumn() {
        var p = new java.util.LinkedHashMap<String, String>();
        p.put("id", "integer");
        p.put("v", "text");
        p.put("w", "numeric(10,2)");
        var h = new java.util.LinkedHashMap<String, String>();
        h.put("id", "integer");
        h.put("w", "numeric");
        h.put("x", "date");
        assertEquals(List.of("column v: missing here (its values are not replicated)",
                "column w: numeric(10,2) on the provider, numeric here", "column x: only here"),
                StructureCheck.diff(p, h));
        assertEquals(List.of(), StructureCheck.diff(p, p));
        assertEquals(List.of("no such table here"), StructureCheck.diff(p, Map.of()));
    }

    @Test
    void snapshotVisibilityAsTxidVisibleInSnapshot() {
        assertTrue(NodeAdmin.visible("100:105:101,103", 99));
        assertTrue(NodeAdmin.visible("100:105:101,103", 102));
        assertFalse(NodeAdmin.visible("100:105:101,103", 101));
        assertFalse(NodeAdmin.visible("100:105:", 105));
        assertTrue(NodeAdmin.visible("100:105:", 104));
    }

    @Test
    void problemsAreOneLinePerKindNamingEveryObject() {
        var p = new Problems("add-table");
        p.add("no primary key", "public.b", "add one");
        p.add("no such table", "public.x", "check");
        p.add("no primary key", "public.a", "add one");
        assertEquals(List.of("add-table: no primary key: public.a, public.b; add one",
                "add-table: no such table: public.x; check"), p.lines());
    }

    static StatusReport.Member member(String name, NodeType type, String provider, String worker, long tick,
            Double now, Map<String, Double> consumers, Map<String, String> errors) {
        return new StatusReport.Member(name, type, provider, worker, tick, false, true, Map.of(),
                new int[] {4, 0, 0}, now, now == null ? null : 0.4, consumers, errors, null);
    }

    @Test
    void statusTreeAsTheOriginalPrintsIt() {
        var root = member("master", NodeType.ROOT, "master", "master", 35, 1000.0,
                Map.of("slave", 998.0, "branch1", 999.5), Map.of());
        var branch = member("branch1", NodeType.BRANCH, "master", "branch1", 35, 999.0, Map.of("leaf2", 990.0),
                Map.of());
        var slave = member("slave", NodeType.LEAF, "master", "slave", 34, null, Map.of(),
                Map.of("slave", "relation \"t\" does not exist"));
        var leaf2 = member("leaf2", NodeType.LEAF, "branch1", "leaf2", 30, null, Map.of(), Map.of());
        var dead = new StatusReport.Member("gone", null, null, null, null, false, true, Map.of(), null, null, null,
                Map.of(), Map.of(), "connection refused");
        var r = new StatusReport.Report("myappq", "slave", List.of(root, branch, slave, leaf2, dead));
        assertEquals("""
                Queue: myappq   Local node: slave

                master (root)
                  |                           Tables: 4/0/0
                  |                           Lag: 0s, Tick: 35
                  +--: slave (leaf)
                  |                           Tables: 4/0/0
                  |                           Lag: 2s, Tick: 34
                  |                           ERR: slave: relation "t" does not exist
                  +--: branch1 (branch)
                     |                        Tables: 4/0/0
                     |                        Lag: 0s, Tick: 35
                     +--: leaf2 (leaf)
                                              Tables: 4/0/0
                                              Lag: 10s, Tick: 30
                gone (unknown)
                                              ERR: connection refused
                """, StatusReport.render(r, false));
        String compact = StatusReport.render(r, true);
        assertTrue(compact.contains("\n   slave (leaf)"), compact);
        assertEquals("1d1h1m1s", StatusReport.interval(90061.7));
    }
}
