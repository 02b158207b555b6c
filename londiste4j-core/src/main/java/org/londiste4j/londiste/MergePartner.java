package org.londiste4j.londiste;

/**
 * One partition's row of a merged table in this database: a local table of a queue that writes into the same
 * combined queue as another and has the same destination ({@code coalesce(dest_table, table_name)}).
 * {@code table} is the table's name in that queue's set, {@code mergeState} its raw copy state (null: not copied
 * yet), {@code droppedDdl} the secondary indexes a merged copy dropped and this row must have rebuilt (null: none).
 */
public record MergePartner(String queue, String table, String mergeState, String droppedDdl) {
}
