package org.londiste4j.londiste;

/**
 * One row of {@code londiste.get_table_list(queue)}: a table of the queue's set as this node knows it.
 * {@code local} says whether this node replays it; {@code mergeState} is the raw copy state ({@link #state()}
 * parses it); {@code destTable} is the local name when it differs from {@code tableName} (the set's name, which
 * events carry).
 */
public record TableInfo(String tableName, boolean local, String mergeState, String customSnapshot,
                        String tableAttrs, String droppedDdl, String copyRole, int copyPos, String destTable) {
    /** The parsed copy state. */
    public TableState state() {
        return TableState.parse(mergeState);
    }

    /** The local table the events are applied to: {@code destTable}, else {@code tableName}. */
    public String localName() {
        return destTable != null ? destTable : tableName;
    }
}
