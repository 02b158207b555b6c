package org.londiste4j.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 *   <li>{@link Net#UPDATE}: only UPDATEs: the named columns, the last value of each;</li>
 *   <li>{@link Net#INSERT}: starts with INSERT (so the row must not exist: the INSERT itself checks), ends
 *       present: the final row;</li>
 *   <li>{@link Net#ABSENT}: starts with INSERT, ends deleted: nothing to write, but the row must not exist
 *       (else the original fails on the INSERT), which the applier checks;</li>
 *   <li>{@link Net#DELETE}: a DELETE first, ends deleted;</li>
 *   <li>{@link Net#REPLACE}: a DELETE first, ends present: delete, then insert the final row.</li>
 * </ul>
 * UPDATEs before a key's first INSERT or DELETE are dropped: the INSERT fails if they found a row, the DELETE
 * removes it. A second INSERT while the row is known to exist would fail in order: such a window is
 * {@linkplain #plan not collapsible} and goes the ordered path, which then reports the error as the original.
 *
 * <p>Invariant: keys are compared by the text the source wrote; the applier makes sure that two texts do not
 * name one row (canonical key types, or a duplicate check on the staged keys).
 */
final class Collapse {
    static final char UPDATE = 'u';
    static final char INSERT = 'i';
    static final char ABSENT = 'a';
    static final char DELETE = 'd';
    static final char REPLACE = 'r';

    /** The net change of one key: {@code op} one of the constants above, {@code row} key + values to write. */
    record Net(char op, Map<String, String> row) {
    }

    private static final class State {
        Map<String, String> row;
        char anchor; // 0 until the first INSERT or DELETE, then 'I' or 'D'
        boolean present;
    }

    private Collapse() {
    }

    /**
     * The net changes of {@code rows} (decoded, in event order, each with the key columns {@code pkey}), in the
     * order of each key's first event; null when the window cannot be collapsed (a key value is NULL or missing,
     * or an INSERT meets a row known to exist).
     */
    static List<Net> plan(List<String> pkey, List<Character> ops, List<Map<String, String>> rows) {
        Map<List<String>, State> states = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            List<String> key = new ArrayList<>(pkey.size());
            for (String k : pkey) {
                String v = row.get(k);
                if (v == null) {
                    return null; // "k = NULL" finds nothing in order; not worth a special case set-wise
                }
                key.add(v);
            }
            State s = states.computeIfAbsent(key, x -> new State());
            switch (ops.get(i)) {
                case 'U' -> {
                    if (s.anchor == 0) {
                        if (s.row == null) {
                            s.row = new LinkedHashMap<>(row);
                        } else {
                            s.row.putAll(row);
                        }
                    } else if (s.present) {
                        s.row.putAll(row);
                    }
                }
                case 'I' -> {
                    if (s.anchor == 0) {
                        s.anchor = 'I';
                    } else if (s.present) {
                        return null;
                    }
                    s.present = true;
                    s.row = new LinkedHashMap<>(row);
                }
                case 'D' -> {
                    if (s.anchor == 0) {
                        s.anchor = 'D';
                    }
                    s.present = false;
                    s.row = null;
                }
                default -> throw new IllegalArgumentException("op " + ops.get(i));
            }
        }
        List<Net> out = new ArrayList<>(states.size());
        for (Map.Entry<List<String>, State> e : states.entrySet()) {
            State s = e.getValue();
            Map<String, String> keyRow = s.row;
            if (keyRow == null) {
                keyRow = new LinkedHashMap<>();
                for (int j = 0; j < pkey.size(); j++) {
                    keyRow.put(pkey.get(j), e.getKey().get(j));
                }
            }
            char op;
            if (s.anchor == 0) {
                op = UPDATE;
            } else if (s.anchor == 'I') {
                op = s.present ? INSERT : ABSENT;
            } else {
                op = s.present ? REPLACE : DELETE;
            }
            out.add(new Net(op, keyRow));
        }
        return out;
    }
}
