package org.londiste4j.londiste;

/**
 * One row of {@code londiste.local_show_missing(queue)}: a table ({@code objKind} "r") or sequence ("S") that
 * could be added (on the root: not replicated yet; elsewhere: in the set but not local).
 */
public record MissingObject(String objKind, String objName) {
    public boolean isTable() {
        return "r".equals(objKind);
    }

    public boolean isSequence() {
        return "S".equals(objKind);
    }
}
