package org.londiste4j.londiste;

import org.junit.jupiter.api.Test;
import org.londiste4j.L4jException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableStateTest {

    @Test
    void parsesEveryStateLondisteWrites() {
        assertEquals(TableState.MISSING, TableState.parse(null));
        assertEquals(TableState.IN_COPY, TableState.parse("in-copy"));
        assertEquals(TableState.CATCHING_UP, TableState.parse("catching-up"));
        assertEquals(TableState.OK, TableState.parse("ok"));
        assertEquals(new TableState(TableState.Phase.WANNA_SYNC, 42L), TableState.parse("wanna-sync:42"));
        assertEquals(TableState.doSync(9_000_000_000L), TableState.parse("do-sync:9000000000"));
    }

    @Test
    void rendersBackWhatItParsed() {
        for (String s : new String[] {"in-copy", "catching-up", "wanna-sync:1", "do-sync:77", "ok"}) {
            assertEquals(s, TableState.parse(s).render());
        }
        assertNull(TableState.MISSING.render());
        assertEquals("missing", TableState.MISSING.toString());
        assertEquals(7L, TableState.wannaSync(7).tick());
        assertNull(TableState.OK.tick());
    }

    @Test
    void refusesWhatNoLondisteWrites() {
        for (String s : new String[] {"", "OK", "wanna-sync", "wanna-sync:", "do-sync:x", "ok:3", "in-copy:1",
                "copy"}) {
            L4jException e = assertThrows(L4jException.class, () -> TableState.parse(s), s);
            assertTrue(e.getMessage().startsWith("table state '" + s + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new TableState(TableState.Phase.DO_SYNC, null));
        assertThrows(IllegalArgumentException.class, () -> new TableState(TableState.Phase.OK, 1L));
    }

    @Test
    void tableInfoGivesStateAndLocalName() {
        TableInfo t = new TableInfo("public.a", true, "do-sync:5", null, null, null, null, 0, null);
        assertEquals(TableState.doSync(5), t.state());
        assertEquals("public.a", t.localName());
        assertEquals("public.b", new TableInfo("public.a", true, null, null, null, null, null, 0, "public.b")
                .localName());
    }
}
