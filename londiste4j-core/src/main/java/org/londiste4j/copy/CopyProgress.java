package org.londiste4j.copy;

/**
 * Receives the running totals of a copy, for {@code status} and the terminal (SPEC 5: rows, bytes, rate). Called
 * on the copying thread about once a second and once at the end; it must return quickly.
 */
@FunctionalInterface
public interface CopyProgress {
    /** Ignores every update. */
    CopyProgress NONE = (table, rows, bytes) -> { };

    void update(String table, long rows, long bytes);
}
