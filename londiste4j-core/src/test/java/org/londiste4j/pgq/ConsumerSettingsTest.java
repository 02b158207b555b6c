package org.londiste4j.pgq;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsumerSettingsTest {

    @Test
    void shouldDefaultLikePythonPgq() {
        ConsumerSettings s = ConsumerSettings.of("q", "c");
        assertEquals(300, s.lazyFetch());
        assertNull(s.filter());
        assertFalse(s.isCustom());
    }

    @Test
    void shouldBuildTableFilterAsSkytoolsDoes() {
        ConsumerSettings s = ConsumerSettings.of("q", "c").withTableFilter(List.of("t1", "s.t'2"));
        assertEquals("ev_extra1 in ('public.t1', 's.t''2')", s.filter());
        assertNull(s.withTableFilter(List.of()).filter());
        assertEquals("ev_extra1 in (E'a\\\\b.c')", s.withTableFilter(List.of("a\\b.c")).filter());
    }

    @Test
    void shouldRejectBadValuesNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConsumerSettings.of("q", "c").withLazyFetch(-1));
        assertEquals("pgq_lazy_fetch=-1 is invalid: must be >= 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConsumerSettings.of(" ", "c"));
        assertThrows(IllegalArgumentException.class, () -> ConsumerSettings.of("q", null));
    }

    @Test
    void shouldUseCustomNextBatchOnlyWithConditions() {
        ConsumerSettings s = ConsumerSettings.of("q", "c");
        assertTrue(s.withBatchConditions(Duration.ofSeconds(5), null, null).isCustom());
        assertFalse(s.withBatchConditions(null, 0, null).isCustom());
        assertTrue(s.withBatchConditions(null, 10, null).isCustom());
    }

    @Test
    void shouldSpellIntervalsAndSecondsForTheServer() {
        assertEquals("1.5 seconds", PgqSql.interval(Duration.ofMillis(1500)));
        assertEquals("86400 seconds", PgqSql.interval(Duration.ofDays(1)));
        assertEquals("0.000001 seconds", PgqSql.interval(Duration.ofNanos(1000)));
        assertEquals("0 seconds", PgqSql.interval(Duration.ZERO));
        assertEquals("-1.5 seconds", PgqSql.interval(Duration.ofMillis(-1500)));
        assertNull(PgqSql.interval(null));
        assertEquals(2, PgqSql.seconds(Duration.ofMillis(1001)));
        assertEquals(0, PgqSql.seconds(Duration.ZERO));
        assertEquals(60, PgqSql.seconds(Duration.ofMinutes(1)));
    }

    @Test
    void shouldRefuseCursorNamesThatAreNotPlainIdentifiers() {
        assertEquals("batch_walker", PgqApi.checkedCursorName("batch_walker"));
        assertThrows(IllegalArgumentException.class, () -> PgqApi.checkedCursorName("x; drop table t"));
    }
}
