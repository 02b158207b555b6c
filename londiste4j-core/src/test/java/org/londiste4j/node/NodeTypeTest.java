package org.londiste4j.node;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeTypeTest {

    @Test
    void shouldUseTheSqlNames() {
        for (NodeType t : NodeType.values()) {
            assertEquals(t, NodeType.fromSql(t.sqlName()));
            assertEquals(t.sqlName(), t.toString());
        }
        assertEquals("branch", NodeType.BRANCH.sqlName());
        assertNull(NodeType.fromSql(null));
        assertTrue(NodeType.ROOT.hasQueue());
        assertTrue(NodeType.BRANCH.hasQueue());
        assertFalse(NodeType.LEAF.hasQueue());
    }

    @Test
    void shouldRefuseAnUnknownNameInOneLine() {
        NodeException e = assertThrows(NodeException.class, () -> NodeType.fromSql("Root"));
        assertEquals("node type Root: unknown; expected root, branch or leaf", e.getMessage());
    }

    @Test
    void retCodeExceptionShouldSayFunctionCodeAndNote() {
        NodeException e = new NodeException("pgq_node.create_node", 401, "Node already initialized");
        assertEquals("pgq_node.create_node: 401 Node already initialized", e.getMessage());
        assertEquals(401, e.code());
        assertNull(e.sqlState());
        assertFalse(e.isTransient());
    }
}
