package org.londiste4j.worker;

import org.londiste4j.pgq.BatchInfo;
import org.londiste4j.pgq.Event;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A branch node's copy of the cascaded queue: every event of the provider's batch re-inserted with its own id
 * ({@code pgq.insert_event_raw}) in the batch's apply transaction, then the provider's tick recorded with the same
 * id, time and event sequence ({@code pgq.ticker(4)}, the external ticker), so that nodes below the branch see the
 * same events between the same tick ids as on the root.
 *
 * <p>Hazard: the tick must be created in a transaction <em>after</em> the one that inserted the events: a tick
 * records its own transaction's snapshot, in which that transaction's events are not yet visible, so a tick in
 * the same transaction would push the batch's events into the next batch. A crash between the two leaves the
 * batch completed without its tick; {@link #lastTick} lets the worker notice and create it (as python-pgq's
 * {@code is_batch_done}).
 *
 * <p>Events are buffered and sent {@link #FLUSH_EVENTS} at a time as arrays in one statement: bounded memory and
 * few round trips whatever the batch size.
 *
 * <p>A merge leaf uses it too ({@link #forwarding}): there the events go into the combined queue with new ids of that
 * queue (several partitions' ids would collide), and the combined queue's own ticker ticks it.
 */
final class BranchQueue {
    static final int FLUSH_EVENTS = 500;

    private static final String INSERT = "select count(pgq.insert_event_raw(?, e.id, e.t, null, e.r, e.ty, e.d,"
            + " e.x1, e.x2, e.x3, e.x4)) from unnest(?::int8[], ?::timestamptz[], ?::int4[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[], ?::text[]) as e(id, t, r, ty, d, x1, x2, x3, x4)";
    private static final String TICK = "select pgq.ticker(?, ?, ?, ?)";
    private static final String LAST_TICK = "select t.tick_id from pgq.tick t join pgq.queue q"
            + " on q.queue_id = t.tick_queue where q.queue_name = ? order by t.tick_id desc limit 1";

    private final Connection local;
    private final String queue;
    private final List<Event> buffer = new ArrayList<>();
    private final boolean keepIds;

    BranchQueue(Connection local, String queue) {
        this(local, queue, true);
    }

    private BranchQueue(Connection local, String queue, boolean keepIds) {
        this.local = local;
        this.queue = queue;
        this.keepIds = keepIds;
    }

    /** A merge leaf's combined queue {@code combinedQueue} in this database: events get that queue's new ids. */
    static BranchQueue forwarding(Connection local, String combinedQueue) {
        return new BranchQueue(local, combinedQueue, false);
    }

    /**
     * A merge leaf, last in its batch's transaction, just before the commit: the combined queue must take events.
     * Its flag {@code queue_disable_insert} is set by a takeover's freeze (and on a branch), but the merge leaf
     * inserts under {@code session_replication_role = replica}, which passes it, so it is checked here, with a share
     * lock on the queue's row held to the commit: the freeze (an update of that row) waits for a batch that is
     * committing, and no batch commits after the old root's last tick (the new root would never receive its events,
     * while its own merge leaves apply them again). Taken last so that the ticker (which locks that row for its
     * tick) waits for a commit at most, not for a whole batch.
     *
     * @throws ReplayException when the queue is frozen; the batch is then retried
     */
    void requireOpen() throws SQLException {
        try (PreparedStatement ps = local.prepareStatement("select queue_disable_insert from pgq.queue"
                + " where queue_name = ? for share")) {
            ps.setString(1, queue);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ReplayException("combined queue " + queue + ": no such queue in this database");
                }
                if (rs.getBoolean(1)) {
                    throw new ReplayException("combined queue " + queue + ": takes no events now (a takeover is"
                            + " under way, or it is no longer the root here); batch not applied, retrying");
                }
            }
        }
    }

    /**
     * A merge leaf's {@code pgq.tick-id} event: the partition tick {@code tick} of {@code partQueue} is in the
     * combined queue from here on (a combined branch moves the partition's merge-leaf position to it). In the
     * batch's apply transaction, after {@link #flush}.
     */
    void tickEvent(String partQueue, long tick) throws SQLException {
        try (PreparedStatement ps = local.prepareStatement("select pgq.insert_event(?, 'pgq.tick-id', ?, ?, null,"
                + " null, null)")) {
            ps.setString(1, queue);
            ps.setString(2, Long.toString(tick));
            ps.setString(3, partQueue);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    /** Buffers one event; sends the buffer when full. In the batch's apply transaction. */
    void add(Event ev) throws SQLException {
        buffer.add(ev);
        if (buffer.size() >= FLUSH_EVENTS) {
            flush();
        }
    }

    /** Sends the buffered events. In the batch's apply transaction, before {@code set_consumer_completed}. */
    void flush() throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        int n = buffer.size();
        Object[] ids = new Object[n];
        Object[] times = new Object[n];
        Object[] retries = new Object[n];
        String[][] texts = new String[6][n];
        for (int i = 0; i < n; i++) {
            Event e = buffer.get(i);
            ids[i] = keepIds ? e.id() : null;
            times[i] = e.time() == null ? null : Timestamp.from(e.time().toInstant());
            retries[i] = e.retry() == 0 ? null : e.retry();
            texts[0][i] = e.type();
            texts[1][i] = e.data();
            texts[2][i] = e.extra1();
            texts[3][i] = e.extra2();
            texts[4][i] = e.extra3();
            texts[5][i] = e.extra4();
        }
        try (PreparedStatement ps = local.prepareStatement(INSERT)) {
            ps.setString(1, queue);
            ps.setArray(2, local.createArrayOf("int8", ids));
            ps.setArray(3, local.createArrayOf("timestamptz", times));
            ps.setArray(4, local.createArrayOf("int4", retries));
            for (int k = 0; k < 6; k++) {
                Array a = local.createArrayOf("text", texts[k]);
                ps.setArray(5 + k, a);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
        buffer.clear();
    }

    /** Drops buffered events (the batch's transaction was rolled back). */
    void clear() {
        buffer.clear();
    }

    /**
     * Records the provider's tick of {@code batch} in the local queue, in its own transaction (see the class
     * comment); the connection must have no open transaction work.
     */
    void createTick(BatchInfo batch) throws SQLException {
        try (PreparedStatement ps = local.prepareStatement(TICK)) {
            ps.setString(1, queue);
            ps.setLong(2, batch.curTickId());
            ps.setObject(3, batch.curTickTime());
            ps.setLong(4, batch.curTickEventSeq());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
        local.commit();
    }

    /** The newest tick of the local queue, if any. In the caller's transaction. */
    OptionalLong lastTick() throws SQLException {
        try (PreparedStatement ps = local.prepareStatement(LAST_TICK)) {
            ps.setString(1, queue);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
