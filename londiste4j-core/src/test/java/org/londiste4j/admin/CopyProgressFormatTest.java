package org.londiste4j.admin;

import org.junit.jupiter.api.Test;
import org.londiste4j.node.NodeType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopyProgressFormatTest {

    private static CopyState copying(long rows, long bytes, Long estRows, Long estBytes, double elapsed) {
        return new CopyState("public.big", "in-copy", "copying", rows, bytes, estRows, estBytes, elapsed, 0.2);
    }

    @Test
    void countsKeepThreeSignificantDigits() {
        assertEquals("0", CopyProgressFormat.count(0));
        assertEquals("9999", CopyProgressFormat.count(9999));
        assertEquals("10.0k", CopyProgressFormat.count(10_000));
        assertEquals("12.3k", CopyProgressFormat.count(12_345));
        assertEquals("123k", CopyProgressFormat.count(123_456));
        assertEquals("1.00M", CopyProgressFormat.count(999_999));
        assertEquals("1.23M", CopyProgressFormat.count(1_234_567));
        assertEquals("5.00G", CopyProgressFormat.count(5e9));
        assertEquals("412k", CopyProgressFormat.count(411_800.4));
    }

    @Test
    void sizesAreBinaryAsPgSizePretty() {
        assertEquals("0 B", CopyProgressFormat.size(0));
        assertEquals("999 B", CopyProgressFormat.size(999));
        assertEquals("1000 B", CopyProgressFormat.size(1000));
        assertEquals("1.00 kB", CopyProgressFormat.size(1024));
        assertEquals("1.50 kB", CopyProgressFormat.size(1536));
        assertEquals("96.1 MB", CopyProgressFormat.size(96.1 * 1024 * 1024));
        assertEquals("390 MB", CopyProgressFormat.size(390L * 1024 * 1024));
        assertEquals("1.00 GB", CopyProgressFormat.size(1023.9 * 1024 * 1024));
        assertEquals("2.00 TB", CopyProgressFormat.size(2.0 * (1L << 40)));
    }

    @Test
    void rateAndTimeLeftFromTheAverageSoFar() {
        // 1.25M of 5M rows in 10 s: 125k rows/s, 3.75M left: 30 s
        var s = copying(1_250_000, 100L << 20, 5_000_000L, 400L << 20, 10.0);
        assertEquals("Copy public.big: in-copy, 1.25M of ~5.00M rows (25%), 100 MB of ~400 MB, 125k rows/s "
                + "10.0 MB/s, 30s left", CopyProgressFormat.statusLine(s));
        assertEquals(30.0, CopyProgressFormat.secondsLeft(s), 1e-9);
        // a long copy: minutes and hours
        var slow = copying(1_000, 100_000, 4_000_000L, null, 10.0);
        assertEquals("11h6m30s left", CopyProgressFormat.statusLine(slow).replaceAll(".*, ", ""));
    }

    @Test
    void estimatingUntilARateIsKnown() {
        assertEquals("Copy public.big: in-copy, 0 of ~5.00M rows (0%), 0 B (table 400 MB), estimating",
                CopyProgressFormat.statusLine(copying(0, 0, 5_000_000L, 400L << 20, 0.3)));
        assertEquals("Copy public.big: in-copy, 4096 of ~5.00M rows (0%), 128 kB of ~153 MB, estimating",
                CopyProgressFormat.statusLine(copying(4096, 128 * 1024, 5_000_000L, 400L << 20, 0.5)));
    }

    @Test
    void withoutOrPastTheEstimate() {
        assertEquals("Copy public.big: in-copy, 50.0k rows, 1.00 MB, 25.0k rows/s 512 kB/s, time left unknown",
                CopyProgressFormat.statusLine(copying(50_000, 1 << 20, null, null, 2.0)));
        // the table grew since the provider's statistics: never "0s left" or 120%
        assertEquals("Copy public.big: in-copy, 12.0k of ~10.0k rows (99%), 1.00 MB (table 2.00 MB), "
                        + "6000 rows/s 512 kB/s, more rows than estimated, time left unknown",
                CopyProgressFormat.statusLine(copying(12_000, 1 << 20, 10_000L, 2L << 20, 2.0)));
    }

    @Test
    void otherStages() {
        assertEquals("Copy public.a: new, waiting for the worker", CopyProgressFormat.statusLine(
                new CopyState("public.a", null, null, 0, 0, null, null, 0, 0)));
        assertEquals("Copy public.a: in-copy, waiting for a copy slot", CopyProgressFormat.statusLine(
                new CopyState("public.a", "in-copy", null, 0, 0, null, null, 0, 0)));
        assertEquals("Copy public.a: catching-up", CopyProgressFormat.statusLine(
                new CopyState("public.a", "catching-up", null, 0, 0, null, null, 0, 0)));
        assertEquals("Copy public.a: in-copy, all 5.00M rows in (390 MB) after 31s, rebuilding indexes",
                CopyProgressFormat.statusLine(new CopyState("public.a", "in-copy", "indexing", 5_000_000,
                        390L << 20, 5_000_000L, null, 31.2, 3)));
        assertEquals("Copy public.a: wanna-sync:7, copied 5.00M rows, 390 MB in 40s (125k rows/s)",
                CopyProgressFormat.statusLine(new CopyState("public.a", "wanna-sync:7", "copied", 5_000_000,
                        390L << 20, 5_000_000L, null, 40.0, 60)));
        // a copy whose thread stopped writing says so
        assertEquals("Copy public.a: in-copy, 10.0k rows, 1.00 MB, 1000 rows/s 102 kB/s, time left unknown, "
                        + "no news for 1m5s",
                CopyProgressFormat.statusLine(new CopyState("public.a", "in-copy", "copying", 10_000, 1 << 20,
                        null, null, 10, 65)));
    }

    @Test
    void liveLineFitsTheTerminal() {
        var states = List.of(copying(1_250_000, 100L << 20, 5_000_000L, null, 10.0),
                new CopyState("public.small", "in-copy", null, 0, 0, null, null, 0, 0));
        assertEquals("[3/5 in sync] public.big 25% 1.25M/~5.00M rows, 125k rows/s, 30s left (1 more not copying now)",
                CopyProgressFormat.liveLine(3, 5, states, 200));
        String cut = CopyProgressFormat.liveLine(3, 5, states, 40);
        assertEquals(40, cut.length());
        assertTrue(cut.endsWith("..."), cut);
    }

    @Test
    void terminalRedrawsInPlaceAndClears() {
        var buf = new ByteArrayOutputStream();
        var t = new SyncWaiter.TerminalLine(new PrintStream(buf, true, StandardCharsets.UTF_8), 80);
        t.show(0, 1, List.of(copying(10, 10, 100L, null, 0.1)));
        t.show(0, 1, List.of(copying(50, 50, 100L, null, 2.0)));
        t.clear();
        t.clear();
        assertEquals("\r[0/1 in sync] public.big 10% 10/~100 rows, estimating\033[K"
                + "\r[0/1 in sync] public.big 50% 50/~100 rows, 25 rows/s, 2s left\033[K\r\033[K",
                buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void plainLinesAtOnceThenPeriodically() {
        long[] now = {0};
        var logged = new ArrayList<String>();
        var p = new SyncWaiter.PlainLines(Duration.ofSeconds(5), () -> now[0], logged::add);
        var waiting = List.of(new CopyState("public.a", "in-copy", null, 0, 0, null, null, 0, 0));
        p.show(0, 2, waiting);
        assertEquals(List.of(), logged, "nothing copying, nothing to say");
        var running = List.of(waiting.get(0), copying(1000, 1000, null, null, 0.5));
        p.show(0, 2, running);
        assertEquals(List.of("Copy public.big: in-copy, 1000 rows, 1000 B, estimating"), logged);
        now[0] = 4_900_000_000L;
        p.show(0, 2, running);
        assertEquals(1, logged.size());
        now[0] = 5_000_000_000L;
        p.show(0, 2, List.of(copying(20_000, 20_000, null, null, 5.5)));
        assertEquals(2, logged.size());
        assertEquals("Copy public.big: in-copy, 20.0k rows, 19.5 kB, 3636 rows/s 3.55 kB/s, time left unknown",
                logged.get(1));
        p.clear();
    }

    @Test
    void statusShowsCopiesUnderTheirNode() {
        var copies = List.of(copying(1_250_000, 100L << 20, 5_000_000L, null, 10.0));
        var root = new StatusReport.Member("root", NodeType.ROOT, "root", "root", 5L, false, true, Map.of(),
                new int[] {1, 0, 0}, 100.0, 0.1, Map.of("leaf", 99.0), Map.of(), null);
        var leaf = new StatusReport.Member("leaf", NodeType.LEAF, "root", "leaf", 5L, false, true, Map.of(),
                new int[] {0, 1, 0}, null, null, Map.of(), Map.of(), null, copies);
        var r = new StatusReport.Report("q", "leaf", List.of(root, leaf));
        assertEquals("""
                Queue: q   Local node: leaf

                root (root)
                  |                           Tables: 1/0/0
                  |                           Lag: 0s, Tick: 5
                  +--: leaf (leaf)
                                              Tables: 0/1/0
                                              Lag: 1s, Tick: 5
                                              Copy public.big: in-copy, 1.25M of ~5.00M rows (25%), 100 MB of \
                ~400 MB, 125k rows/s 10.0 MB/s, 30s left
                """, StatusReport.render(r, false));
        // compact: still one line per node, the copies last on it
        String compact = StatusReport.render(r, true);
        assertEquals(4, compact.lines().count(), compact);
        assertTrue(compact.endsWith("Lag: 1s, Tick: 5              Copy: public.big 25% 1.25M/~5.00M rows, "
                + "125k rows/s, 30s left\n"), compact);
        var waiting = new CopyState("public.small", "in-copy", null, 0, 0, null, null, 0, 0);
        assertEquals("Copy: public.big 25% 1.25M/~5.00M rows, 125k rows/s, 30s left; 1 more not copying now",
                CopyProgressFormat.compactLine(List.of(copies.get(0), waiting)));
        assertEquals("Copy: 1 not copying now", CopyProgressFormat.compactLine(List.of(waiting)));
    }
}
