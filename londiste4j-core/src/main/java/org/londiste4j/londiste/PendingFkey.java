package org.londiste4j.londiste;

/**
 * A foreign key as {@code londiste.pending_fkeys} keeps it (dropped for a copy) or
 * {@code londiste.find_table_fkeys} lists it: the tables it joins, its name, and the statement that creates it.
 */
public record PendingFkey(String fromTable, String toTable, String fkeyName, String fkeyDef) {
}
