package org.londiste4j.admin;

import org.londiste4j.L4jException;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Puts a table's two sides at the same queue position, as the original's syncer does for compare and repair: on a
 * root provider the table is locked against writes ({@code SHARE}, waiting at most {@code lock_timeout}), a tick
 * is forced after the lock so that it covers every write before it, this node's worker is awaited past that tick,
 * and then both sides open their repeatable-read snapshots before the lock is let go; on a branch provider its
 * worker is paused instead of locking (and resumed after, unless it was paused before).
 *
 * <p>Invariant: when {@link #sync} returns, {@code src} and {@code dst} are in repeatable-read transactions whose
 * snapshots show the table at the same tick; the caller reads both, then rolls them back. Hazard: this node's
 * worker must be running, or the wait times out after {@code timeout} (never with {@code force}).
 */
public final class TableSync {
    private static final Logger log = LoggerFactory.getLogger(TableSync.class);
    private static final long POLL_MS = 100;

    private final String queue;
    private final Duration timeout;
    private final String what;

    /** {@code what} names the command in messages, e.g. {@code repair}. */
    public TableSync(String what, String queue, Duration timeout) {
        this.what = what;
        this.queue = queue;
        this.timeout = timeout;
    }

    /**
     * Syncs {@code srcTable} (the provider's name) and opens both snapshots.
     *
     * @param src   provider connection the caller reads from (autocommit off)
     * @param lock  a second provider connection that holds the lock (autocommit off); left rolled back
     * @param setup a third provider connection for ticks and pauses (autocommit on)
     * @param dst   this node's connection (autocommit off)
     * @param force wait for this node's worker without a deadline
     */
    public void sync(Connection src, Connection lock, Connection setup, Connection dst, String srcTable,
                     boolean force) throws SQLException {
        NodeInfo provider = new NodeApi(setup).getNodeInfo(queue);
        src.rollback();
        dst.rollback();
        src.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        dst.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        boolean resume = false;
        try {
            if (provider.nodeType() == NodeType.ROOT) {
                log.info("Locking {}", srcTable);
                try (Statement st = lock.createStatement()) {
                    st.execute("set local lock_timeout = " + timeout.toMillis());
                    st.execute("lock table " + StructureCheck.fq(srcTable) + " in share mode");
                }
                log.info("Syncing {}", srcTable);
                awaitWorker(dst, newTick(setup), force);
            } else {
                resume = pause(setup, provider.workerName());
                // the paused branch gets no new ticks (waiting for one never ends: the original's bug); a batch
                // it had in hand when paused may still commit, so its last tick is read again until it stays
                long tick = scalar(setup, "select pgq.force_tick(?)");
                while (true) {
                    awaitWorker(dst, tick, force);
                    long now = scalar(setup, "select pgq.force_tick(?)");
                    if (now == tick) {
                        break;
                    }
                    tick = now;
                }
            }
            snapshot(src);
            snapshot(dst);
        } catch (SQLException e) {
            src.rollback();
            dst.rollback();
            throw new L4jException(what + ": table " + srcTable + ": cannot sync with the provider: "
                    + e.getMessage().split("\n")[0], e);
        } finally {
            lock.rollback();
            if (resume) {
                new NodeApi(setup).setConsumerPaused(queue, provider.workerName(), false);
            }
        }
    }

    /** A tick made after the lock: forced, ticking here when no ticker is fast enough. */
    private long newTick(Connection setup) throws SQLException {
        long before = scalar(setup, "select pgq.force_tick(?)");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            scalar(setup, "select coalesce(pgq.ticker(?), 0)");
            long now = scalar(setup, "select pgq.force_tick(?)");
            if (now != before) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new L4jException(what + ": queue " + queue + ": no new tick on the provider within "
                        + timeout.toSeconds() + " s; is the ticker (pgqd) running?");
            }
            sleep();
        }
    }

    private void awaitWorker(Connection dst, long tick, boolean force) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            NodeInfo me = new NodeApi(dst).getNodeInfo(queue);
            dst.rollback();
            if (me.workerLastTick() != null && me.workerLastTick() >= tick) {
                return;
            }
            if (!force && System.nanoTime() > deadline) {
                throw new L4jException(what + ": the worker of this node did not reach tick " + tick + " within "
                        + timeout.toSeconds() + " s (lock_timeout); start it (londiste3 CONFIG.ini worker), or give"
                        + " --force to wait as long as it takes");
            }
            sleep();
        }
    }

    /** Pauses the provider's worker; true when it was running (so it is resumed after). */
    private boolean pause(Connection setup, String worker) {
        NodeApi api = new NodeApi(setup);
        boolean was = api.getConsumerInfo(queue).stream()
                .anyMatch(c -> c.consumerName().equals(worker) && c.paused());
        if (!was) {
            api.setConsumerPaused(queue, worker, true);
        }
        return !was;
    }

    private static void snapshot(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("select 1");
        }
    }

    private long scalar(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, queue);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new L4jException(what + ": interrupted");
        }
    }
}
