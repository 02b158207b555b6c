package org.londiste4j.worker;

/**
 * A table's place in the initial-copy protocol ({@code londiste.table_info.merge_state}, reference 1.6), with its
 * wire name and the thread allowed to move a table <em>into</em> it.
 *
 * <p>Stand-in for the {@code TableState} of helper "sqllondiste": same wire names.
 */
enum CopyState {
    /** NULL: added locally, copy not started. Set by: admin (add-table, resync). */
    MISSING(null),
    /** Bulk COPY running. Set by: main thread, when it launches the copy. */
    IN_COPY("in-copy"),
    /** COPY committed; the copy thread replays the table's later events. Set by: copy thread. */
    CATCHING_UP("catching-up"),
    /** The copy thread caught up to tick N and asks to hand over. Set by: copy thread. */
    WANNA_SYNC("wanna-sync"),
    /** The main thread stopped at tick N; the copy thread finishes exactly up to it. Set by: main thread. */
    DO_SYNC("do-sync"),
    /** The main thread applies the table's events. Set by: copy thread (hand-over) or admin (--expect-sync). */
    OK("ok");

    private final String wire;

    CopyState(String wire) {
        this.wire = wire;
    }

    /** True for the states in which a copy thread owns the table. */
    boolean copying() {
        return this == IN_COPY || this == CATCHING_UP || this == WANNA_SYNC || this == DO_SYNC;
    }

    /** A parsed {@code merge_state}: the state and, for {@code wanna-sync:N} / {@code do-sync:N}, the tick. */
    record Parsed(CopyState state, long tick) {
        String render() {
            return state.render(tick);
        }
    }

    static Parsed parse(String mergeState) {
        if (mergeState == null) {
            return new Parsed(MISSING, 0);
        }
        // "?" is what a table of a merge set shows before its state is known: the original treats it as ok
        if (mergeState.equals("ok") || mergeState.equals("?")) {
            return new Parsed(OK, 0);
        }
        if (mergeState.equals("in-copy")) {
            return new Parsed(IN_COPY, 0);
        }
        if (mergeState.equals("catching-up")) {
            return new Parsed(CATCHING_UP, 0);
        }
        int colon = mergeState.indexOf(':');
        if (colon > 0) {
            String name = mergeState.substring(0, colon);
            try {
                long tick = Long.parseLong(mergeState.substring(colon + 1));
                if (name.equals("wanna-sync")) {
                    return new Parsed(WANNA_SYNC, tick);
                }
                if (name.equals("do-sync")) {
                    return new Parsed(DO_SYNC, tick);
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new ReplayException("table state " + mergeState + ": unknown merge_state; expected in-copy,"
                + " catching-up, wanna-sync:N, do-sync:N or ok");
    }

    String render(long tick) {
        return switch (this) {
            case MISSING -> null;
            case WANNA_SYNC, DO_SYNC -> wire + ":" + tick;
            default -> wire;
        };
    }
}
