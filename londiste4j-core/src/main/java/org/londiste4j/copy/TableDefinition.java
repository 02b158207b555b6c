package org.londiste4j.copy;

import java.util.List;

/**
 * A provider table's definition as {@code add-table --create} / {@code --create-full} rebuild it on the
 * subscriber. Every expression and type was read with {@code search_path = pg_catalog}, so every name in it is
 * schema-qualified and means the same on the subscriber.
 *
 * @param serverVersion   {@code server_version_num} of the provider it was read from
 * @param primaryKey      null when the table has none
 * @param partitionKey    {@code pg_get_partkeydef} text of a partitioned table ({@code RANGE (day)}), else null
 * @param partitions      its partitions, recursively; empty for a plain table
 * @param indexes         indexes that no constraint owns
 * @param constraints     check, unique and exclusion constraints
 * @param foreignKeys     foreign keys, created last and only where the referenced table exists
 * @param ownedSequences  sequences owned by serial columns (identity sequences travel with their column)
 * @param defaultSequences other sequences that column defaults use ({@code default nextval('invoice_no')}): owned
 *                        by no column of this table, they must exist on the subscriber before the table can
 *                        be created
 * @param comment         the table's comment, or null
 */
public record TableDefinition(String schema, String name, int serverVersion, List<Column> columns,
                              Constraint primaryKey, String partitionKey, List<Partition> partitions,
                              List<Index> indexes, List<Constraint> constraints, List<Constraint> foreignKeys,
                              List<SequenceDefinition> ownedSequences, List<SequenceDefinition> defaultSequences,
                              String comment) {

    /**
     * One column.
     *
     * @param collation        qualified collation when it differs from the type's, else null
     * @param defaultExpr      default expression, or null (never set for identity or generated columns)
     * @param identity         {@code a} always, {@code d} by default, 0 for none
     * @param identitySequence the identity's sequence options, or null
     * @param generated        {@code s} stored, {@code v} virtual (18), 0 for none
     * @param generationExpr   the generation expression, or null
     */
    public record Column(String name, String type, String collation, boolean notNull, String defaultExpr,
                         char identity, SequenceDefinition identitySequence, char generated, String generationExpr,
                         String comment) {
    }

    /** A constraint: {@code p}, {@code u}, {@code x}, {@code c} or {@code f} and its {@code pg_get_constraintdef}. */
    public record Constraint(String name, char type, String definition, String referencedTable) {
    }

    /** An index no constraint owns, with the features a destination may lack. */
    public record Index(String name, String definition, boolean include, boolean nullsNotDistinct) {
    }

    /** A partition: its bound ({@code FOR VALUES ...} or {@code DEFAULT}) and, when partitioned again, its own. */
    public record Partition(String schema, String name, String bound, String partitionKey,
                            List<Partition> partitions) {
    }

    public TableDefinition {
        columns = List.copyOf(columns);
        partitions = List.copyOf(partitions);
        indexes = List.copyOf(indexes);
        constraints = List.copyOf(constraints);
        foreignKeys = List.copyOf(foreignKeys);
        ownedSequences = List.copyOf(ownedSequences);
        defaultSequences = List.copyOf(defaultSequences);
    }

    /** {@code public.orders}, quoted where needed. */
    public String qualifiedName() {
        return new RelName(schema, name).quoted();
    }

    public boolean partitioned() {
        return partitionKey != null;
    }
}
