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
import org.londiste4j.pgq.ConsumerInfo;
import org.londiste4j.pgq.PgqApi;
import org.londiste4j.pgq.QueueInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Failover: {@code takeover OLD_NODE --dead-root} (and {@code --dead-branch}), run on the node that takes the dead
 * node's place when the dead node cannot be reached at all. Python-pgq's {@code takeover} with a dead node, done so
 * that nothing is changed before every check has passed.
 *
 * <p>Dead root, in order: the dead node (and every {@code --dead} node) is tagged dead on every live member; this
 * branch or leaf is promoted to root (a leaf first gets a queue starting at the tick it applied, and capture
 * triggers instead of its deny ones: {@link LeafPromotion}, as the switchover does it); in the same transaction a gravestone is left here (the dead root subscribed under
 * the consumer {@code OLD.gravestone} at the tick this node stands on, the last tick of the old root that reached
 * the cascade) and every replicated sequence is set past the highest value any survivor has seen (its own value,
 * the value replication published, the largest value in a column it feeds); then every survivor that read from
 * the dead root is moved under the new root at the tick it stands on.
 *
 * <p>Invariant (why it refuses): the new root must hold every tick any survivor applied, or the ticks it makes
 * next would reuse ids of batches a survivor already consumed and that survivor would skip the new events. So a
 * branch that passed a later tick of the dead root than this node refuses the takeover here (run it on that
 * branch: no catch-up is attempted, as its provider is gone and nothing could be waited for safely). A new root
 * that was a leaf has no tick before the failover tick: a survivor behind it is moved forward to that tick, and a
 * warning names it (the events in between reach it no more). A leaf that is
 * ahead cannot feed anyone: it is moved back to this node's tick (it then holds rows of ticks the new root never
 * got, which {@code resurrect} lists on the old root) and a warning names it. A survivor that cannot be reached
 * refuses the takeover unless it is named with {@code --dead}; a dead root that still answers refuses it too (that
 * is a planned switchover).
 *
 * <p>Hazard: the gravestone holds the new root's queue (its rotation keeps every event since the failover tick)
 * until {@code resurrect} on the old root, or {@code drop-node OLD}, removes it.
 */
public final class Failover {
    private static final Logger log = LoggerFactory.getLogger(Failover.class);

    /** The gravestone consumer python-pgq names {@code failover_consumer_name}. */
    public static String gravestone(String node) {
        return node + ".gravestone";
    }

    /**
     * What the takeover did.
     *
     * @param newNode       the node that took over (this one; the root after --dead-root)
     * @param failoverTick  --dead-root: the tick the gravestone stands on (the last tick of the dead root the new
     *                      root has); --dead-branch: this node's tick
     * @param moved         survivors moved, each with its new provider and the tick it was registered at
     * @param warnings      things the DBA must look at (each also logged)
     */
    public record Result(String oldNode, String newNode, long failoverTick, List<Move> moved,
                         Map<String, Long> sequences, List<String> warnings) {
        /** The nodes moved, by name. */
        public Set<String> movedNodes() {
            Set<String> out = new TreeSet<>();
            moved.forEach(m -> out.add(m.node()));
            return out;
        }
    }

    /** A survivor now reading from {@code provider}, registered there at {@code tick}. */
    public record Move(String node, String provider, long tick) {
    }

    /** A live member: its connection and what it told. */
    private record Survivor(String name, Connection conn, NodeInfo info) {
    }

    private final AdminSettings settings;

    public Failover(AdminSettings settings) {
        this.settings = settings;
    }

