package org.londiste4j.admin;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Table and sequence arguments as the original reads them: public. prepended, globs, --all. */
class NamesTest {
    static final List<String> CANDIDATES = List.of("public.pgbench_accounts", "public.pgbench_branches",
            "public.orders", "app.orders", "app.order_lines", "public.t1", "public.t12");

    @Test
    void bareNamesGetPublic() {
        assertEquals("public.orders", Names.fq("orders"));
        assertEquals("app.orders", Names.fq("app.orders"));
        var s = Names.resolve(List.of("orders", "app.orders"), false, CANDIDATES, Set.of());
        assertEquals(List.of("public.orders", "app.orders"), s.selected());
    }

    @Test
    void globsMatchQualifiedNamesWithPublicPrepended() {
        assertEquals(List.of("public.pgbench_accounts", "public.pgbench_branches"),
                Names.resolve(List.of("pgbench_*"), false, CANDIDATES, Set.of()).selected());
        assertEquals(List.of("app.orders", "app.order_lines"),
                Names.resolve(List.of("app.*"), false, CANDIDATES, Set.of()).selected());
        assertEquals(List.of("public.t1"), Names.resolve(List.of("t?"), false, CANDIDATES, Set.of()).selected());
        assertEquals(List.of("public.orders", "app.orders"),
                Names.resolve(List.of("*.orders"), false, CANDIDATES, Set.of()).selected());
        // without a dot a glob is in public, as the original's: app?orders does not reach app.orders
        assertEquals(List.of(), Names.resolve(List.of("app?orders"), false, CANDIDATES, Set.of()).selected());
        // a dot is literal, not "any character"
        assertFalse(Names.globPattern("public.t1").matcher("publicXt1").matches());
        assertEquals(List.of(), Names.resolve(List.of("nomatch*"), false, CANDIDATES, Set.of()).selected());
    }

    @Test
    void allTakesEveryCandidateOnceWithArgsToo() {
        var s = Names.resolve(List.of("orders"), true, CANDIDATES, Set.of());
        assertEquals(CANDIDATES, s.selected());
    }

    @Test
    void unknownAndAlreadyDoneNamesAreReportedNotSelected() {
        var s = Names.resolve(List.of("orders", "nosuch", "done1", "x.y", "orders"), false, CANDIDATES,
                Set.of("public.done1"));
        assertEquals(List.of("public.orders"), s.selected());
        assertEquals(List.of("public.done1"), s.already());
        assertEquals(List.of("public.nosuch", "x.y"), s.unknown());
    }
}
