package org.londiste4j.node;

import java.util.Locale;

/**
 * The role of a node in a cascade, as {@code pgq_node.node_info.node_type} stores it.
 *
 * <p>A {@link #ROOT} is where events are written and ticked; a {@link #BRANCH} keeps a copy of the queue with the
 * root's tick ids so that nodes below it can read from it; a {@link #LEAF} only applies events and has no queue
 * of its own (a merge-leaf writes into a combined queue of another node in its database).
 */
public enum NodeType {
    ROOT, BRANCH, LEAF;

    /** The name the SQL API uses: {@code root}, {@code branch}, {@code leaf}. */
    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type named {@code name} as the SQL API writes it; null for null (a node that is not there).
     *
     * @throws NodeException for any other name
     */
    public static NodeType fromSql(String name) {
        if (name == null) {
            return null;
        }
        for (NodeType t : values()) {
            if (t.sqlName().equals(name)) {
                return t;
            }
        }
        throw new NodeException("node type " + name + ": unknown; expected root, branch or leaf");
    }

    /** Whether the node keeps a local copy of the queue that others can subscribe to. */
    public boolean hasQueue() {
        return this != LEAF;
    }

    @Override
    public String toString() {
        return sqlName();
    }
}
