package org.londiste4j.schema;

/**
 * What a database holds of one schema (pgq, pgq_node or londiste) before londiste4j touches it.
 *
 * @param kind     how it got there
 * @param revision londiste4j's schema revision when {@code kind} is {@link Kind#LONDISTE4J}, else 0
 * @param version  what {@code <schema>.version()} says, or null when the schema is absent
 */
public record InstalledSchema(Kind kind, int revision, String version) {

    public enum Kind {
        /** nothing there yet */
        ABSENT,
        /** installed by londiste4j (any revision) */
        LONDISTE4J,
        /** the original Skytools extension ({@code CREATE EXTENSION}): used as it is, never overwritten */
        ORIGINAL_EXTENSION,
        /** the original's plain SQL install (e.g. pgq_pl_only.sql): used as it is, never overwritten */
        ORIGINAL_PLAIN
    }

    public boolean isOriginal() {
        return kind == Kind.ORIGINAL_EXTENSION || kind == Kind.ORIGINAL_PLAIN;
    }
}
