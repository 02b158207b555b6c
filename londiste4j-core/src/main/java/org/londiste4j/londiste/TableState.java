package org.londiste4j.londiste;

import org.londiste4j.L4jException;

/**
 * Where a table's initial copy stands on a node: the {@code merge_state} column of {@code londiste.table_info}
 * ({@code londiste.get_table_list}), parsed. The copy goes MISSING (NULL: not copied yet) → IN_COPY →
 * CATCHING_UP → WANNA_SYNC:N (the copy caught up to tick N and asks replay to take over) → DO_SYNC:N (replay
 * agrees, stopped at tick N) → OK (replay applies the table's events).
 *
 * <p>Invariant: {@link #tick()} is set exactly for WANNA_SYNC and DO_SYNC (the tick the hand-over happens at), and
 * {@code parse(render())} gives back the same state, so a state read from the database is written back unchanged.
 */
public record TableState(Phase phase, Long tick) {
    /** The steps of the copy state machine. */
    public enum Phase {
        MISSING(null), IN_COPY("in-copy"), CATCHING_UP("catching-up"), WANNA_SYNC("wanna-sync"),
        DO_SYNC("do-sync"), OK("ok");

        private final String sql;

        Phase(String sql) {
            this.sql = sql;
        }

        /** The merge_state text (without the tick), null for MISSING. */
        public String sqlName() {
            return sql;
        }

        boolean hasTick() {
            return this == WANNA_SYNC || this == DO_SYNC;
        }
    }

    public static final TableState MISSING = new TableState(Phase.MISSING, null);
    public static final TableState IN_COPY = new TableState(Phase.IN_COPY, null);
    public static final TableState CATCHING_UP = new TableState(Phase.CATCHING_UP, null);
    public static final TableState OK = new TableState(Phase.OK, null);

    public TableState {
        if (phase == null) {
            throw new IllegalArgumentException("table state: phase is null; use TableState.MISSING");
        }
        if (phase.hasTick() != (tick != null)) {
            throw new IllegalArgumentException("table state " + phase + ": "
                    + (tick == null ? "needs a tick" : "takes no tick"));
        }
    }

    /** {@code wanna-sync:<tick>}: the copy caught up to {@code tick} and asks replay to take over. */
    public static TableState wannaSync(long tick) {
        return new TableState(Phase.WANNA_SYNC, tick);
    }

    /** {@code do-sync:<tick>}: replay stopped at {@code tick} for the copy to finish there. */
    public static TableState doSync(long tick) {
        return new TableState(Phase.DO_SYNC, tick);
    }

    /**
     * Parses a {@code merge_state} value (null → MISSING).
     *
     * @throws L4jException for a value no Londiste writes
     */
    public static TableState parse(String mergeState) {
        if (mergeState == null) {
            return MISSING;
        }
        int colon = mergeState.indexOf(':');
        String name = colon < 0 ? mergeState : mergeState.substring(0, colon);
        for (Phase p : Phase.values()) {
            if (p.sql != null && p.sql.equals(name) && p.hasTick() == (colon >= 0)) {
                if (!p.hasTick()) {
                    return new TableState(p, null);
                }
                try {
                    return new TableState(p, Long.parseLong(mergeState.substring(colon + 1)));
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new L4jException("table state '" + mergeState + "': not a Londiste merge_state (expected NULL,"
                + " in-copy, catching-up, wanna-sync:<tick>, do-sync:<tick> or ok); fix londiste.table_info");
    }

    /** The {@code merge_state} value for this state: null for MISSING, {@code wanna-sync:42}, {@code ok}... */
    public String render() {
        return phase.hasTick() ? phase.sql + ":" + tick : phase.sql;
    }

    @Override
    public String toString() {
        return phase == Phase.MISSING ? "missing" : render();
    }
}
