package org.londiste4j.londiste;

import org.junit.jupiter.api.Test;
import org.londiste4j.L4jException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecAttrsTest {
    private static final String SCRIPT = "\n  -- a plain comment\n\n--*-- Local-Table: foo ,\n--\n--*-- bar ,\n--*--\n"
            + "--*-- zoo\n--*--\n--*-- Local-Sequence: goo\n\ncreate table x (i int);\n--*-- Need-Schema: late\n";

    @Test
    void headerStopsAtFirstStatementAndFollowsContinuations() {
        ExecAttrs a = ExecAttrs.parseSql(SCRIPT);
        assertEquals(List.of("foo", "bar", "zoo"), a.values("Local-Table"));
        assertEquals(List.of("goo"), a.values("local-sequence"));
        assertEquals(List.of(), a.values("Need-Schema"));
        assertEquals("--*-- Local-Table: foo, bar, zoo\n--*-- Local-Sequence: goo", a.toSql());
    }

    @Test
    void urlencodingIsTheOriginalsAndRoundTrips() {
        ExecAttrs a = ExecAttrs.parseSql("--*-- Local-Table: mytable\n--*-- Local-Sequence: seq1, seq2\nselect 1;");
        assertEquals("local-table=mytable&local-sequence=seq1%2Cseq2", a.toUrlenc());
        assertEquals(a.toSql(), ExecAttrs.parseUrlenc(a.toUrlenc()).toSql());
        assertTrue(ExecAttrs.parseUrlenc(null).isEmpty());
        assertTrue(ExecAttrs.parseUrlenc("").isEmpty());
        assertTrue(ExecAttrs.parseSql("select 1;").isEmpty());
    }

    @Test
    void unknownKeyIsOneLine() {
        L4jException e = assertThrows(L4jException.class, () -> ExecAttrs.parseSql("--*-- Local-Tabel: t\n"));
        assertTrue(e.getMessage().startsWith("EXECUTE header: unknown key 'Local-Tabel'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void decidesFromLocalTablesAndRewritesTags() {
        ExecAttrs a = ExecAttrs.parseSql(SCRIPT);
        var here = new ExecAttrs.LocalNames(Map.of("public.foo", "public.foo", "public.bar", "other.Bar",
                "public.zoo", "Other.Foo"), Map.of("public.goo", "public.goo"));
        assertTrue(a.needExecute(null, here));
        assertFalse(a.needExecute(null, new ExecAttrs.LocalNames(Map.of(), Map.of())));
        assertThrows(L4jException.class, () -> a.needExecute(null,
                new ExecAttrs.LocalNames(Map.of("public.foo", "public.foo"), Map.of())));
        assertEquals("alter table public.foo; alter table other.\"Bar\"; alter table \"Other\".\"Foo\"; @other@",
                a.processSql("alter table @foo@; alter table @bar@; alter table @zoo@; @other@", here));
        assertTrue(ExecAttrs.parseSql("select 1").needExecute(null, new ExecAttrs.LocalNames(Map.of(), Map.of())));
    }
}
