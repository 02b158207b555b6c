package org.londiste4j.ticker;

import org.londiste4j.config.ConfigException;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What pgqd does and how often: the {@code [pgqd]} keys of the original that the engine uses, already parsed
 * (periods as {@link Duration}; the ini file gives seconds). Connection keys ({@code base_connstr}) stay with
 * the {@link DbConnector}.
 *
 * @param initialDatabase    where the list of databases is read when {@code databaseList} is empty
 * @param databaseList       the databases to serve; empty means every database of the cluster with a pgq schema
 * @param checkPeriod        how often the list of databases is read again
 * @param tickerPeriod       how often {@code pgq.ticker()} runs in each database
 * @param retryPeriod        how often due retry events are moved back ({@code pgq.maint_retry_events()})
 * @param maintPeriod        how often {@code pgq.maint_operations()} is run
 * @param statsPeriod        how often the stats line is logged
 * @param connectionLifetime connections older than this are closed and opened again
 */
public record PgqdSettings(String initialDatabase, List<String> databaseList, Duration checkPeriod,
                           Duration tickerPeriod, Duration retryPeriod, Duration maintPeriod, Duration statsPeriod,
                           Duration connectionLifetime) {

    public PgqdSettings {
        databaseList = List.copyOf(databaseList);
        List<String> bad = new ArrayList<>();
        positive(bad, "check_period", checkPeriod);
        positive(bad, "ticker_period", tickerPeriod);
        positive(bad, "retry_period", retryPeriod);
        positive(bad, "maint_period", maintPeriod);
        positive(bad, "stats_period", statsPeriod);
        positive(bad, "connection_lifetime", connectionLifetime);
        if (initialDatabase == null || initialDatabase.isBlank()) {
            bad.add("initial_database is empty: name the database pgqd reads the list of databases from");
        }
        if (!bad.isEmpty()) {
            throw new ConfigException(bad);
        }
    }

    /**
     * The settings of a pgqd ini file ({@link ConfigKeys#PGQD}).
     *
     * @throws ConfigException naming every bad key at once
     */
    public static PgqdSettings from(JobConfig cf) {
        return new PgqdSettings(cf.get(ConfigKeys.INITIAL_DATABASE), cf.get(ConfigKeys.DATABASE_LIST),
                cf.get(ConfigKeys.CHECK_PERIOD), cf.get(ConfigKeys.TICKER_PERIOD), cf.get(ConfigKeys.RETRY_PERIOD),
                cf.get(ConfigKeys.MAINT_PERIOD), cf.get(ConfigKeys.STATS_PERIOD),
                cf.get(ConfigKeys.PGQD_CONNECTION_LIFETIME));
    }

    /** The original's defaults: template1, every database, 60 s / 1 s / 30 s / 120 s / 30 s / 3600 s. */
    public static PgqdSettings defaults() {
        return new PgqdSettings("template1", List.of(), Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(30), Duration.ofSeconds(3600));
    }

    public PgqdSettings withDatabaseList(List<String> list) {
        return new PgqdSettings(initialDatabase, list, checkPeriod, tickerPeriod, retryPeriod, maintPeriod,
                statsPeriod, connectionLifetime);
    }

    public PgqdSettings withPeriods(Duration check, Duration ticker, Duration retry, Duration maint,
                                    Duration stats) {
        return new PgqdSettings(initialDatabase, databaseList, check, ticker, retry, maint, stats,
                connectionLifetime);
    }

    public PgqdSettings withConnectionLifetime(Duration lifetime) {
        return new PgqdSettings(initialDatabase, databaseList, checkPeriod, tickerPeriod, retryPeriod, maintPeriod,
                statsPeriod, lifetime);
    }

    public PgqdSettings withInitialDatabase(String db) {
        return new PgqdSettings(db, databaseList, checkPeriod, tickerPeriod, retryPeriod, maintPeriod,
                statsPeriod, connectionLifetime);
    }

    /** True when pgqd finds the databases itself instead of using {@code database_list}. */
    public boolean autoDetect() {
        return databaseList.isEmpty();
    }

    private static void positive(List<String> bad, String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            String secs = d == null ? "" : java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros()
                    .toPlainString();
            bad.add(key + "=" + secs + " is invalid: must be > 0");
        }
    }
}
