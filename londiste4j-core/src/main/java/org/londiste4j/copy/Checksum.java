package org.londiste4j.copy;

/**
 * One side of {@code compare}: a table's row count and its order-independent checksum, equal on two servers of any
 * majors and session settings when their rows are equal.
 *
 * @param rows     {@code count(*)}
 * @param checksum decimal text of the checksum, or null when only the rows were counted
 */
public record Checksum(long rows, String checksum) {
    /** {@code rows: 1000, checksum: 123...}, or {@code rows: 1000} for a count only. */
    @Override
    public String toString() {
        return checksum == null ? "rows: " + rows : "rows: " + rows + ", checksum: " + checksum;
    }
}
