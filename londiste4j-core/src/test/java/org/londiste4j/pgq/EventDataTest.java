package org.londiste4j.pgq;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden strings: the ev_type / ev_data the original C triggers (pgq 3.5) wrote for the same rows. */
class EventDataTest {

    private static Map<String, String> row(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void shouldDecodeUrlencodedRowWithNullEmptyAndEscapes() {
        // logutriga, row (2, 'ü', v='', b=NULL)
        assertEquals(row("id", "2", "k2", "ü", "v", "", "b", null), EventData.urldecode("id=2&k2=%c3%bc&v=&b"));
        // logutriga, row (1, 'a b', 'x&y=z+%', '\x00ff')
        assertEquals(row("id", "1", "k2", "a b", "v", "x&y=z+%", "b", "\\x00ff"),
                EventData.urldecode("id=1&k2=a+b&v=x%26y%3dz%2b%25&b=%5cx00ff"));
        assertEquals(row("a", "1", "b", "x y", "c", null), EventData.urldecode("a=1&b=x%20y&c"));
    }

    @Test
    void shouldKeepColumnOrderAndDecodeKeys() {
        Map<String, String> r = EventData.urldecode("Mixed+Col=tab%09here%0anl%5c+%22q%22&z=1&a=2");
        assertEquals(List.of("Mixed Col", "z", "a"), List.copyOf(r.keySet()));
        assertEquals("tab\there\nnl\\ \"q\"", r.get("Mixed Col"));
    }

    @Test
    void shouldDecodeArraysJsonAndTimestampsAsText() {
        Map<String, String> r = EventData.urldecode("id=1&j=%7b%22a%22%3a+%5b1%2c+2%5d%7d&a=%7b1%2c2%7d"
                + "&ta=%7b%22x+y%22%2c%22q%5c%22z%22%7d&bo=t&n=1.50&f=NaN&ts=2020-01-01+00%3a00%3a00%2b00");
        assertEquals(row("id", "1", "j", "{\"a\": [1, 2]}", "a", "{1,2}", "ta", "{\"x y\",\"q\\\"z\"}", "bo", "t",
                "n", "1.50", "f", "NaN", "ts", "2020-01-01 00:00:00+00"), r);
    }

    @Test
    void shouldBeLenientLikeSkytools() {
        assertEquals(Map.of(), EventData.urldecode(""));
        assertEquals(Map.of(), EventData.urldecode(null));
        assertEquals(row("a", "1", "b", "2"), EventData.urldecode("a=1&&b=2&"));
        assertEquals(row("a", "%zz%4", "b", "="), EventData.urldecode("a=%zz%4&b=%3D"));
        assertEquals(row("a", "x=y"), EventData.urldecode("a=x=y"));
        assertEquals(row("a", "2"), EventData.urldecode("a=1&a=2"));
        assertEquals(row("", "v"), EventData.urldecode("=v"));
        // a raw (unescaped) non-ASCII character survives
        assertEquals(row("k", "ü€"), EventData.urldecode("k=ü€"));
    }

    @Test
    void shouldRoundTripThroughUrlencode() {
        Map<String, String> r = row("id", "1", "Mixed Col", "a&b=c+d%e ü\n", "nul", null, "empty", "", "~._-", "x");
        String enc = EventData.urlencode(r);
        assertEquals("id=1&Mixed+Col=a%26b%3Dc%2Bd%25e+%C3%BC%0A&nul&empty=&~._-=x", enc);
        assertEquals(r, EventData.urldecode(enc));
    }

    @Test
    void shouldParseLogutrigaTypes() {
        RowEventType t = RowEventType.parse("I:id,k2").orElseThrow();
        assertEquals(RowEventType.Op.INSERT, t.op());
        assertEquals(List.of("id", "k2"), t.pkey());
        assertNull(t.table());
        assertEquals("I:id,k2", t.render());
        assertEquals(RowEventType.Op.UPDATE, RowEventType.parse("U:id").orElseThrow().op());
        assertEquals(RowEventType.Op.DELETE, RowEventType.parse("D:id").orElseThrow().op());
        RowEventType trunc = RowEventType.parse("R").orElseThrow();
        assertEquals(RowEventType.Op.TRUNCATE, trunc.op());
        assertEquals(List.of(), trunc.pkey());
        // sqltriga writes the bare letter
        assertEquals(new RowEventType(RowEventType.Op.INSERT, List.of(), null), RowEventType.parse("I").orElseThrow());
        assertEquals(List.of("Mixed Col", "b"), RowEventType.parse("U:Mixed Col,b").orElseThrow().pkey());
    }

    @Test
    void shouldNotTakeOtherEventTypesForRowEvents() {
        for (String t : Arrays.asList(null, "", "EXECUTE", "pgq.tick-id", "londiste.add-table", "X:id", "II:id",
                "{\"op\":\"MERGE\"}", "{broken")) {
            assertFalse(RowEventType.parse(t).isPresent(), String.valueOf(t));
        }
    }

    @Test
    void shouldParseJsontrigaTypeAndRow() {
        RowEventType t = RowEventType.parse("{\"op\":\"INSERT\",\"table\":[\"public\",\"t1\"],\"pkey\":[\"id\",\"k2\"]}")
                .orElseThrow();
        assertEquals(new RowEventType(RowEventType.Op.INSERT, List.of("id", "k2"), "public.t1"), t);
        assertEquals(RowEventType.Op.DELETE,
                RowEventType.parse("{\"op\":\"DELETE\",\"table\":[\"public\",\"t1\"],\"pkey\":[\"id\"]}")
                        .orElseThrow().op());
        assertEquals(row("id", "2", "k2", "ü", "v", "", "b", null),
                EventData.jsonRow("{\"id\":2,\"k2\":\"ü\",\"v\":\"\",\"b\":null}"));
        assertEquals(row("id", "1", "k2", "a b", "v", "x&y=z+%", "b", "\\x00ff"),
                EventData.jsonRow("{\"id\":1,\"k2\":\"a b\",\"v\":\"x&y=z+%\",\"b\":\"\\\\x00ff\"}"));
    }

    @Test
    void shouldDecodeJsontrigaAwkwardValues() {
        String data = "{\"id\":1,\"j\":\"{\\\"a\\\": [1, 2]}\",\"jb\":\"{\\\"b\\\": \\\"c\\\"}\",\"a\":\"{1,2}\","
                + "\"ta\":\"{\\\"x y\\\",\\\"q\\\\\\\"z\\\"}\",\"bo\":true,\"n\":\"1.50\",\"f\":\"NaN\","
                + "\"ts\":\"2020-01-01T00:00:00+00:00\",\"Mixed Col\":\"tab\\there\\nnl\\\\ \\\"q\\\"\"}";
        assertEquals(row("id", "1", "j", "{\"a\": [1, 2]}", "jb", "{\"b\": \"c\"}", "a", "{1,2}",
                "ta", "{\"x y\",\"q\\\"z\"}", "bo", "true", "n", "1.50", "f", "NaN", "ts", "2020-01-01T00:00:00+00:00",
                "Mixed Col", "tab\there\nnl\\ \"q\""), EventData.jsonRow(data));
    }

    @Test
    void shouldParseGeneralJson() {
        Object v = EventData.parseJson(" {\"a\": [1, -2.5e3, true, false, null, {\"b\": \"\\u00fc\\/\"}], \"c\": {}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(new BigDecimal("1"), a.get(0));
        assertEquals(new BigDecimal("-2.5e3"), a.get(1));
        assertEquals(Boolean.TRUE, a.get(2));
        assertEquals(Boolean.FALSE, a.get(3));
        assertNull(a.get(4));
        assertEquals(Map.of("b", "ü/"), a.get(5));
        assertEquals("{\"a\":[1,-2.5E+3,true,false,null,{\"b\":\"ü/\"}],\"c\":{}}", Json.write(v));
        // nested values of a row come back as compact JSON text
        assertEquals(row("x", "[1,\"a\\\"b\"]", "y", "{\"k\":null}"), EventData.jsonRow("{\"x\":[1,\"a\\\"b\"],\"y\":{\"k\":null}}"));
    }

    @Test
    void shouldRejectBrokenJsonNamingTheOffset() {
        EventDataException e = assertThrows(EventDataException.class, () -> EventData.jsonRow("{\"a\":1,}"));
        assertTrue(e.getMessage().startsWith("event data: bad JSON at offset 7"), e.getMessage());
        assertThrows(EventDataException.class, () -> EventData.jsonRow("[1]"));
        assertThrows(EventDataException.class, () -> EventData.jsonRow("{\"a\":1} x"));
        assertThrows(EventDataException.class, () -> EventData.jsonRow("{\"a\":\"\\q\"}"));
        assertThrows(EventDataException.class, () -> EventData.jsonRow(null));
    }

    @Test
    void eventShouldDecodeItsOwnData() {
        Event ev = new Event(8, null, 1234L, 0, "D:id,k2", "id=1&k2=a+b&v", "public.t1", null, null, null);
        assertEquals(RowEventType.Op.DELETE, ev.rowType().orElseThrow().op());
        assertEquals(row("id", "1", "k2", "a b", "v", null), ev.urlencodedRow());
        assertEquals("<id=8 type=D:id,k2 data=id=1&k2=a+b&v e1=public.t1 e2=null e3=null e4=null>", ev.toString());
    }
}
