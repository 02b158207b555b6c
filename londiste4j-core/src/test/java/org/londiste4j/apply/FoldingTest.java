package org.londiste4j.apply;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The background fold gives what folding the window in one go gives: order, the ordered-path verdict, errors. */
class FoldingTest {
    private static final List<String> KEY = List.of("id");
    private final ExecutorService one = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        one.shutdownNow();
    }

    /** "id=N&v=X" events on a two-column table; "boom" as data makes decoding fail. */
    private static final BatchApplier.Planner DECODE = (c, p) -> {
        if (p.data().equals("boom")) {
            throw new ApplyException("event " + p.id() + ": cannot decode");
        }
        String[] kv = p.data().split("&");
        return c.add(p.op(), new String[]{kv[0].substring(3), kv[1].substring(2)});
    };

    private static Pending ev(long id, char op, int key, String v) {
        return new Pending(id, Pending.URLENC, op, KEY, "id=" + key + "&v=" + v);
    }

    private Folding folding() {
        return new Folding(DECODE, one, KEY, new Collapse(new int[]{0}, 2));
    }

    /** Feeds events as the applier does (a chunk handed over whenever one is full), then asks for the plan. */
    private List<Collapse.Net> run(Folding f, List<Pending> all) {
        List<Pending> buf = new ArrayList<>();
        for (Pending p : all) {
            buf.add(p);
            f.submitFull(buf);
        }
        return f.plan(buf);
    }

    @Test
    void manyChunksFoldInEventOrder() {
        List<Pending> evs = new ArrayList<>();
        for (int i = 1; i <= 3 * Folding.CHUNK + 7; i++) {
            evs.add(ev(i, 'I', i % 1000, "a" + i)); // keys 1..999 come again: the second INSERT is not collapsible
        }
        assertNull(run(folding(), evs));

        evs.clear();
        int n = 0;
        for (int round = 0; round < 3; round++) {
            for (int k = 1; k <= Folding.CHUNK; k++) {
                evs.add(ev(++n, round == 0 ? 'I' : 'U', k, "r" + round));
            }
        }
        List<Collapse.Net> nets = run(folding(), evs);
        assertEquals(Folding.CHUNK, nets.size());
        assertEquals("1", nets.get(0).row()[0]);
        assertEquals(Collapse.INSERT, nets.get(0).op());
        assertEquals("r2", nets.get(Folding.CHUNK - 1).row()[1], "the last update of each key wins");
    }

    @Test
    void anotherKeyOrSqlEventSendsTheWindowTheOrderedWay() {
        List<Pending> evs = new ArrayList<>();
        for (int i = 1; i <= Folding.CHUNK + 10; i++) {
            evs.add(ev(i, 'I', i, "x"));
        }
        evs.add(new Pending(9999, Pending.URLENC, 'U', List.of("v"), "id=1&v=y"));
        assertNull(run(folding(), evs));
        evs.set(evs.size() - 1, new Pending(9999, Pending.SQL, 'U', List.of(), "v = 'y' where id = 1"));
        assertNull(run(folding(), evs));
    }

    @Test
    void decodingErrorIsThrownAtThePlanUnlessTheWindowWasAlreadyOrdered() {
        List<Pending> evs = new ArrayList<>();
        for (int i = 1; i <= Folding.CHUNK * 2; i++) {
            evs.add(ev(i, 'I', i, "x"));
        }
        evs.add(new Pending(5000, Pending.URLENC, 'I', KEY, "boom"));
        ApplyException e = assertThrows(ApplyException.class, () -> run(folding(), evs));
        assertEquals("event 5000: cannot decode", e.getMessage());

        // sequential planning stops at the first non-collapsible event and never decodes the bad one
        evs.add(evs.size() - 1, ev(4999, 'I', 1, "again"));
        AtomicInteger planned = new AtomicInteger();
        Folding f = new Folding((c, p) -> {
            planned.incrementAndGet();
            return DECODE.fold(c, p);
        }, one, KEY, new Collapse(new int[]{0}, 2));
        assertNull(run(f, evs));
        assertEquals(Folding.CHUNK * 2 + 1, planned.get());
    }

    @Test
    void aFoldingWithNothingHandedOverPlansTheWholeWindowAtOnce() {
        Folding f = folding();
        List<Pending> evs = List.of(ev(1, 'I', 1, "a"), ev(2, 'U', 1, "b"), ev(3, 'D', 2, "c"));
        List<Collapse.Net> nets = f.plan(evs);
        assertEquals(2, nets.size());
        assertEquals(Collapse.INSERT, nets.get(0).op());
        assertEquals("b", nets.get(0).row()[1]);
        assertEquals(Collapse.DELETE, nets.get(1).op());
    }
}
