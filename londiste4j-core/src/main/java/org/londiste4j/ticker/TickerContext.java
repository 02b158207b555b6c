package org.londiste4j.ticker;

import java.time.Duration;

/** What a {@link DatabaseTicker} needs from the pgqd it belongs to: settings that a reload may change, and help. */
interface TickerContext {
    /** The settings in force now (they change on reload: loops read them at each round). */
    PgqdSettings settings();

    DbConnector connector();

    /** How long a database without pgq waits before it is looked at again. */
    Duration probeDelay();

    /** Asks for the list of databases to be read again soon (a database was found missing). */
    void requestRecheck();

    /**
     * Reports what a connection sees of the cluster's databases ({@code pg_database} is shared by all of them);
     * when it changed, the list is read again at once instead of after {@code check_period}.
     */
    void clusterSeen(String databasesFingerprint);
}
