package org.londiste4j.copy;

/**
 * Receives the running totals of a copy, for {@code status} and the terminal (SPEC 5: rows, bytes, rate). Called
 * on the copying thread after the first 256 rows, then about once a second, and once at the end; it must return
 * quickly. An exception thrown here stops the copy (both COPY streams cancelled) and reaches the caller, who rolls
 * the subscriber's transaction back: how a stopping worker abandons a copy.
 */
@FunctionalInterface
public interface CopyProgress {
    /** Ignores every update. */
    CopyProgress NONE = (table, rows, bytes) -> { };

    void update(String table, long rows, long bytes);

    /**
     * Every row is in ({@code rows} and {@code bytes} final); the destination's indexes are rebuilt and the table
     * analyzed next, which can take a while with no update. The same rules as {@link #update} apply.
     */
    default void rebuilding(String table, long rows, long bytes) {
    }
}