    /**
     * {@code takeover OLD --dead-root}: this branch or leaf becomes the root in place of the unreachable {@code oldNode}.
     * Run again after a failure half-way (this node already the root, the gravestone there), it finishes moving
     * the survivors that still read from the dead root.
     *
     * @param alsoDead other members known dead ({@code --dead}): not asked, not moved
     * @throws AdminException before anything is changed, when the takeover cannot be done safely (see the class
     *                        comment)
     */
    public Result deadRoot(String oldNode, List<String> alsoDead) {
        String queue = settings.queue();
        String what = "takeover --dead-root";
        Map<String, Survivor> live = new LinkedHashMap<>();
        try (Connection local = settings.connectLocal()) {
            NodeInfo me = NodeAdmin.requireNode(local, queue);
            List<NodeLocation> members = new NodeApi(local).getQueueLocations(queue);
            local.rollback();
            Set<String> dead = checkNames(what, oldNode, alsoDead, me, members);
            Long resumedAt = null;
            if (me.nodeType() == NodeType.ROOT) {
                resumedAt = new PgqApi(local).getConsumerInfo(queue, gravestone(oldNode)).map(ConsumerInfo::lastTick)
                        .orElseThrow(() -> new AdminException(what + ": this node " + me.nodeName() + " is the root "
                                + "already; nothing changed"));
                local.rollback();
            } else if (me.combinedQueue() != null) {
                throw new AdminException(what + ": this node " + me.nodeName() + " is a merge leaf (combined queue "
                        + me.combinedQueue() + "), which cannot become the root; run the takeover on a branch or a "
                        + "plain leaf");
            } else if (me.nodeType() != NodeType.BRANCH && me.nodeType() != NodeType.LEAF) {
                throw new AdminException(what + ": this node " + me.nodeName() + " is a " + me.nodeType()
                        + "; run the takeover on a branch or a leaf");
            } else if (me.nodeType() == NodeType.LEAF && me.workerLastTick() == null) {
                throw new AdminException(what + ": leaf " + me.nodeName() + " has applied no tick of "
                        + me.providerNode() + " yet; run the takeover on another node; nothing changed");
            } else if (!oldNode.equals(me.providerNode())) {
                throw new AdminException(what + ": this node " + me.nodeName() + " reads from " + me.providerNode()
                        + ", not from " + oldNode + "; run the takeover on a node that " + oldNode + " fed");
            }
            refuseIfAnswering(what, oldNode, members);
            live.put(me.nodeName(), new Survivor(me.nodeName(), local, me));
            List<NodeLocation> learned = discover(what, live, members, dead);
            long tick;
            Map<String, Long> seqs = Map.of();
            List<String> unsynced = List.of();
            if (resumedAt == null) {
                long myTick = me.workerLastTick() == null ? 0 : me.workerLastTick();
                for (Survivor s : live.values()) {
                    Long t = s.info().workerLastTick();
                    if (s.info().nodeType() == NodeType.BRANCH && oldNode.equals(s.info().providerNode())
                            && t != null && t > myTick) {
                        throw new AdminException(what + ": branch " + s.name() + " has passed tick " + t + " of "
                                + oldNode + ", this node only " + myTick + "; run the takeover on " + s.name()
                                + " instead, so that no event it holds is lost; nothing changed");
                    }
                }
                seqs = seenSequences(live.values(), queue);
                unsynced = unsynced(what, local, queue);
                register(local, learned);
                tagDead(dead);
                tick = promote(local, me, oldNode, seqs);
                log.info("{}: node {} promoted to root at tick {}; gravestone {} left there", what, me.nodeName(),
                        tick, gravestone(oldNode));
            } else {
                tick = resumedAt;
                register(local, learned);
                tagDead(dead);
                log.info("{}: node {} is the root since tick {} already; moving the survivors still under {}", what,
                        me.nodeName(), tick, oldNode);
            }

            List<Move> moved = new ArrayList<>();
            List<String> warnings = new ArrayList<>(unsynced);
            for (Survivor s : live.values()) {
                if (s.name().equals(me.nodeName()) || !oldNode.equals(s.info().providerNode())) {
                    continue;
                }
                moved.add(moveUnder(what, s, me.nodeName(), local, tick, oldNode, true, warnings));
            }
            noTicker(what, local, me.nodeName()).ifPresent(warnings::add);
            return new Result(oldNode, me.nodeName(), tick, moved, seqs, warnings);
        } catch (SQLException e) {
            throw new Db.DbException(what + ": " + e.getMessage(), e.getSQLState(), e);
        } finally {
            // the first is this node's own connection, closed with the try
            live.values().stream().skip(1).forEach(s -> Db.closeQuietly(s.conn()));
        }
    }

