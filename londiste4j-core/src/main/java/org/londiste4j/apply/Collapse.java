package org.londiste4j.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds one table's events, in order, into one net change per key: what the set-wise path applies instead of
 * the events themselves.
 *
 * <p>Applied one by one (the original), a key's events do: INSERT fails if the row exists, else creates it (the
 * columns it lacks take their defaults); UPDATE changes the columns it names if the row exists, else nothing;
 * DELETE removes the row if it exists. Whether the row existed before the batch is unknown here, but after the
 * key's first INSERT or DELETE it is known, so every sequence folds into one of:
 * <ul>
 *   <li>{@link #UPDATE}: only UPDATEs: the named columns, the last value of each;</li>
 *   <li>{@link #INSERT}: starts with INSERT (so the row must not exist: the INSERT itself checks), ends
 *       present: the final row;</li>
 *   <li>{@link #ABSENT}: starts with INSERT, ends deleted: nothing to write, but the row must not exist
 *       (else the original fails on the INSERT), which the applier checks;</li>
 *   <li>{@link #DELETE}: a DELETE first, ends deleted;</li>
 *   <li>{@link #REPLACE}: a DELETE first, ends present: delete, then insert the final row.</li>
 * </ul>
 * UPDATEs before a key's first INSERT or DELETE are dropped: the INSERT fails if they found a row, the DELETE
 * removes it. A second INSERT while the row is known to exist would fail in order: such a window is not
 * collapsible ({@link #add} says false) and goes the ordered path, which then reports the error as the original.
 *
 * <p>Rows are arrays over the table's columns: null where the event does not name the column, {@link #NULL} (by
 * identity) for an SQL NULL. Only one array per key is kept, so memory grows with the keys, not the events.
 * Invariant: keys are compared by the text the source wrote; the applier makes sure that two texts do not name
 * one row (canonical key types, or a duplicate check on the staged keys).
 */
final class Collapse {
    static final char UPDATE = 'u';
    static final char INSERT = 'i';
    static final char ABSENT = 'a';
    static final char DELETE = 'd';
    static final char REPLACE = 'r';

    /** The SQL NULL in a row array; compared by identity, so no value the source sends can be it. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    static final String NULL = new String("NULL");

    /** The net change of one key: {@code op} one of the constants above, {@code row} key and values to write. */
    record Net(char op, String[] row) {
    }

    private static final class State {
        String[] row;
        char anchor; // 0 until the first INSERT or DELETE, then 'I' or 'D'
        boolean present;
    }

    private final int[] keyIdx;
    private final int width;
    private final Map<String, State> states = new HashMap<>();
    private final List<State> order = new ArrayList<>();

    /** @param keyIdx positions of the key columns in the row arrays; @param width the arrays' length */
    Collapse(int[] keyIdx, int width) {
        this.keyIdx = keyIdx;
        this.width = width;
    }

    /**
     * Folds the next event in. The array becomes this object's (it may be kept as the key's row). False when
     * the window cannot be collapsed: a key value is NULL or missing, or an INSERT meets a row known to exist.
     */
    boolean add(char op, String[] row) {
        StringBuilder kb = new StringBuilder();
        for (int k : keyIdx) {
            String v = row[k];
            if (v == null || v == NULL) {
                return false; // "k = NULL" finds nothing in order; not worth a special case set-wise
            }
            kb.append(v).append('\0'); // no PostgreSQL text holds a NUL
        }
        String key = kb.toString();
        State s = states.get(key);
        if (s == null) {
            s = new State();
            states.put(key, s);
            order.add(s);
        }
        switch (op) {
            case 'U' -> {
                if (s.anchor == 0) {
                    s.row = s.row == null ? row : merge(s.row, row);
                } else if (s.present) {
                    s.row = merge(s.row, row);
                }
            }
            case 'I' -> {
                if (s.anchor == 0) {
                    s.anchor = 'I';
                } else if (s.present) {
                    return false;
                }
                s.present = true;
                s.row = row;
            }
            case 'D' -> {
                if (s.anchor == 0) {
                    s.anchor = 'D';
                }
                s.present = false;
                s.row = keyOnly(row);
            }
            default -> throw new IllegalArgumentException("op " + op);
        }
        return true;
    }

    private String[] keyOnly(String[] row) {
        String[] out = new String[width];
        for (int k : keyIdx) {
            out[k] = row[k];
        }
        return out;
    }

    private static String[] merge(String[] into, String[] row) {
        for (int i = 0; i < row.length; i++) {
            if (row[i] != null) {
                into[i] = row[i];
            }
        }
        return into;
    }

    /** The net changes, in the order of each key's first event. */
    List<Net> nets() {
        List<Net> out = new ArrayList<>(order.size());
        for (State s : order) {
            char op;
            if (s.anchor == 0) {
                op = UPDATE;
            } else if (s.anchor == 'I') {
                op = s.present ? INSERT : ABSENT;
            } else {
                op = s.present ? REPLACE : DELETE;
            }
            out.add(new Net(op, s.row));
        }
        return out;
    }
}
