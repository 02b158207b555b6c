package org.londiste4j.admin;

import org.londiste4j.db.Db;
import org.londiste4j.db.Quote;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.SeqInfo;
import org.londiste4j.londiste.TableInfo;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeLocation;
import org.londiste4j.node.NodeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code takeover OLD_NODE}: a planned switchover. When OLD_NODE is the root, the new node (this one, or
 * {@code --target}) becomes the root and the old root a branch that reads from it: the old root's queue stops
 * taking events (so writes through its replicated tables fail), its last tick is made, the new node applies up to
 * that tick, is promoted (a leaf first gets a queue copy starting at that tick and capture triggers instead of its
 * {@code deny} ones), its sequences are moved just past the values the old root handed out, and the old root is
 * subscribed to it at that tick. When OLD_NODE is a branch, the new node takes its place below its provider and the
 * old one moves below the new one.
 *
 * <p>Invariant: everything that can be refused is checked before the first change (unknown or dead nodes, a new
 * node not caught up or with tables not {@code ok}, a worker that does not answer); writes are refused on the old
 * root only from the freeze to the promotion, and if the new node does not reach the last tick within
 * {@link Limits#switchWait} the freeze is undone and nothing else has changed. Every wait is bounded.
 */
public final class Takeover {
    private static final Logger log = LoggerFactory.getLogger(Takeover.class);

    /**
     * How long each step may wait.
     *
     * @param catchUp     before the freeze: the new node must apply a tick made now on the old node
     * @param switchWait  after the freeze: the new node must apply the old root's last tick (writes are paused)
     * @param workerProbe a worker must show it runs (it marks its state up to date at the start of each round)
     */
    public record Limits(Duration catchUp, Duration switchWait, Duration workerProbe) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofSeconds(20));
    }

    /** Moves a node's worker to another provider ({@code change-provider}), as the cascade layout does it. */
    @FunctionalInterface
    public interface ProviderChange {
        void change(String node, String newProvider);
    }

    /**
     * A sequence of the new root: the highest value the old root handed out, and its value before and after.
     *
     * @param kept null when {@code after} is {@code oldRoot} (the next value is the old root's highest + 1) or the
     *             sequence was behind and moved up; else why the new root's higher value was kept
     */
    public record SeqMove(String seq, long oldRoot, long before, long after, String kept) {
    }

    /**
     * What was done.
     *
     * @param oldType    the old node's type before (root or branch)
     * @param lastTick   root: the old root's last tick, where the new root took over
     * @param writePause root: from the freeze of the old root to the promotion of the new one
     * @param moved      subscribers moved to the new node ({@code --all})
     * @param warnings   what is left for the operator to do (a worker that did not follow)
     */
    public record Result(String oldNode, String newNode, NodeType oldType, long lastTick, Duration writePause,
                         List<SeqMove> seqs, List<String> moved, List<String> warnings) {
    }

    private final AdminSettings settings;
    private final Limits limits;
    private final ProviderChange providerChange;

    /**
     * @param providerChange how {@code --all} and a branch takeover move a worker; null when not available (those
     *                       are then refused before anything changes)
     */
    public Takeover(AdminSettings settings, Limits limits, ProviderChange providerChange) {
        this.settings = Objects.requireNonNull(settings);
        this.limits = Objects.requireNonNull(limits);
        this.providerChange = providerChange;
    }

    /** One node's database, opened for the takeover. */
    private record Node(String name, Connection c) {
        NodeApi api() {
            return new NodeApi(c);
        }
    }

    /**
     * Runs the takeover.
     *
     * @param oldNode the node to replace
     * @param target  the node that takes over; null: this node
     * @param all     also move every other subscriber of the old node to the new one
     * @throws AdminException when it cannot be done safely; then nothing was changed (or, after the freeze, the
     *                        freeze was undone), and the message says why and what to do
     */
    public Result run(String oldNode, String target, boolean all) {
        String queue = settings.queue();
        if (oldNode == null || oldNode.isBlank()) {
            throw new AdminException("takeover: no OLD_NODE given; name the node to take over (see 'members')");
        }
        List<Connection> open = new ArrayList<>();
        try {
            Connection local = settings.connectLocal();
            open.add(local);
            NodeInfo me = NodeAdmin.requireNode(local, queue);
            List<NodeLocation> members = new NodeApi(local).getQueueLocations(queue);
            local.rollback();
            String newName = target == null || target.isBlank() ? me.nodeName() : target;
            if (newName.equals(oldNode)) {
                throw new AdminException("takeover: " + oldNode + " cannot take over itself; run takeover on the "
                        + "node that replaces it, or give --target=NODE");
            }
            Map<String, NodeLocation> byName = new LinkedHashMap<>();
            members.forEach(m -> byName.put(m.nodeName(), m));
            for (String n : List.of(oldNode, newName)) {
                NodeLocation m = byName.get(n);
                if (m == null) {
                    throw new AdminException("takeover: no such node in queue " + queue + ": " + n + "; see 'members'");
                }
                if (m.dead()) {
                    throw new AdminException("takeover: node " + n + " is tagged dead; tag-alive it if it is back, "
                            + "or use --dead-root/--dead-branch for a failover");
                }
            }
            Node neu = newName.equals(me.nodeName()) ? new Node(newName, local)
                    : connect(open, byName.get(newName));
            Node old = connect(open, byName.get(oldNode));
            NodeInfo oi = NodeAdmin.requireNode(old.c(), queue);
            NodeInfo ni = NodeAdmin.requireNode(neu.c(), queue);
            old.c().rollback();
            neu.c().rollback();
            List<String> others = all ? subscribersOf(open, byName, oldNode, newName) : List.of();
            if (all && !others.isEmpty() && providerChange == null) {
                throw new AdminException("takeover --all: moving subscribers (" + String.join(", ", others)
                        + ") needs change-provider, which this build lacks; nothing changed");
            }
            Result r;
            if (oi.nodeType() == NodeType.ROOT) {
                r = takeoverRoot(old, oi, neu, ni, byName);
            } else {
                r = takeoverBranch(old, oi, neu, ni);
            }
            List<String> moved = new ArrayList<>();
            List<String> warnings = new ArrayList<>(r.warnings());
            for (String s : others) {
                // a subscriber moves at the tick it has completed, which the new root's queue must hold: a new
                // root that was a leaf has its queue from the switch's tick on
                if (r.oldType() == NodeType.ROOT && !reached(open, byName.get(s), r.lastTick())) {
                    warnings.add(s + " has not reached tick " + r.lastTick() + " within " + secs(limits.catchUp())
                            + " and still reads from " + oldNode + "; move it later with 'change-provider "
                            + "--node=" + s + " --provider=" + newName + "'");
                    continue;
                }
                providerChange.change(s, newName);
                moved.add(s);
                log.info("takeover: {} now reads from {}", s, newName);
            }
            return new Result(r.oldNode(), r.newNode(), r.oldType(), r.lastTick(), r.writePause(), r.seqs(),
                    moved, warnings);
        } catch (SQLException e) {
            throw new Db.DbException("takeover: " + e.getMessage(), e.getSQLState(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("takeover: interrupted");
        } finally {
            open.forEach(Db::closeQuietly);
        }
    }

    private Node connect(List<Connection> open, NodeLocation m) {
        Connection c = settings.connectRemote("node " + m.nodeName(), m.nodeLocation());
        open.add(c);
        return new Node(m.nodeName(), c);
    }

    /** Waits (at most the catch-up limit) until a node's worker has completed {@code tick}. */
    private boolean reached(List<Connection> open, NodeLocation m, long tick) throws SQLException,
            InterruptedException {
        Node n = connect(open, m);
        long end = System.nanoTime() + limits.catchUp().toNanos();
        while (true) {
            NodeInfo info = NodeAdmin.requireNode(n.c(), settings.queue());
            n.c().rollback();
            if (info.workerLastTick() != null && info.workerLastTick() >= tick) {
                return true;
            }
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    /** The live nodes whose worker reads from {@code parent}, other than {@code except}. */
    private List<String> subscribersOf(List<Connection> open, Map<String, NodeLocation> members, String parent,
                                       String except) throws SQLException {
        List<String> out = new ArrayList<>();
        for (NodeLocation m : members.values()) {
            if (m.dead() || m.nodeName().equals(parent) || m.nodeName().equals(except)) {
                continue;
            }
            Node n = connect(open, m);
            var info = NodeAdmin.nodeInfo(n.c(), settings.queue());
            n.c().rollback();
            if (info.isPresent() && parent.equals(info.get().providerNode())) {
                out.add(m.nodeName());
            }
        }
        return out;
    }

    // ---- root

    private Result takeoverRoot(Node old, NodeInfo oi, Node neu, NodeInfo ni, Map<String, NodeLocation> members)
            throws SQLException, InterruptedException {
        String queue = settings.queue();
        String what = "takeover " + old.name() + " -> " + neu.name();
        if (ni.nodeType() == NodeType.ROOT) {
            throw new AdminException(what + ": " + neu.name() + " is the root already; nothing changed");
        }
        if (ni.combinedQueue() != null) {
            throw new AdminException(what + ": " + neu.name() + " is a merge leaf (combined queue "
                    + ni.combinedQueue() + "), which cannot become the root; nothing changed");
        }
        if (Boolean.TRUE.equals(ni.workerPaused())) {
            throw new AdminException(what + ": the worker of " + neu.name() + " is paused; resume it ('resume "
                    + "--node=" + neu.name() + "') and try again; nothing changed");
        }
        // workers first: without them no table ever gets in sync, and that is the thing to fix
        probeWorkers(what, List.of(old, neu), List.of(oi.workerName(), ni.workerName()));
        checkTables(what, old, neu);
        long probeTick = tickNow(old);
        waitApplied(neu, ni.nodeType(), probeTick, limits.catchUp(), () -> new AdminException(what + ": "
                + neu.name() + " has not applied tick " + probeTick + " of " + old.name() + " within "
                + secs(limits.catchUp()) + "; let it catch up (wait-provider on " + neu.name() + ", status) and "
                + "try again; nothing changed"));
        log.info("{}: {} is caught up (tick {}); freezing writes on {}", what, neu.name(), probeTick, old.name());

        if (ni.nodeType() == NodeType.LEAF) {
            LeafPromotion.prepareQueue(neu.c(), queue);
        }

        // the freeze: from here on writes through the old root's replicated tables fail
        boolean[] flags = queueFlags(old);
        long t0 = System.nanoTime();
        old.api().demoteRoot(queue, 1, neu.name());
        old.c().commit();
        long lastTick;
        List<SeqMove> seqs;
        long eventSeq;
        try {
            lastTick = old.api().demoteRoot(queue, 2, neu.name()).lastTick();
            old.c().commit();
            Map<String, Long> oldSeqs = sequenceValues(old, localSeqs(neu));
            eventSeq = eventSeqValue(old);
            old.c().commit();
            long lt = lastTick;
            waitApplied(neu, ni.nodeType(), lastTick, limits.switchWait(), () -> new AdminException(what + ": "
                    + neu.name() + " did not apply the last tick " + lt + " of " + old.name() + " within "
                    + secs(limits.switchWait()) + "; writes on " + old.name() + " are enabled again and nothing "
                    + "else changed; check the worker of " + neu.name() + " (status) and try again"));
            seqs = promote(neu, ni, lastTick, oldSeqs, eventSeq, old.name(), oi.workerName());
        } catch (RuntimeException | SQLException | InterruptedException e) {
            unfreeze(old, flags);
            throw e;
        }
        Duration pause = Duration.ofNanos(System.nanoTime() - t0);
        log.info("{}: {} is the root from tick {}; writes were paused {} s", what, neu.name(), lastTick,
                String.format(java.util.Locale.ROOT, "%.3f", pause.toNanos() / 1e9));

        List<String> warnings = new ArrayList<>();
        // the new root's worker must have left its subscriber round before the old root relays anything back
        if (!awaitUptodate(neu, ni.workerName(), limits.workerProbe())) {
            warnings.add("the worker of " + neu.name() + " has not taken up its root role within "
                    + secs(limits.workerProbe()) + "; check that it runs ('londiste3 CONFIG worker -d' on "
                    + neu.name() + ")");
        }
        if (ni.providerNode() != null) {
            Node p = ni.providerNode().equals(old.name()) ? old : connectTo(members, ni.providerNode(), old);
            try {
                p.api().unregisterSubscriber(queue, neu.name());
                p.c().commit();
            } finally {
                if (p != old) {
                    Db.closeQuietly(p.c());
                }
            }
        }
        old.api().demoteRoot(queue, 3, neu.name());
        old.c().commit();
        log.info("{}: {} is a branch reading from {}", what, old.name(), neu.name());
        if (!awaitUptodate(old, oi.workerName(), limits.workerProbe())) {
            warnings.add("the worker of " + old.name() + " has not taken up its branch role within "
                    + secs(limits.workerProbe()) + "; start it ('londiste3 CONFIG worker -d' on " + old.name()
                    + ") so that it follows " + neu.name());
        }
        if (!awaitTicker(neu, lastTick, limits.workerProbe())) {
            warnings.add("no ticker made a tick on " + neu.name() + " within " + secs(limits.workerProbe())
                    + "; start pgqd for its database, or nothing reaches " + old.name());
        }
        warnings.forEach(w -> log.warn("{}: {}", what, w));
        return new Result(old.name(), neu.name(), NodeType.ROOT, lastTick, pause, seqs, List.of(), warnings);
    }

    private Node connectTo(Map<String, NodeLocation> members, String name, Node fallback) {
        NodeLocation m = members.get(name);
        if (m == null) {
            return fallback;
        }
        return new Node(name, settings.connectRemote("node " + name, m.nodeLocation()));
    }

    /** Every table the old node replicates must be replicated and {@code ok} on the new node. */
    private void checkTables(String what, Node old, Node neu) throws SQLException {
        String queue = settings.queue();
        Set<String> oldTables = new TreeSet<>();
        for (TableInfo t : new LondisteApi(old.c()).getTableList(queue)) {
            if (t.local()) {
                oldTables.add(t.tableName());
            }
        }
        old.c().rollback();
        Set<String> notOk = new TreeSet<>();
        Set<String> newTables = new TreeSet<>();
        for (TableInfo t : new LondisteApi(neu.c()).getTableList(queue)) {
            if (t.local()) {
                newTables.add(t.tableName());
                if (!"ok".equals(t.mergeState())) {
                    notOk.add(t.tableName() + " (" + (t.mergeState() == null ? "waiting for copy" : t.mergeState())
                            + ")");
                }
            }
        }
        neu.c().rollback();
        if (!notOk.isEmpty()) {
            throw new AdminException(what + ": tables not in sync on " + neu.name() + ": " + String.join(", ", notOk)
                    + "; wait-sync there and try again; nothing changed");
        }
        oldTables.removeAll(newTables);
        if (!oldTables.isEmpty()) {
            throw new AdminException(what + ": tables replicated by " + old.name() + " but not added on "
                    + neu.name() + ": " + String.join(", ", oldTables) + "; add-table them on " + neu.name()
                    + " (or remove-table on " + old.name() + ") and try again; nothing changed");
        }
    }

    /**
     * Each worker marks its state up to date at the start of every round: clearing the flag and seeing it set
     * again proves the worker runs, without changing anything it acts on.
     */
    private void probeWorkers(String what, List<Node> nodes, List<String> workers) throws SQLException,
            InterruptedException {
        String queue = settings.queue();
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).api().setConsumerUptodate(queue, workers.get(i), false);
            nodes.get(i).c().commit();
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (!awaitUptodate(nodes.get(i), workers.get(i), limits.workerProbe())) {
                throw new AdminException(what + ": the worker of " + nodes.get(i).name() + " is not running (no "
                        + "round within " + secs(limits.workerProbe()) + "); start it ('londiste3 CONFIG worker -d' "
                        + "on " + nodes.get(i).name() + ") and try again; nothing changed");
            }
        }
    }

    private boolean awaitUptodate(Node n, String worker, Duration limit) throws SQLException, InterruptedException {
        return NodeAdmin.awaitWorkerRound(n.c(), settings.queue(), worker, limit, Duration.ofMillis(20));
    }

    /** Asks the ticker for a tick on the new root's queue and waits until one past {@code lastTick} is there. */
    private boolean awaitTicker(Node n, long lastTick, Duration limit) throws SQLException, InterruptedException {
        String queue = settings.queue();
        query(n.c(), "select pgq.force_tick(?)", queue);
        n.c().commit();
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            long t = Long.parseLong(query(n.c(), "select last_tick_id from pgq.get_queue_info(?)", queue));
            n.c().rollback();
            if (t > lastTick) {
                return true;
            }
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    /** Makes a tick on the (root's) queue now and returns its id. */
    private long tickNow(Node n) throws SQLException {
        String queue = settings.queue();
        query(n.c(), "select pgq.force_tick(?)", queue);
        n.c().commit();
        query(n.c(), "select pgq.ticker(?)", queue);
        n.c().commit();
        long t = Long.parseLong(query(n.c(), "select last_tick_id from pgq.get_queue_info(?)", queue));
        n.c().commit();
        return t;
    }

    /**
     * Waits until the new node has applied {@code tick} (a branch: and made it in its own queue).
     *
     * @throws AdminException from {@code refusal} when it has not within {@code limit}
     */
    private void waitApplied(Node n, NodeType type, long tick, Duration limit,
                             java.util.function.Supplier<AdminException> refusal)
            throws SQLException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            NodeInfo info = NodeAdmin.requireNode(n.c(), settings.queue());
            boolean applied = info.workerLastTick() != null && info.workerLastTick() >= tick;
            if (applied && type == NodeType.BRANCH) {
                String top = query(n.c(), "select pgq_node._queue_top(?)", settings.queue());
                applied = top != null && Long.parseLong(top) >= tick;
            }
            n.c().rollback();
            if (applied) {
                return;
            }
            if (System.nanoTime() > end) {
                throw refusal.get();
            }
            Thread.sleep(10);
        }
    }

    private boolean[] queueFlags(Node n) throws SQLException {
        try (PreparedStatement ps = n.c().prepareStatement("select queue_disable_insert, queue_external_ticker"
                + " from pgq.queue where queue_name = ?")) {
            ps.setString(1, settings.queue());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AdminException("takeover: node " + n.name() + " has no queue " + settings.queue());
                }
                boolean[] f = {rs.getBoolean(1), rs.getBoolean(2)};
                n.c().rollback();
                return f;
            }
        }
    }

    /** Undoes demote step 1 (and 2, which only made a tick): the old root takes writes and ticks again. */
    private void unfreeze(Node old, boolean[] flags) {
        try {
            old.c().rollback();
            try (PreparedStatement ps = old.c().prepareStatement("update pgq.queue set queue_disable_insert = ?,"
                    + " queue_external_ticker = ? where queue_name = ?")) {
                ps.setBoolean(1, flags[0]);
                ps.setBoolean(2, flags[1]);
                ps.setString(3, settings.queue());
                ps.executeUpdate();
            }
            old.c().commit();
            log.info("takeover: writes on {} enabled again", old.name());
        } catch (SQLException e) {
            log.error("takeover: could not enable writes on {} again ({}); run there: update pgq.queue set "
                    + "queue_disable_insert = false, queue_external_ticker = false where queue_name = '{}'",
                    old.name(), e.getMessage(), settings.queue());
        }
    }

    private List<String> localSeqs(Node n) throws SQLException {
        List<String> out = new ArrayList<>();
        for (SeqInfo s : new LondisteApi(n.c()).getSeqList(settings.queue())) {
            if (s.local()) {
                out.add(s.seqName());
            }
        }
        n.c().rollback();
        return out;
    }

    /** The last value each sequence handed out on a node (those it has). */
    private static Map<String, Long> sequenceValues(Node n, List<String> seqs) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String s : seqs) {
            if (query(n.c(), "select pg_catalog.to_regclass(?)::text", Quote.fqIdent(s)) == null) {
                continue;
            }
            out.put(s, Long.parseLong(query(n.c(), "select last_value from " + Quote.fqIdent(s))));
        }
        return out;
    }

    private long eventSeqValue(Node n) throws SQLException {
        String v = query(n.c(), "select pgq.seq_getval(q.queue_event_seq) from pgq.queue q where q.queue_name = ?",
                settings.queue());
        return v == null ? 0 : Long.parseLong(v);
    }

    /**
     * In one transaction on the new node: a leaf gets a queue starting at {@code lastTick}; the node becomes the
     * root (its queue takes events and ticks again); its event ids and sequences continue past the old root's;
     * a leaf's {@code deny} triggers become capture triggers; the old root is subscribed at {@code lastTick}.
     */
    private List<SeqMove> promote(Node neu, NodeInfo ni, long lastTick, Map<String, Long> oldSeqs, long eventSeq,
                                  String oldName, String oldWorker) throws SQLException {
        String queue = settings.queue();
        Connection c = neu.c();
        c.rollback();
        if (ni.nodeType() == NodeType.LEAF) {
            LeafPromotion.toBranch(c, queue, lastTick);
        }
        neu.api().promoteBranch(queue);
        query(c, "select pgq.set_queue_config(?, 'ticker_max_lag', ?)", queue, NodeAdmin.ROOT_TICKER_MAX_LAG);
        query(c, "select pgq.seq_setval(q.queue_event_seq, ?) from pgq.queue q where q.queue_name = ?",
                eventSeq, queue);
        List<SeqMove> moves = new ArrayList<>();
        for (var e : oldSeqs.entrySet()) {
            String seq = Quote.fqIdent(e.getKey());
            long before = Long.parseLong(query(c, "select last_value from " + seq));
            long after = before;
            String kept = before > e.getValue() ? backwardsUnsafe(c, e.getKey(), before, e.getValue()) : null;
            if (e.getValue() > before || (before > e.getValue() && kept == null)) {
                // is_called: the next value handed out here is the old root's highest + 1
                query(c, "select pg_catalog.setval(?::regclass, ?, true)", seq, e.getValue());
                after = e.getValue();
            } else if (kept != null) {
                log.info("takeover: sequence {} kept at {}, past the old root's {}: {}", e.getKey(), before,
                        e.getValue(), kept);
            }
            moves.add(new SeqMove(e.getKey(), e.getValue(), before, after, kept));
        }
        if (ni.nodeType() == NodeType.LEAF) {
            LeafPromotion.captureTriggers(c, queue);
        }
        neu.api().registerSubscriber(queue, oldName, oldWorker, lastTick);
        c.commit();
        return moves;
    }

    /**
     * Why the new root's sequence, standing at {@code value} above the old root's {@code oldValue} (the safety gap
     * the old root published), must not be set back to it; null when that is safe. Safe only when the value is the
     * one replication set here (nothing called nextval on this node since) and no row of a column the sequence feeds
     * holds more than {@code oldValue}: else a value handed out again would collide with one in use.
     */
    private String backwardsUnsafe(Connection c, String seq, long value, long oldValue) throws SQLException {
        String published = query(c, "select last_value::text from londiste.seq_info where queue_name = ? and "
                + "seq_name = ?", settings.queue(), seq);
        if (published == null || Long.parseLong(published) != value) {
            return "its value " + value + " is not the one replication set here (" + published + "): it was used on "
                    + "this node";
        }
        String oid = query(c, "select ?::regclass::oid::text", Quote.fqIdent(seq));
        long fed = Failover.fedMax(c, Long.parseLong(oid));
        if (fed > oldValue) {
            return "a column it feeds holds " + fed + " here";
        }
        return null;
    }

    // ---- branch

    private Result takeoverBranch(Node old, NodeInfo oi, Node neu, NodeInfo ni) throws SQLException {
        String what = "takeover " + old.name() + " -> " + neu.name();
        if (providerChange == null) {
            throw new AdminException(what + ": " + old.name() + " is a " + oi.nodeType() + "; taking over a "
                    + "non-root node needs change-provider, which this build lacks; nothing changed");
        }
        if (oi.nodeType() == NodeType.LEAF) {
            throw new AdminException(what + ": " + old.name() + " is a leaf, which feeds no node; nothing to take "
                    + "over (change-provider or drop-node it instead); nothing changed");
        }
        if (ni.nodeType() == NodeType.LEAF) {
            throw new AdminException(what + ": " + neu.name() + " is a leaf, which cannot feed " + old.name()
                    + "; take over with a branch; nothing changed");
        }
        checkTables(what, old, neu);
        String upstream = oi.providerNode();
        if (old.name().equals(ni.providerNode())) {
            // the new node reads from the old one: it moves up to the old node's provider first
            providerChange.change(neu.name(), upstream);
        }
        providerChange.change(old.name(), neu.name());
        log.info("{}: {} reads from {}, {} from {}", what, neu.name(), upstream, old.name(), neu.name());
        return new Result(old.name(), neu.name(), oi.nodeType(), 0, Duration.ZERO, List.of(), List.of(), List.of());
    }

    // ---- plumbing

    /** Runs a query and returns the first column of its first row as text (null when none). */
    static String query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Db.bind(ps, args);
            boolean rows = ps.execute();
            if (!rows) {
                return null;
            }
            try (ResultSet rs = ps.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String secs(Duration d) {
        return d.toSeconds() + " s";
    }
}
