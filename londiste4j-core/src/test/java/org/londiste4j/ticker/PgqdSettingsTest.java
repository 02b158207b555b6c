package org.londiste4j.ticker;

import org.londiste4j.config.ConfigException;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.IniFile;
import org.londiste4j.config.JobConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PgqdSettingsTest {

    @Test
    void shouldHaveTheOriginalsDefaults() {
        PgqdSettings d = PgqdSettings.defaults();
        assertEquals("template1", d.initialDatabase());
        assertTrue(d.autoDetect());
        assertEquals(Duration.ofSeconds(60), d.checkPeriod());
        assertEquals(Duration.ofSeconds(1), d.tickerPeriod());
        assertEquals(Duration.ofSeconds(30), d.retryPeriod());
        assertEquals(Duration.ofSeconds(120), d.maintPeriod());
        assertEquals(Duration.ofSeconds(30), d.statsPeriod());
        assertEquals(Duration.ofSeconds(3600), d.connectionLifetime());
    }

    @Test
    void shouldNameEveryBadKeyAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> PgqdSettings.defaults()
                .withPeriods(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(1)));
        assertEquals(List.of("check_period=0 is invalid: must be > 0",
                "ticker_period=-1 is invalid: must be > 0"), e.problems());
    }

    @Test
    void shouldReadThePgqdIniOfTheWalkthrough() {
        // as printed by the walkthrough: no [pgqd] header line
        IniFile ini = IniFile.parse("""
                logfile = /tmp/log/ticker.log
                pidfile = /tmp/pid/ticker.pid
                base_connstr = host=localhost user=postgres
                database_list = myapp, other
                ticker_period = 0.5
                maint_period = 10
                """, "ticker.ini");
        JobConfig cf = JobConfig.of(ini, ini.chooseSection(ConfigKeys.PGQD.sections()), ConfigKeys.PGQD, Map.of());
        PgqdSettings s = PgqdSettings.from(cf);
        assertEquals(List.of("myapp", "other"), s.databaseList());
        assertEquals(Duration.ofMillis(500), s.tickerPeriod());
        assertEquals(Duration.ofSeconds(10), s.maintPeriod());
        assertEquals(Duration.ofSeconds(60), s.checkPeriod());
        assertEquals(Duration.ofSeconds(3600), s.connectionLifetime());
        assertEquals("template1", s.initialDatabase());
    }

    @Test
    void shouldUseDatabaseListWhenGiven() {
        PgqdSettings s = PgqdSettings.defaults().withDatabaseList(List.of("a", "b"));
        assertEquals(List.of("a", "b"), s.databaseList());
        assertTrue(!s.autoDetect());
    }

    @Test
    void shouldProbeEveryTickOnSmallClustersAndSlowerOnBigOnes() {
        Duration tick = Duration.ofSeconds(1);
        Duration check = Duration.ofSeconds(60);
        assertEquals(tick, Pgqd.probeDelay(tick, check, 0));
        assertEquals(tick, Pgqd.probeDelay(tick, check, 10));
        assertEquals(Duration.ofSeconds(2), Pgqd.probeDelay(tick, check, 11));
        assertEquals(Duration.ofSeconds(20), Pgqd.probeDelay(tick, check, 200));
        assertEquals(check, Pgqd.probeDelay(tick, check, 100_000));
        // a check_period shorter than ticker_period never makes probing faster than ticking
        assertEquals(tick, Pgqd.probeDelay(tick, Duration.ofMillis(100), 100_000));
    }

    @Test
    void shouldReportAndResetThePeriodCounters() {
        TickerStats st = new TickerStats();
        st.tick();
        st.tick();
        st.retried(5);
        st.maintRound();
        assertEquals("{ticks: 2, maint: 1, retry: 5}", st.takeLine());
        assertEquals("{ticks: 0, maint: 0, retry: 0}", st.takeLine());
        assertEquals(2, st.totalTicks());
        assertEquals(5, st.totalRetries());
        assertEquals(1, st.totalMaint());
    }
}
