package org.londiste4j.worker;

import org.junit.jupiter.api.Test;
import org.londiste4j.londiste.TableState.Phase;
import org.londiste4j.londiste.TableInfo;
import org.londiste4j.node.NodeType;
import org.londiste4j.pgq.Event;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker's pure decisions: node roles, table states, snapshot visibility, event kinds, name globs. */
class WorkerDecisionsTest {

    @Test
    void nodeRoles() {
        NodeRole root = NodeRole.of(NodeType.ROOT, null);
        assertTrue(root.isRoot());
        assertTrue(root.publishGlobalWm());
        assertFalse(root.processBatch());
        assertFalse(root.publishLocalWm());

        NodeRole branch = NodeRole.of(NodeType.BRANCH, null);
        assertTrue(branch.processBatch() && branch.processEvents() && branch.copyEvents() && branch.createTick());
        assertTrue(branch.processGlobalWm() && branch.processTickEvent() && branch.publishLocalWm());
        assertFalse(branch.publishGlobalWm());

        NodeRole leaf = NodeRole.of(NodeType.LEAF, null);
        assertTrue(leaf.processBatch() && leaf.processEvents() && leaf.publishLocalWm());
        assertFalse(leaf.copyEvents() || leaf.createTick() || leaf.processGlobalWm() || leaf.processTickEvent());

        assertThrows(ReplayException.class, () -> NodeRole.of(NodeType.BRANCH, NodeType.ROOT));
        assertFalse(leaf.forwardEvents() || leaf.sendTickEvent() || leaf.waitBehind());
        assertFalse(branch.forwardEvents() || branch.sendTickEvent() || branch.waitBehind());

        NodeRole mergeOnRoot = NodeRole.of(NodeType.LEAF, NodeType.ROOT);
        assertTrue(mergeOnRoot.processBatch() && mergeOnRoot.processEvents() && mergeOnRoot.forwardEvents()
                && mergeOnRoot.sendTickEvent() && mergeOnRoot.publishLocalWm());
        assertFalse(mergeOnRoot.copyEvents() || mergeOnRoot.createTick() || mergeOnRoot.waitBehind()
                || mergeOnRoot.processTickEvent() || mergeOnRoot.processGlobalWm());
        NodeRole mergeOnBranch = NodeRole.of(NodeType.LEAF, NodeType.BRANCH);
        assertTrue(mergeOnBranch.processBatch() && mergeOnBranch.waitBehind() && mergeOnBranch.publishLocalWm());
        assertFalse(mergeOnBranch.processEvents() || mergeOnBranch.forwardEvents() || mergeOnBranch.sendTickEvent()
                || mergeOnBranch.copyEvents() || mergeOnBranch.createTick());
        assertThrows(ReplayException.class, () -> NodeRole.of(NodeType.LEAF, NodeType.LEAF));
        assertThrows(ReplayException.class, () -> NodeRole.of(NodeType.ROOT, NodeType.ROOT));
        assertThrows(ReplayException.class, () -> NodeRole.of(null, NodeType.ROOT));
        assertThrows(ReplayException.class, () -> NodeRole.of(null, null));
    }

    @Test
    void mergedCopyWaits() {
        TableInfo lead = new TableInfo("public.t", true, "in-copy", null, null, null, "lead", 0, null);
        assertEquals(null, MergedCopy.waitReason(lead));
        TableInfo waiting = new TableInfo("public.t", true, "in-copy", null, null, null, "wait-copy", 1, null);
        assertTrue(MergedCopy.waitReason(waiting).contains("lead"));
        TableInfo third = new TableInfo("public.t", true, "in-copy", null, "max_parallel_copy=2", null, "wait-replay",
                2, null);
        assertTrue(MergedCopy.waitReason(third).contains("max_parallel_copy 2"));
        TableInfo second = new TableInfo("public.t", true, "in-copy", null, "max_parallel_copy=2", null,
                "wait-replay", 1, null);
        assertEquals(null, MergedCopy.waitReason(second));
        assertEquals(3, MergedCopy.maxParallelCopy("skip_truncate=1&max_parallel_copy=3"));
        assertEquals(null, MergedCopy.maxParallelCopy("max_parallel_copy=x"));
        assertEquals(null, MergedCopy.maxParallelCopy(null));
    }

    @Test
    void copyStatesOwnedByCopyThreads() {
        for (Phase p : Phase.values()) {
            boolean copying = p != Phase.MISSING && p != Phase.OK;
            assertEquals(copying, TableTracker.copying(p), p.toString());
        }
    }

    @Test
    void snapshotVisibilityIsPostgres() {
        TxidSnapshot s = TxidSnapshot.parse("100:110:102,105");
        assertTrue(s.contains(99));
        assertTrue(s.contains(100));
        assertFalse(s.contains(102));
        assertTrue(s.contains(103));
        assertFalse(s.contains(105));
        assertFalse(s.contains(110));
        assertFalse(s.contains(500));
        assertEquals("100:110:102,105", s.toString());
        assertEquals(s, TxidSnapshot.parse("100:110:105,102"));
        assertTrue(TxidSnapshot.parse("5:5:").contains(4));
        assertFalse(TxidSnapshot.parse("5:5:").contains(5));
        assertThrows(IllegalArgumentException.class, () -> TxidSnapshot.parse("5:5"));
    }

    @Test
    void rowEventsAreTold() {
        for (String t : new String[] {"I", "U", "D", "R", "I:id", "U:a,b", "D:id", "{\"op\":\"INSERT\"}"}) {
            assertTrue(TableTracker.isRowEvent(ev(t)), t);
        }
        for (String t : new String[] {"EXECUTE", "pgq.tick-id", "londiste.add-table", "R:x", "Ix", "", "IUD"}) {
            assertFalse(TableTracker.isRowEvent(ev(t)), t);
        }
    }

    @Test
    void registerGlobs() {
        assertTrue(BatchReplay.matchesAny("public.t1", List.of("t*")));
        assertTrue(BatchReplay.matchesAny("s.t1", List.of("s.*")));
        assertFalse(BatchReplay.matchesAny("s.t1", List.of("t*")));
        assertTrue(BatchReplay.matchesAny("public.a.b", List.of("public.a.b")));
        assertFalse(BatchReplay.matchesAny("public.axb", List.of("public.a.b")));
    }

    @Test
    void copyConsumerName() {
        assertEquals("leaf.copy.public.t", CopyTask.copyConsumer("leaf", "public.t"));
    }

    private static Event ev(String type) {
        return new Event(1, null, 1L, 0, type, "", "public.t", null, null, null);
    }
}
