package org.londiste4j.apply;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link Collapse} against a model of the original's one-by-one apply: for random event sequences on few keys and
 * every starting table, applying the net changes gives the same table, or the sequence is refused when the
 * one-by-one apply would fail.
 */
class CollapseTest {
    private static final List<String> COLS = List.of("id", "v", "w");

    /** Runs maps through {@link Collapse} (as arrays over id, v, w) and back; null when refused. */
    private static List<Collapse.Net> plan(List<Character> ops, List<Map<String, String>> rows) {
        Collapse c = new Collapse(new int[]{0}, COLS.size());
        for (int i = 0; i < ops.size(); i++) {
            String[] a = new String[COLS.size()];
            rows.get(i).forEach((k, v) -> a[COLS.indexOf(k)] = v == null ? Collapse.NULL : v);
            if (!c.add(ops.get(i), a)) {
                return null;
            }
        }
        return c.nets();
    }

    private static Map<String, String> map(String[] row) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < row.length; i++) {
            if (row[i] != null) {
                m.put(COLS.get(i), row[i] == Collapse.NULL ? null : row[i]);
            }
        }
        return m;
    }

    @Test
    void foldsEachKeyToItsNetChange() {
        List<Character> ops = List.of('U', 'I', 'U', 'D', 'D', 'I', 'U', 'I', 'U', 'D');
        List<Map<String, String>> rows = List.of(r("1", "a"), r("2", "b"), r("2", "c"), r("3", null), r("4", null),
                r("4", "d"), r("5", "e"), r("6", "x"), r("6", null), r("6", null));
        // 6: I, U(v=null) then D: known absent at the end, but the INSERT needs it absent at the start
        List<Collapse.Net> plan = plan(ops, rows);
        assertEquals(List.of(Collapse.UPDATE, Collapse.INSERT, Collapse.DELETE, Collapse.REPLACE, Collapse.UPDATE,
                Collapse.ABSENT), plan.stream().map(Collapse.Net::op).toList());
        assertEquals(r("2", "c"), map(plan.get(1).row()));
        assertEquals(r("4", "d"), map(plan.get(3).row()));
    }

    @Test
    void refusesAnInsertOfARowKnownToExistAndNullKeys() {
        assertNull(plan(List.of('I', 'I'), List.of(r("1", "a"), r("1", "b"))));
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put("id", null);
        assertNull(plan(List.of('U'), List.of(nullKey)));
    }

    @Test
    void randomSequencesMatchTheOneByOneModel() {
        Random rnd = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            Map<String, Map<String, String>> start = new HashMap<>();
            for (int k = 1; k <= 3; k++) {
                if (rnd.nextBoolean()) {
                    start.put(String.valueOf(k), full(String.valueOf(k), "s" + k, "t" + k));
                }
            }
            List<Character> ops = new ArrayList<>();
            List<Map<String, String>> rows = new ArrayList<>();
            int n = 1 + rnd.nextInt(8);
            for (int i = 0; i < n; i++) {
                String k = String.valueOf(1 + rnd.nextInt(3));
                char op = "IUD".charAt(rnd.nextInt(3));
                Map<String, String> row = new LinkedHashMap<>();
                row.put("id", k);
                if (op != 'D') {
                    if (op == 'I' || rnd.nextBoolean()) {
                        row.put("v", rnd.nextInt(4) == 0 ? null : "v" + i);
                    }
                    if (rnd.nextBoolean()) {
                        row.put("w", "w" + i);
                    }
                }
                ops.add(op);
                rows.add(row);
            }
            Map<String, Map<String, String>> oneByOne = oneByOne(start, ops, rows);
            List<Collapse.Net> plan = plan(ops, rows);
            if (plan == null) {
                assertNull(oneByOne, "refused only where one by one fails: " + ops + rows);
                continue;
            }
            Map<String, Map<String, String>> setWise = setWise(start, plan);
            assertEquals(oneByOne, setWise, "start " + start + " ops " + ops + " rows " + rows + " plan " + plan);
        }
    }

    /** The original: each event by itself; null when an INSERT meets an existing row (the apply fails). */
    private static Map<String, Map<String, String>> oneByOne(Map<String, Map<String, String>> start,
                                                             List<Character> ops, List<Map<String, String>> rows) {
        Map<String, Map<String, String>> t = copy(start);
        for (int i = 0; i < ops.size(); i++) {
            Map<String, String> row = rows.get(i);
            String k = row.get("id");
            switch (ops.get(i)) {
                case 'I' -> {
                    if (t.containsKey(k)) {
                        return null;
                    }
                    Map<String, String> n = full(k, "default", "default");
                    n.putAll(row);
                    t.put(k, n);
                }
                case 'U' -> {
                    if (t.containsKey(k)) {
                        t.get(k).putAll(row);
                    }
                }
                default -> t.remove(k);
            }
        }
        return t;
    }

    /** What the applier does with a plan: checks, then deletes, updates, inserts. */
    private static Map<String, Map<String, String>> setWise(Map<String, Map<String, String>> start,
                                                            List<Collapse.Net> plan) {
        Map<String, Map<String, String>> t = copy(start);
        for (Collapse.Net n : plan) {
            if (n.op() == Collapse.ABSENT && t.containsKey(map(n.row()).get("id"))) {
                return null;
            }
        }
        for (Collapse.Net n : plan) {
            if (n.op() == Collapse.DELETE || n.op() == Collapse.REPLACE) {
                t.remove(map(n.row()).get("id"));
            }
        }
        for (Collapse.Net n : plan) {
            String k = map(n.row()).get("id");
            if (n.op() == Collapse.UPDATE && t.containsKey(k)) {
                t.get(k).putAll(map(n.row()));
            }
        }
        for (Collapse.Net n : plan) {
            if (n.op() == Collapse.INSERT || n.op() == Collapse.REPLACE) {
                String k = map(n.row()).get("id");
                if (t.containsKey(k)) {
                    return null;
                }
                Map<String, String> r = full(k, "default", "default");
                r.putAll(map(n.row()));
                t.put(k, r);
            }
        }
        return t;
    }

    private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> m) {
        Map<String, Map<String, String>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, new HashMap<>(v)));
        return out;
    }

    private static Map<String, String> full(String id, String v, String w) {
        Map<String, String> m = new HashMap<>();
        m.put("id", id);
        m.put("v", v);
        m.put("w", w);
        return m;
    }

    private static Map<String, String> r(String id, String v) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("v", v);
        return m;
    }
}