    /**
     * {@code takeover OLD --dead-branch}: the subscribers of the unreachable branch {@code oldNode} are moved
     * under this node, each at the tick it stands on; when this node read from the dead branch, it first moves
     * under the dead branch's provider. Nothing is lost: every tick the dead branch passed on exists upstream.
     *
     * <p>Refused before any change when a subscriber of the dead branch is further than this node (its tick is not
     * in this node's queue yet): run it on that node, or let this node catch up first.
     *
     * @param alsoDead other members known dead ({@code --dead}): not asked, not moved
     */
    public Result deadBranch(String oldNode, List<String> alsoDead) {
        String queue = settings.queue();
        String what = "takeover --dead-branch";
        Map<String, Survivor> live = new LinkedHashMap<>();
        try (Connection local = settings.connectLocal()) {
            NodeInfo me = NodeAdmin.requireNode(local, queue);
            List<NodeLocation> members = new NodeApi(local).getQueueLocations(queue);
            local.rollback();
            Set<String> dead = checkNames(what, oldNode, alsoDead, me, members);
            if (me.nodeType() == NodeType.LEAF) {
                throw new AdminException(what + ": this node " + me.nodeName() + " is a leaf, which keeps no queue "
                        + "to feed others; run the takeover on a branch or the root");
            }
            refuseIfAnswering(what, oldNode, members);
            live.put(me.nodeName(), new Survivor(me.nodeName(), local, me));
            List<NodeLocation> learned = discover(what, live, members, dead);
            for (Survivor s : live.values()) {
                if (s.info().nodeType() == NodeType.ROOT && oldNode.equals(s.name())) {
                    throw new AdminException(what + ": " + oldNode + " is the root; use --dead-root");
                }
            }
            // the dead branch's provider: the live node that still counts it as a subscriber
            String provider = null;
            for (Survivor s : live.values()) {
                if (s.info().nodeType() != NodeType.LEAF && new NodeApi(s.conn()).getSubscriberInfo(queue).stream()
                        .anyMatch(x -> x.nodeName().equals(oldNode))) {
                    provider = s.name();
                }
                s.conn().rollback();
            }
            if (provider == null) {
                throw new AdminException(what + ": no live node feeds " + oldNode + "; is it a branch of this "
                        + "queue? (see 'status'); nothing changed");
            }
            boolean fedByDead = oldNode.equals(me.providerNode());
            long myTop = me.nodeType() == NodeType.ROOT ? Long.MAX_VALUE
                    : me.workerLastTick() == null ? 0 : me.workerLastTick();
            for (Survivor s : live.values()) {
                Long t = s.info().workerLastTick();
                if (!s.name().equals(me.nodeName()) && oldNode.equals(s.info().providerNode()) && t != null
                        && t > myTop) {
                    String hint = s.info().nodeType() == NodeType.BRANCH ? "run the takeover on " + s.name()
                            + " instead, or " : "";
                    throw new AdminException(what + ": " + s.info().nodeType() + " " + s.name() + " has passed tick "
                            + t + ", this node only " + myTop + "; " + hint + "let this node catch up first"
                            + (fedByDead ? " (change-provider --provider=" + provider + ", wait-provider)" : "")
                            + " and run again; nothing changed");
                }
            }
            register(local, learned);
            tagDead(dead);
            List<String> warnings = new ArrayList<>();
            List<Move> moved = new ArrayList<>();
            if (fedByDead) {
                Survivor up = live.get(provider);
                Survivor self = live.get(me.nodeName());
                moved.add(moveUnder(what, self, provider, up.conn(), Long.MAX_VALUE, oldNode, false, warnings));
            }
            for (Survivor s : live.values()) {
                if (s.name().equals(me.nodeName()) || !oldNode.equals(s.info().providerNode())) {
                    continue;
                }
                moved.add(moveUnder(what, s, me.nodeName(), local, Long.MAX_VALUE, oldNode, false, warnings));
            }
            String w = "node " + oldNode + " is still subscribed on " + provider + ", where its position keeps "
                    + "events: drop-node " + oldNode + " once it is gone for good";
            log.warn("{}: {}", what, w);
            warnings.add(w);
            long tick = me.workerLastTick() == null ? 0 : me.workerLastTick();
            return new Result(oldNode, me.nodeName(), tick, moved, Map.of(), warnings);
        } catch (SQLException e) {
            throw new Db.DbException(what + ": " + e.getMessage(), e.getSQLState(), e);
        } finally {
            live.values().stream().skip(1).forEach(s -> Db.closeQuietly(s.conn()));
        }
    }

