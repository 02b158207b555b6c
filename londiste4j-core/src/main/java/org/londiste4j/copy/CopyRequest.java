package org.londiste4j.copy;

import java.util.Objects;

/**
 * What one initial copy does: read {@code sourceTable} on the provider, write {@code destTable} on the subscriber
 * (londiste's {@code --dest-table}; usually the same name).
 *
 * @param sourceTable  provider table, {@code schema.name} as londiste stores it (a bare name is in {@code public})
 * @param destTable    subscriber table, same form
 * @param skipTruncate keep the destination's rows ({@code --skip-truncate}); the copy then only appends
 * @param condition    a WHERE expression on the provider's rows (a handler's filter), or null for every row
 */
public record CopyRequest(String sourceTable, String destTable, boolean skipTruncate, String condition) {
    public CopyRequest {
        Objects.requireNonNull(sourceTable, "sourceTable");
        Objects.requireNonNull(destTable, "destTable");
    }

    /** The usual case: the same table name on both sides, truncated first, every row. */
    public static CopyRequest of(String table) {
        return new CopyRequest(table, table, false, null);
    }
}
