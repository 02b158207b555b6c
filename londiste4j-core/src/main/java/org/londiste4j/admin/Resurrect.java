package org.londiste4j.admin;

import org.londiste4j.db.Db;
import org.londiste4j.node.DemoteResult;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeLocation;
import org.londiste4j.node.NodeType;
import org.londiste4j.node.SubscriberInfo;
import org.londiste4j.pgq.BatchInfo;
import org.londiste4j.pgq.ConsumerInfo;
import org.londiste4j.pgq.Event;
import org.londiste4j.pgq.Json;
import org.londiste4j.pgq.PgqApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code resurrect}, on an old root that came back after {@code takeover --dead-root} replaced it: finds the
 * gravestone ({@code NODE.gravestone}, the consumer the takeover left on the new root at the last tick of this node
 * that reached the cascade), writes every event of this node's queue after that tick (the events that never left
 * it) to a JSON file, removes them and their ticks from the queue, and makes the node a branch of the new root at
 * the gravestone's tick with its worker <b>paused</b>.
 *
 * <p>Paused, as python-pgq's resurrect leaves it, and for a reason: the node's tables still hold the rows of the
 * lost events, which the rest of the cascade never saw; replaying the new root's events over them could fail or
 * blend two histories. The DBA decides first (compare, resync the tables, or re-apply the lost events on the new
 * root from the file), then resumes the worker.
 *
 * <p>Invariant: the queue is first closed to writes and given a last tick (demote_root steps 1 and 2), so every
 * event that was committed here is in a batch that is dumped; events are deleted by the snapshots of the gravestone
 * tick and that last tick, so exactly the dumped ones go. A dump file that exists already refuses the command
 * (it may hold the only copy of an earlier run's events).
 */
public final class Resurrect {
    private static final Logger log = LoggerFactory.getLogger(Resurrect.class);
    /** The original's file name, in the current directory. */
    public static final String DEFAULT_DUMP_FILE = "resurrect-lost-events.json";

    /**
     * What resurrect did.
     *
     * @param newProvider  the node this one now reads from (where the gravestone was)
     * @param failoverTick the gravestone's tick: the node's worker goes on from there
     * @param lastTick     this node's last tick before the resurrection (the dumped events lie between the two)
     * @param lostEvents   events written to {@code dumpFile} and removed from the queue
     */
    public record Result(String node, String newProvider, long failoverTick, long lastTick, long lostEvents,
                         Path dumpFile, long deletedEvents, long deletedTicks) {
    }

    private final AdminSettings settings;

    public Resurrect(AdminSettings settings) {
        this.settings = settings;
    }

    /**
     * Resurrects this node.
     *
     * @param dumpFile where the lost events go (must not exist)
     * @throws AdminException before anything is changed: not a root, dump file exists, no gravestone, no root
     */
    public Result run(Path dumpFile) {
        String queue = settings.queue();
        String what = "resurrect";
        if (Files.exists(dumpFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new AdminException(what + ": " + dumpFile + " exists already (events of an earlier resurrect?); "
                    + "move it away or name another file with --dump-file; nothing changed");
        }
        try (Connection local = settings.connectLocal()) {
            NodeInfo me = NodeAdmin.requireNode(local, queue);
            var api = new NodeApi(local);
            List<NodeLocation> members = api.getQueueLocations(queue);
            List<SubscriberInfo> subscribers = api.getSubscriberInfo(queue);
            local.rollback();
            if (me.nodeType() != NodeType.ROOT) {
                throw new AdminException(what + ": this node " + me.nodeName() + " is a " + me.nodeType() + "; "
                        + "resurrect runs on an old root that takeover --dead-root replaced; nothing changed");
            }
            Grave grave = findGravestone(what, me.nodeName(), members);
            if (!tickExists(local, queue, grave.tick())) {
                throw new AdminException(what + ": tick " + grave.tick() + " of the gravestone on " + grave.node()
                        + " is no longer in this node's queue; the lost events cannot be told apart: drop-node "
                        + me.nodeName() + " and create it again as a subscriber; nothing changed");
            }
            log.info("{}: gravestone {} on {} at tick {}; new root {}", what, Failover.gravestone(me.nodeName()),
                    grave.node(), grave.tick(), grave.root());

            // close the queue to writers and cut a last tick that covers every committed event
            api.demoteRoot(queue, 1, grave.node());
            local.commit();
            long last = api.demoteRoot(queue, 2, grave.node()).lastTick();
            local.commit();

            long count = dump(local, queue, me.nodeName(), grave.tick(), dumpFile);
            long[] deleted = deleteLost(local, queue, grave.tick(), last);
            log.info("{}: {} events after tick {} written to {}; {} events and {} ticks removed from the queue",
                    what, count, grave.tick(), dumpFile.toAbsolutePath(), deleted[0], deleted[1]);

            // one transaction: a branch of the new provider, its worker paused at the gravestone's tick
            DemoteResult d = api.demoteRoot(queue, 3, grave.node());
            log.debug("{}: {}", what, d.retNote());
            api.setConsumerPaused(queue, me.workerName(), true);
            api.setConsumerCompleted(queue, me.workerName(), grave.tick());
            for (SubscriberInfo s : subscribers) {
                log.info("{}: dropping old subscriber node {}", what, s.nodeName());
                api.unregisterSubscriber(queue, s.nodeName());
            }
            var pgq = new PgqApi(local);
            for (ConsumerInfo c : pgq.getConsumerInfo(queue)) {
                if (!c.consumerName().startsWith(".")) {
                    log.info("{}: dropping old consumer {}", what, c.consumerName());
                    pgq.unregisterConsumer(queue, c.consumerName());
                }
            }
            local.commit();

            Long globalWm;
            NodeLocation provLoc = members.stream().filter(m -> m.nodeName().equals(grave.node())).findFirst()
                    .orElseThrow();
            try (Connection prov = settings.connectRemote("node " + grave.node(), provLoc.nodeLocation())) {
                var papi = new NodeApi(prov);
                papi.unregisterSubscriber(queue, me.nodeName());
                globalWm = papi.registerSubscriber(queue, me.nodeName(), me.workerName(), grave.tick())
                        .globalWatermark();
                prov.commit();
            }
            if (globalWm != null) {
                api.setGlobalWatermark(queue, globalWm);
                local.commit();
            }
            new NodeAdmin(settings).tagDead(List.of(me.nodeName()), false);
            return new Result(me.nodeName(), grave.node(), grave.tick(), last, count, dumpFile, deleted[0],
                    deleted[1]);
        } catch (SQLException e) {
            throw new Db.DbException(what + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** Where the gravestone is, at which tick, and which node is the root now. */
    private record Grave(String node, long tick, String root) {
    }

    private Grave findGravestone(String what, String me, List<NodeLocation> members) {
        String queue = settings.queue();
        String grave = Failover.gravestone(me);
        String graveNode = null;
        long tick = 0;
        String root = null;
        for (NodeLocation m : members) {
            if (m.nodeName().equals(me) || m.dead()) {
                continue;
            }
            try (Connection c = settings.connectRemote("node " + m.nodeName(), m.nodeLocation())) {
                Optional<NodeInfo> info = NodeAdmin.nodeInfo(c, queue);
                if (info.isEmpty() || info.get().nodeType() == NodeType.LEAF) {
                    continue;
                }
                if (info.get().nodeType() == NodeType.ROOT) {
                    root = m.nodeName();
                }
                Optional<ConsumerInfo> ci = new PgqApi(c).getConsumerInfo(queue, grave);
                c.rollback();
                if (ci.isPresent()) {
                    if (graveNode != null) {
                        throw new AdminException(what + ": two gravestones " + grave + ", on " + graveNode + " and "
                                + m.nodeName() + "; unregister the wrong one; nothing changed");
                    }
                    graveNode = m.nodeName();
                    tick = ci.get().lastTick();
                }
            } catch (SQLException | RuntimeException e) {
                if (e instanceof AdminException a) {
                    throw a;
                }
                log.warn("{}: node {} not checked: {}", what, m.nodeName(), e.getMessage());
            }
        }
        if (root == null) {
            throw new AdminException(what + ": no other node is the root; this node was not replaced (resume its "
                    + "worker instead), or the new root cannot be reached; nothing changed");
        }
        if (graveNode == null) {
            throw new AdminException(what + ": no gravestone " + grave + " on any live node; was this node taken "
                    + "over with takeover --dead-root? nothing changed");
        }
        return new Grave(graveNode, tick, root);
    }

    private static boolean tickExists(Connection c, String queue, long tick) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from pgq.tick t join pgq.queue q on q.queue_id = "
                + "t.tick_queue where q.queue_name = ? and t.tick_id = ?")) {
            ps.setString(1, queue);
            ps.setLong(2, tick);
            try (ResultSet rs = ps.executeQuery()) {
                boolean found = rs.next();
                c.rollback();
                return found;
            }
        }
    }

    /** Reads the batches after {@code fromTick} with a temporary consumer and writes their events as JSON. */
    private static long dump(Connection c, String queue, String node, long fromTick, Path file) throws SQLException {
        String consumer = node + ".dumper";
        var pgq = new PgqApi(c);
        pgq.registerConsumerAt(queue, consumer, fromTick);
        c.commit();
        long count = 0;
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
            w.write("[");
            while (true) {
                Optional<BatchInfo> b = pgq.nextBatchInfo(queue, consumer);
                if (b.isEmpty()) {
                    c.commit();
                    break;
                }
                for (Event e : pgq.getBatchEvents(b.get().batchId())) {
                    w.write(count == 0 ? "\n" : ",\n");
                    w.write(json(e, b.get()));
                    count++;
                }
                pgq.finishBatch(b.get().batchId());
                c.commit();
            }
            w.write(count == 0 ? "]\n" : "\n]\n");
        } catch (IOException e) {
            c.rollback();
            throw new UncheckedIOException("resurrect: cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            pgq.unregisterConsumer(queue, consumer);
            c.commit();
        }
        return count;
    }

    /** One event as python-pgq's resurrect writes it (its field names, {@code ev_time} in ISO form). */
    static String json(Event e, BatchInfo b) {
        return "{\"ev_id\": " + e.id() + ", \"ev_type\": " + str(e.type()) + ", \"ev_data\": " + str(e.data())
                + ", \"ev_extra1\": " + str(e.extra1()) + ", \"ev_extra2\": " + str(e.extra2()) + ", \"ev_extra3\": "
                + str(e.extra3()) + ", \"ev_extra4\": " + str(e.extra4()) + ", \"ev_time\": "
                + str(e.time() == null ? null : e.time().toString()) + ", \"ev_txid\": " + e.txid()
                + ", \"ev_retry\": " + e.retry() + ", \"tick_id\": " + b.curTickId() + ", \"prev_tick_id\": "
                + b.prevTickId() + "}";
    }

    static String str(String s) {
        return Json.write(s);
    }

    /**
     * Deletes the events of the batches {@code (fromTick, lastTick]} (committed after the first tick's snapshot and
     * by the last one's) from every table of the queue, and the ticks after {@code fromTick}.
     *
     * @return events deleted, ticks deleted
     */
    private static long[] deleteLost(Connection c, String queue, long fromTick, long lastTick) throws SQLException {
        String pfx;
        int ntables;
        long queueId;
        try (PreparedStatement ps = c.prepareStatement("select queue_data_pfx, queue_ntables, queue_id from pgq.queue"
                + " where queue_name = ?")) {
            ps.setString(1, queue);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                pfx = rs.getString(1);
                ntables = rs.getInt(2);
                queueId = rs.getLong(3);
            }
        }
        String snaps = "(select tick_snapshot from pgq.tick where tick_queue = ? and tick_id = ?)";
        long events = 0;
        for (int i = 0; i < ntables; i++) {
            String table = pfx + "_" + i;
            try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where "
                    + "txid_visible_in_snapshot(ev_txid, " + snaps + ") and not txid_visible_in_snapshot(ev_txid, "
                    + snaps + ")")) {
                ps.setLong(1, queueId);
                ps.setLong(2, lastTick);
                ps.setLong(3, queueId);
                ps.setLong(4, fromTick);
                events += ps.executeUpdate();
            }
        }
        long ticks;
        try (PreparedStatement ps = c.prepareStatement("delete from pgq.tick where tick_queue = ? and tick_id > ?")) {
            ps.setLong(1, queueId);
            ps.setLong(2, fromTick);
            ticks = ps.executeUpdate();
        }
        c.commit();
        return new long[] {events, ticks};
    }

    /** Lines for the DBA after a resurrect (the CLI prints them). */
    public static List<String> report(Result r) {
        List<String> out = new ArrayList<>();
        out.add("resurrect: " + r.lostEvents() + " events never left node " + r.node() + " (ticks " + r.failoverTick()
                + ".." + r.lastTick() + "): written to " + r.dumpFile().toAbsolutePath() + " and removed from its "
                + "queue");
        out.add("resurrect: " + r.node() + " is now a branch reading from " + r.newProvider() + " from tick "
                + r.failoverTick() + "; its worker is PAUSED");
        out.add("resurrect: check before resuming: its tables may hold rows of those events that the rest of the "
                + "cascade never saw; compare (or resync) its tables, re-apply on the new root what must be kept, "
                + "then resume");
        return out;
    }
}
