package org.londiste4j.copy;

/**
 * A sequence as the provider defines it, for {@code add-seq --create} and the sequences that serial and identity
 * columns own. Values are the bigint range every version stores; {@code dataType} is {@code bigint} when read from
 * 9.6 (which has no sequence types).
 *
 * @param ownedByTable  {@code schema.table} of the column that owns it ({@code owned by}), or null
 * @param ownedByColumn that column's name, or null
 */
public record SequenceDefinition(String schema, String name, String dataType, long start, long increment,
                                 long minValue, long maxValue, long cache, boolean cycle, String ownedByTable,
                                 String ownedByColumn) {
    /** {@code public.orders_id_seq}, quoted where needed. */
    public String qualifiedName() {
        return new RelName(schema, name).quoted();
    }
}