    /**
     * Tags each dead node on every live member that can be reached, one node at a time: a member that never heard
     * of one of them (a --dead node it does not know) still gets the others.
     */
    private void tagDead(Set<String> dead) {
        for (String n : dead) {
            new NodeAdmin(settings).tagDead(List.of(n), true);
        }
    }

    /** The dead nodes (OLD and --dead), refused when unknown or when this node is among them. */
    static Set<String> checkNames(String what, String oldNode, List<String> alsoDead, NodeInfo me,
                                  List<NodeLocation> members) {
        if (oldNode == null || oldNode.isBlank()) {
            throw new AdminException(what + ": no OLD_NODE; name the node to take over");
        }
        Set<String> dead = new TreeSet<>();
        dead.add(oldNode);
        if (alsoDead != null) {
            dead.addAll(alsoDead);
        }
        Set<String> known = new TreeSet<>();
        members.forEach(m -> known.add(m.nodeName()));
        List<String> unknown = dead.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new AdminException(what + ": no such node in the queue: " + String.join(", ", unknown)
                    + "; see 'members'");
        }
        if (dead.contains(me.nodeName())) {
            throw new AdminException(what + ": " + me.nodeName() + " is this node; run the takeover on the node "
                    + "that takes its place");
        }
        return dead;
    }

    /** A root that still answers is not dead: its takeover must be the planned one, which loses nothing. */
    private void refuseIfAnswering(String what, String oldNode, List<NodeLocation> members) {
        String option = what.substring(what.indexOf("--"));
        NodeLocation loc = members.stream().filter(m -> m.nodeName().equals(oldNode)).findFirst().orElseThrow();
        Connection c;
        try {
            c = settings.connectRemote("node " + oldNode, loc.nodeLocation());
        } catch (RuntimeException e) {
            log.info("{}: node {} does not answer ({}), taking it as dead", what, oldNode, e.getMessage());
            return;
        }
        try {
            NodeInfo info = NodeAdmin.nodeInfo(c, settings.queue()).orElse(null);
            if (info != null) {
                throw new AdminException(what + ": node " + oldNode + " answers and is the " + info.nodeType()
                        + "; take it over without " + option + " (a switchover loses nothing), or stop it first");
            }
        } catch (SQLException e) {
            log.info("{}: node {} answers but fails ({}), taking it as dead", what, oldNode, e.getMessage());
        } finally {
            Db.closeQuietly(c);
        }
    }

    /** Whether this node's queue holds the tick (a survivor can be registered there only then). */
    private boolean hasTick(Connection local, long tick) throws SQLException {
        try (PreparedStatement ps = local.prepareStatement("select 1 from pgq.tick t join pgq.queue q"
                + " on q.queue_id = t.tick_queue where q.queue_name = ? and t.tick_id = ?")) {
            ps.setString(1, settings.queue());
            ps.setLong(2, tick);
            try (ResultSet rs = ps.executeQuery()) {
                boolean found = rs.next();
                local.rollback();
                return found;
            }
        }
    }

    /** How long the new root's first tick may take before the takeover warns that no ticker runs there. */
    static final java.time.Duration TICKER_WAIT = java.time.Duration.ofSeconds(3);

    /**
     * A tick asked for on the new root (pgq.force_tick) and waited for, at most {@link #TICKER_WAIT}: on a branch
     * pgqd had nothing to tick, so a pgqd that does not list this database went unnoticed until now, and without
     * ticks no new write leaves the new root.
     */
    private Optional<String> noTicker(String what, Connection local, String node) throws SQLException {
        String queue = settings.queue();
        var pgq = new PgqApi(local);
        long before = pgq.forceTick(queue);
        local.commit();
        long deadline = System.nanoTime() + TICKER_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            long now = pgq.getQueueInfo(queue).map(QueueInfo::lastTickId).orElse(before);
            local.rollback();
            if (now > before) {
                return Optional.empty();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String w = "no ticker ticks queue " + queue + " on " + node + " (no new tick in " + TICKER_WAIT.toSeconds()
                + " s): start pgqd for this database, or no new write leaves it";
        log.warn("{}: {}", what, w);
        return Optional.of(w);
    }

    /**
     * The tables this node replays that are not in sync here (a copy that the dead provider never finished): as
     * the root, it holds their rows only partly, and so will every node that copies them from it. Not a refusal:
     * the provider is gone either way; the DBA must know.
     */
    private static List<String> unsynced(String what, Connection local, String queue) throws SQLException {
        List<String> out = new ArrayList<>();
        for (TableInfo t : new LondisteApi(local).getTableList(queue)) {
            if (t.local() && !"ok".equals(t.mergeState())) {
                String w = "table " + t.tableName() + " was not in sync here (state " + (t.mergeState() == null
                        ? "none, copy not started" : t.mergeState()) + "): the new root holds its rows only in part; "
                        + "fill it from a copy you trust, or remove-table and add-table it again";
                log.warn("{}: {}", what, w);
                out.add(w);
            }
        }
        local.rollback();
        return out;
    }

    /**
     * Reaches every live member: those this node knows, and those any reached member knows (a member created while
     * this node's worker was behind is known here only once the root's location event reached it, and the root is
     * gone).
     *
     * @return the members learned from others (to be registered here)
     */
    private List<NodeLocation> discover(String what, Map<String, Survivor> live, List<NodeLocation> members,
                                        Set<String> dead) throws SQLException {
        String queue = settings.queue();
        Set<String> seen = new TreeSet<>(live.keySet());
        members.forEach(m -> seen.add(m.nodeName()));
        java.util.ArrayDeque<NodeLocation> todo = new java.util.ArrayDeque<>(members);
        List<NodeLocation> learned = new ArrayList<>();
        while (!todo.isEmpty()) {
            NodeLocation m = todo.poll();
            if (dead.contains(m.nodeName()) || m.dead() || live.containsKey(m.nodeName())) {
                continue;
            }
            Survivor s = reach(what, m, queue);
            live.put(m.nodeName(), s);
            for (NodeLocation x : new NodeApi(s.conn()).getQueueLocations(queue)) {
                if (seen.add(x.nodeName()) && !x.dead()) {
                    learned.add(x);
                    todo.add(x);
                }
            }
            s.conn().rollback();
        }
        return learned;
    }

    private void register(Connection local, List<NodeLocation> learned) throws SQLException {
        var api = new NodeApi(local);
        for (NodeLocation m : learned) {
            api.registerLocation(settings.queue(), m.nodeName(), m.nodeLocation(), false);
            log.info("node {} learnt from the other members", m.nodeName());
        }
        local.commit();
    }

    private Survivor reach(String what, NodeLocation m, String queue) throws SQLException {
        Connection c = settings.connectMember(what, m, "bring it back, or name it with --dead=" + m.nodeName()
                + "; nothing changed");
        try {
            NodeInfo info = NodeAdmin.nodeInfo(c, queue).orElseThrow(() -> new AdminException(what + ": node "
                    + m.nodeName() + " has no node of queue " + queue + "; drop-node it or name it with --dead="
                    + m.nodeName() + "; nothing changed"));
            c.rollback();
            return new Survivor(m.nodeName(), c, info);
        } catch (RuntimeException | SQLException e) {
            Db.closeQuietly(c);
            throw e;
        }
    }

    /**
     * For each sequence the new root replicates, the highest value any survivor has seen: its own value, and the
     * largest value of every integer column the sequence feeds (a row replicated before the sequence's value).
     */
    static Map<String, Long> seenSequences(Iterable<Survivor> live, String queue) throws SQLException {
        Connection first = live.iterator().next().conn();
        List<SeqInfo> seqs = new LondisteApi(first).getSeqList(queue);
        first.rollback();
        Map<String, Long> seen = new LinkedHashMap<>();
        for (SeqInfo s : seqs) {
            long v = s.lastValue();
            for (Survivor n : live) {
                v = Math.max(v, seenOn(n.conn(), s.seqName()));
            }
            seen.put(s.seqName(), v);
        }
        return seen;
    }

    private static long seenOn(Connection c, String seq) throws SQLException {
        long v = Long.MIN_VALUE;
        String oidSql = "select c.oid from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = "
                + "c.relnamespace where n.nspname = ? and c.relname = ? and c.relkind = 'S'";
        List<String> parts = Quote.splitName(seq);
        Long oid = null;
        try (PreparedStatement ps = c.prepareStatement(oidSql)) {
            ps.setString(1, parts.get(0));
            ps.setString(2, parts.get(1));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    oid = rs.getLong(1);
                }
            }
        }
        if (oid == null) {
            c.rollback();
            return v;
        }
        try (PreparedStatement ps = c.prepareStatement("select last_value from " + Quote.fqIdent(seq));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            v = rs.getLong(1);
        }
        v = Math.max(v, fedMax(c, oid));
        c.rollback();
        return v;
    }

    /**
     * The largest value in the integer columns a sequence feeds (serial, identity, or a plain nextval default), in
     * the caller's transaction; {@code Long.MIN_VALUE} when none holds a value.
     */
    static long fedMax(Connection c, long oid) throws SQLException {
        long v = Long.MIN_VALUE;
        // columns whose default takes this sequence (serial, identity, or a plain nextval default)
        String cols = "select a.attrelid::regclass::text, a.attname from pg_catalog.pg_attribute a"
                + " join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum"
                + " join pg_catalog.pg_depend dp on dp.classid = 'pg_catalog.pg_attrdef'::regclass"
                + " and dp.objid = d.oid and dp.refclassid = 'pg_catalog.pg_class'::regclass and dp.refobjid = ?"
                + " where a.atttypid in ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) and not a.attisdropped"
                + " union select a.attrelid::regclass::text, a.attname from pg_catalog.pg_depend dp"
                + " join pg_catalog.pg_attribute a on a.attrelid = dp.refobjid and a.attnum = dp.refobjsubid"
                + " where dp.classid = 'pg_catalog.pg_class'::regclass and dp.objid = ? and dp.deptype = 'i'"
                + " and a.atttypid in ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)";
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(cols)) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        for (String[] col : columns) {
            try (PreparedStatement ps = c.prepareStatement("select max(" + Quote.ident(col[1]) + ") from "
                    + col[0]); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long m = rs.getLong(1);
                    if (!rs.wasNull()) {
                        v = Math.max(v, m);
                    }
                }
            }
        }
        return v;
    }

    /**
     * One transaction on this node: promote_branch, the gravestone at the tick the new root starts from, and the
     * sequences set past what the survivors saw (never backwards).
     *
     * @return the failover tick
     */
    private long promote(Connection local, NodeInfo me, String oldNode, Map<String, Long> seqs) throws SQLException {
        String queue = settings.queue();
        var api = new NodeApi(local);
        try {
            if (me.nodeType() == NodeType.LEAF) {
                LeafPromotion.toBranch(local, queue, me.workerLastTick());
            }
            api.promoteBranch(queue);
            // as create-root: ticks at most this far apart keep replay lag low under load
            new PgqApi(local).setQueueConfig(queue, "ticker_max_lag", NodeAdmin.ROOT_TICKER_MAX_LAG);
            long tick = api.getNodeInfo(queue).workerLastTick();
            api.registerSubscriber(queue, oldNode, gravestone(oldNode), tick);
            for (var e : seqs.entrySet()) {
                try (PreparedStatement ps = local.prepareStatement("select pg_catalog.setval(?::regclass, "
                        + "greatest(?, (select last_value from " + Quote.fqIdent(e.getKey()) + ")))")) {
                    ps.setString(1, Quote.fqIdent(e.getKey()));
                    ps.setLong(2, e.getValue());
                    ps.executeQuery().close();
                }
                log.info("takeover --dead-root: sequence {} set to at least {}", e.getKey(), e.getValue());
            }
            if (me.nodeType() == NodeType.LEAF) {
                LeafPromotion.captureTriggers(local, queue);
            }
            local.commit();
            return tick;
        } catch (RuntimeException | SQLException e) {
            local.rollback();
            throw e;
        }
    }

    /**
     * Not {@link CascadeLayout#changeProvider}: its pause must be acknowledged by a running worker, and it never
     * moves a node back; here the old provider is dead, so no batch can be in flight and no pause is needed, and a
     * leaf that is ahead of the new root must be moved back to the failover tick.
     *
     * <p>Subscribes a survivor on the new root at the tick it stands on (at most the failover tick) and points its
     * worker there.
     *
     * @return where it went
     */
    private Move moveUnder(String what, Survivor s, String newRoot, Connection rootConn, long failoverTick,
                           String oldNode, boolean forward, List<String> warnings) throws SQLException {
        String queue = settings.queue();
        long tick = s.info().workerLastTick() == null ? failoverTick : s.info().workerLastTick();
        var api = new NodeApi(s.conn());
        if (tick > failoverTick) {
            String w = s.info().nodeType() + " " + s.name() + " had applied ticks " + (failoverTick + 1) + ".." + tick
                    + " of " + oldNode + ", which the new root " + newRoot + " never got: its tables may hold rows "
                    + "the others lack (resurrect on " + oldNode + " lists those events); check them with compare "
                    + "and resync what differs";
            log.warn("{}: {}", what, w);
            warnings.add(w);
            api.setConsumerCompleted(queue, s.info().workerName(), failoverTick);
            tick = failoverTick;
        } else if (forward && tick < failoverTick && !hasTick(rootConn, tick)) {
            long queueFrom = failoverTick;
            String w = s.info().nodeType() + " " + s.name() + " had applied " + oldNode + " only up to tick " + tick
                    + "; the queue of the new root " + newRoot + " starts at tick " + queueFrom + " (it was a leaf, "
                    + "which keeps no queue), so the events of ticks " + (tick + 1) + ".." + queueFrom
                    + " cannot reach it: compare its tables "
                    + "with " + newRoot + " and resync what differs";
            log.warn("{}: {}", what, w);
            warnings.add(w);
            api.setConsumerCompleted(queue, s.info().workerName(), queueFrom);
            tick = queueFrom;
        }
        var up = new NodeApi(rootConn);
        String location = up.getQueueLocations(queue).stream().filter(m -> m.nodeName().equals(newRoot))
                .map(NodeLocation::nodeLocation).findFirst().orElseThrow(() -> new AdminException(what + ": node "
                        + newRoot + " does not know its own location; see 'members' there"));
        up.registerSubscriber(queue, s.name(), s.info().workerName(), tick);
        rootConn.commit();
        // the moved node may not have heard of its new provider yet (the dead node never passed the news on)
        api.registerLocation(queue, newRoot, location, false);
        api.changeConsumerProvider(queue, s.info().workerName(), newRoot);
        s.conn().commit();
        log.info("{}: node {} now reads from {} from tick {}", what, s.name(), newRoot, tick);
        return new Move(s.name(), newRoot, tick);
    }
}
