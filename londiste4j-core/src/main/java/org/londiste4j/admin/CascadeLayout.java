package org.londiste4j.admin;

import org.londiste4j.L4jException;
import org.londiste4j.db.Db;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.TableInfo;
import org.londiste4j.node.ConsumerState;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeConsumerInfo;
import org.londiste4j.node.NodeException;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeLocation;
import org.londiste4j.node.NodeType;
import org.londiste4j.node.SubscriberInfo;
import org.londiste4j.pgq.PgqApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import java.util.concurrent.TimeUnit;

/**
 * The layout changes of a cascade that leave every node in place: {@code change-provider} (a node's worker reads
 * from another node, at the same tick), {@code drop-node} (a node leaves the cascade) and {@code rename-node}.
 *
 * <p>Invariant: a worker moves between providers only while it is paused and has acknowledged the pause twice
 * (the second acknowledgement comes from a round that began after the pause was committed, so no batch of the
 * old provider is in flight), and it is registered on the new provider at exactly the tick it has completed: no
 * event is lost or applied twice. Everything that can be refused (a loop, a leaf or a dead node as provider, a
 * tick the new provider does not have, a worker that does not answer) is refused before the first change, and a
 * pause set here is undone then. Every wait is bounded ({@link #withAckTimeout}).
 *
 * <p>Hazard: the cascade's {@code pgq.unregister-location} event is replayed by every node below the root, and a
 * node that still depends on that location (its provider) stops replay with an error (an unknown location is
 * skipped). So a location is only ever removed on the root, after every node has stopped referring to it.
 */
public final class CascadeLayout {
    private static final Logger log = LoggerFactory.getLogger(CascadeLayout.class);
    /** How long a worker has to acknowledge a pause, by default: a few of its rounds. */
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int MAX_HOPS = 100;

    private final AdminSettings settings;
    private final Duration ackTimeout;

    public CascadeLayout(AdminSettings settings) {
        this(settings, DEFAULT_ACK_TIMEOUT);
    }

    private CascadeLayout(AdminSettings settings, Duration ackTimeout) {
        this.settings = Objects.requireNonNull(settings);
        this.ackTimeout = ackTimeout;
    }

    /** The same, waiting at most {@code timeout} for a worker to acknowledge a pause. */
    public CascadeLayout withAckTimeout(Duration timeout) {
        return new CascadeLayout(settings, timeout);
    }

    // ------------------------------------------------------------------------------------------------------------
    // change-provider

    /**
     * {@code change-provider}: the consumer (by default the worker) of {@code node} reads from {@code newProvider}
     * from the tick it has completed on: paused and acknowledged, registered on the new provider at that tick,
     * switched, resumed (unless it was paused before), unregistered from the old provider.
     *
     * @param node        the node whose consumer moves (null: this node)
     * @param consumer    the consumer (null: the node's worker)
     * @param newProvider the node to read from
     * @throws AdminException when it cannot be done safely; nothing is changed then
     */
    public void changeProvider(String node, String consumer, String newProvider) {
        String what = "change-provider";
        if (newProvider == null || newProvider.isBlank()) {
            throw new AdminException(what + ": no new provider; give --provider=NODE (or NODE)");
        }
        Members known = members(what);
        Map<String, NodeLocation> members = known.byName();
        String target = node != null ? node : known.local();
        NodeLocation tloc = member(what, members, target);
        NodeLocation ploc = member(what, members, newProvider);
        if (target.equals(newProvider)) {
            throw new AdminException(what + ": node " + target + " cannot be its own provider; pick another node");
        }
        if (tloc.dead()) {
            throw new AdminException(what + ": node " + target + " is tagged dead; tag-alive it first");
        }
        if (ploc.dead()) {
            throw new AdminException(what + ": node " + newProvider + " is tagged dead; pick a live provider "
                    + "(or tag-alive it if it is back)");
        }
        try (Connection nc = settings.connectMember(what, tloc, "bring it back and retry");
             Connection pc = settings.connectMember(what, ploc, "check it is up, or pick another provider")) {
            moveConsumer(what, nc, pc, members, target, consumer, newProvider);
        } catch (SQLException e) {
            throw new Db.DbException(what + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private void moveConsumer(String what, Connection nc, Connection pc, Map<String, NodeLocation> members,
                              String target, String consumer, String newProvider) throws SQLException {
        String queue = settings.queue();
        NodeInfo ni = NodeAdmin.nodeInfo(nc, queue).orElseThrow(() -> new AdminException(what + ": node " + target
                + " has no node of queue " + queue + "; see 'members'"));
        String c = consumer != null ? consumer : ni.workerName();
        boolean isWorker = c.equals(ni.workerName());
        if (isWorker && ni.nodeType() == NodeType.ROOT) {
            throw new AdminException(what + ": node " + target + " is the root, which has no provider; use takeover "
                    + "to make another node the root");
        }
        var napi = new NodeApi(nc);
        ConsumerState cs = consumerState(what, napi, target, c);
        nc.rollback();
        String oldProvider = cs.providerNode();
        if (newProvider.equals(oldProvider)) {
            log.info("Consumer {} on node {} already reads from {}; nothing to do", c, target, newProvider);
            return;
        }
        NodeInfo pi = NodeAdmin.nodeInfo(pc, queue).orElseThrow(() -> new AdminException(what + ": node "
                + newProvider + " has no node of queue " + queue + "; pick another provider"));
        pc.rollback();
        if (pi.nodeType() == NodeType.LEAF) {
            throw new AdminException(what + ": node " + newProvider + " is a leaf, which cannot feed other nodes; "
                    + "give a root or branch");
        }
        refuseLoop(what, members, target, newProvider, pi);
        checkTick(what, pc, newProvider, target, cs.completedTick(), Duration.ZERO);

        boolean wasPaused = cs.paused();
        pause(what, nc, target, c, wasPaused);
        long tick;
        try {
            cs = consumerState(what, napi, target, c);
            nc.rollback();
            if (!Objects.equals(oldProvider, cs.providerNode())) {
                throw new AdminException(what + ": consumer " + c + " on node " + target + " was moved to "
                        + cs.providerNode() + " meanwhile; nothing changed, look at 'status' and retry");
            }
            tick = cs.completedTick();
            checkTick(what, pc, newProvider, target, tick, ackTimeout);
            subscribe(pc, target, members.get(target).nodeLocation(), c, isWorker, tick);
        } catch (RuntimeException | SQLException e) {
            nc.rollback();
            pc.rollback();
            if (!wasPaused) {
                resumeQuietly(nc, target, c);
            }
            throw e;
        }
        try {
            // the node knows every member, but a location missing here would make the switch fail
            napi.registerLocation(queue, newProvider, members.get(newProvider).nodeLocation(), false);
            napi.changeConsumerProvider(queue, c, newProvider);
            nc.commit();
        } catch (RuntimeException | SQLException e) {
            nc.rollback();
            unsubscribeQuietly(pc, newProvider, target, c, isWorker);
            if (!wasPaused) {
                resumeQuietly(nc, target, c);
            }
            throw e;
        }
        if (!wasPaused) {
            napi.setConsumerPaused(queue, c, false);
            nc.commit();
        }
        NodeLocation old = oldProvider == null ? null : members.get(oldProvider);
        if (old == null || old.dead()) {
            log.warn("{}: old provider {} is {}; its registration of {} stays there until it is dropped", what,
                    oldProvider, old == null ? "not a member" : "tagged dead", target);
        } else {
            try (Connection oc = open(old)) {
                unsubscribe(oc, target, c, isWorker);
            } catch (RuntimeException | SQLException e) {
                log.warn("{}: could not unregister {} from old provider {}: {}; it holds back the rotation of "
                        + "that node's queue: there run select * from pgq_node.unregister_subscriber('{}', '{}')",
                        what, target, oldProvider, e.getMessage(), queue, target);
            }
        }
        log.info("Consumer {} on node {} now reads from {} (was {}), from tick {}", c, target, newProvider,
                oldProvider, tick);
    }

    private ConsumerState consumerState(String what, NodeApi api, String node, String consumer) {
        try {
            return api.getConsumerState(settings.queue(), consumer);
        } catch (NodeException e) {
            if (e.code() == 404) {
                throw new AdminException(what + ": node " + node + " has no consumer " + consumer + "; see "
                        + "'show-consumers' there");
            }
            throw e;
        }
    }

    /** Refuses when {@code provider} is {@code node} or below it: the node would feed itself. */
    private void refuseLoop(String what, Map<String, NodeLocation> members, String node, String provider,
                            NodeInfo pi) throws SQLException {
        var chain = new ArrayList<String>();
        chain.add(provider);
        NodeInfo cur = pi;
        for (int hops = 0; cur.nodeType() != NodeType.ROOT; hops++) {
            String up = cur.providerNode();
            if (up == null || hops > MAX_HOPS) {
                throw new AdminException(what + ": cannot find the root above node " + cur.nodeName()
                        + "; check its provider with 'status'");
            }
            chain.add(up);
            if (up.equals(node)) {
                throw new AdminException(what + ": node " + provider + " is below node " + node + " ("
                        + String.join(" <- ", reversed(chain)) + "); that would make a loop, pick a node that"
                        + " is not below " + node);
            }
            NodeLocation loc = member(what, members, up);
            try (Connection c = open(loc)) {
                String name = up;
                cur = NodeAdmin.nodeInfo(c, settings.queue()).orElseThrow(() -> new AdminException(what
                        + ": node " + name + " has no node of queue " + settings.queue() + "; the cascade is "
                        + "broken there"));
            }
        }
    }

    /**
     * Refuses when the provider does not hold {@code tick} in its queue: it was rotated away, or (after
     * {@code waitBehind}, the longest the provider is given to reach it) it has not reached it; in both cases
     * reading from there would lose or repeat events.
     */
    private void checkTick(String what, Connection pc, String provider, String node, Long tick, Duration waitBehind)
            throws SQLException {
        if (tick == null) {
            throw new AdminException(what + ": node " + node + " has no completed tick yet; start its worker "
                    + "first");
        }
        long deadline = System.nanoTime() + waitBehind.toNanos();
        while (true) {
            long[] r = ticks(pc, tick);
            if (r[0] > 0) {
                return;
            }
            if (tick <= r[2]) {
                throw new AdminException(what + ": node " + provider + " no longer has tick " + tick + " that node "
                        + node + " stands at (rotated away; its oldest is " + r[1] + "); pick a provider that has "
                        + "it, or rebuild " + node);
            }
            if (System.nanoTime() >= deadline) {
                if (waitBehind.isZero()) {
                    return; // looked at again once the node is paused
                }
                throw new AdminException(what + ": node " + provider + " is behind node " + node + " (its last tick "
                        + r[2] + ", " + node + " stands at tick " + tick + "); let it catch up (is its worker "
                        + "running? see 'status') and retry; nothing changed");
            }
            sleep(POLL);
        }
    }

    /** On the provider: whether it has {@code tick}, and its oldest and newest tick of the queue. */
    private long[] ticks(Connection pc, long tick) throws SQLException {
        long[] r = new long[3];
        try (PreparedStatement ps = pc.prepareStatement("select count(*) filter (where t.tick_id = ?),"
                + " coalesce(min(t.tick_id), 0), coalesce(max(t.tick_id), 0)"
                + " from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue where q.queue_name = ?")) {
            ps.setLong(1, tick);
            ps.setString(2, settings.queue());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                r[0] = rs.getLong(1);
                r[1] = rs.getLong(2);
                r[2] = rs.getLong(3);
            }
        }
        pc.rollback();
        return r;
    }

    /**
     * Pauses the consumer (unless it is paused already) and waits until it has acknowledged twice; a consumer that
     * does not answer within the timeout (not running) is resumed again and the command refused.
     */
    private void pause(String what, Connection nc, String node, String consumer, boolean wasPaused)
            throws SQLException {
        var api = new NodeApi(nc);
        if (!wasPaused) {
            api.setConsumerPaused(settings.queue(), consumer, true);
            nc.commit();
        }
        try {
            // the first answer may come from a round that read the state just before the pause; the second one
            // comes from a round that began after it, when no batch of the old state is in flight any more
            for (int i = 0; i < 2; i++) {
                api.setConsumerUptodate(settings.queue(), consumer, false);
                nc.commit();
                awaitUptodate(what, nc, node, consumer);
            }
        } catch (RuntimeException | SQLException e) {
            nc.rollback();
            if (!wasPaused) {
                resumeQuietly(nc, node, consumer);
            }
            throw e;
        }
    }

    private void awaitUptodate(String what, Connection nc, String node, String consumer) throws SQLException {
        boolean up;
        try {
            up = NodeAdmin.awaitWorkerRound(nc, settings.queue(), consumer, ackTimeout, POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new L4jException("interrupted", e);
        }
        if (!up) {
            throw new AdminException(what + ": consumer " + consumer + " of node " + node + " did not answer the "
                    + "pause within " + ackTimeout.toSeconds() + " s; is its worker running? start it ('londiste3"
                    + " CONFIG worker -d' on that node) and retry; nothing changed");
        }
    }

    private void resumeQuietly(Connection nc, String node, String consumer) {
        try {
            new NodeApi(nc).setConsumerPaused(settings.queue(), consumer, false);
            nc.commit();
        } catch (RuntimeException | SQLException e) {
            log.warn("consumer {} on node {}: could not resume it: {}; run 'resume --node={}'", consumer, node,
                    e.getMessage(), node);
        }
    }

    /** Registers the node (its worker) or a plain consumer on a provider at {@code tick}, and commits. */
    private void subscribe(Connection pc, String node, String nodeLocation, String consumer, boolean isWorker,
                           long tick) throws SQLException {
        String queue = settings.queue();
        var api = new NodeApi(pc);
        api.registerLocation(queue, node, nodeLocation, false);
        if (isWorker) {
            boolean left = api.getSubscriberInfo(queue).stream().anyMatch(s -> s.nodeName().equals(node));
            if (left) { // left over from an earlier subscription: its consumer is somewhere else
                api.unregisterSubscriber(queue, node);
            }
            api.registerSubscriber(queue, node, consumer, tick);
        } else {
            new PgqApi(pc).registerConsumerAt(queue, consumer, tick);
        }
        pc.commit();
    }

    private void unsubscribe(Connection pc, String node, String consumer, boolean isWorker) throws SQLException {
        String queue = settings.queue();
        if (isWorker) {
            new NodeApi(pc).unregisterSubscriber(queue, node);
        } else {
            new PgqApi(pc).unregisterConsumer(queue, consumer);
        }
        pc.commit();
    }

    private void unsubscribeQuietly(Connection pc, String provider, String node, String consumer, boolean isWorker) {
        try {
            pc.rollback();
            unsubscribe(pc, node, consumer, isWorker);
        } catch (RuntimeException | SQLException e) {
            log.warn("node {}: could not take back the registration of {}: {}", provider, node, e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // drop-node

    /**
     * {@code drop-node}: removes {@code node} from the cascade: refused while other nodes read from it; its
     * subscription on its provider is dropped, its location removed everywhere (through the root, whose event
     * carries it down), and on the node itself, when it can be reached, its pgq_node and londiste state
     * (capture triggers dropped; the schemas and the tables' data stay). Works for a dead node too.
     */
    public void dropNode(String node) {
        String what = "drop-node";
        String queue = settings.queue();
        Map<String, NodeLocation> members = members(what).byName();
        NodeLocation nloc = member(what, members, node);
        Map<String, Scan> scans = scan(members, node);
        Scan self = scans.get(node);
        var children = new java.util.TreeSet<String>();
        scans.values().forEach(s -> {
            if (node.equals(s.provider()) && !s.name().equals(node)) {
                children.add(s.name());
            }
        });
        if (self.info() != null) {
            self.subscribers().forEach(children::add);
        }
        if (!children.isEmpty()) {
            throw new AdminException(what + ": node " + node + " still has subscribers: " + String.join(", ",
                    children) + "; move them first (change-provider --node=NAME --provider=OTHER) or drop them");
        }
        String provider = self.info() != null ? self.provider() : scans.values().stream()
                .filter(s -> s.subscribers().contains(node)).map(Scan::name).findFirst().orElse(null);
        Scan root = scans.values().stream().filter(s -> s.type() == NodeType.ROOT && !s.name().equals(node))
                .findFirst().orElse(null);
        for (Scan s : scans.values()) {
            if (s.failure() != null && !s.name().equals(node)) {
                log.warn("{}: node {} cannot be reached ({}); it keeps its knowledge of {} until the root's event "
                        + "reaches it", what, s.name(), s.failure(), node);
            }
        }
        // 1. the provider stops keeping events for it
        if (provider != null && scans.containsKey(provider) && scans.get(provider).info() != null) {
            run(what, members.get(provider), c -> {
                var api = new NodeApi(c);
                if (api.getSubscriberInfo(queue).stream().anyMatch(s -> s.nodeName().equals(node))) {
                    api.unregisterSubscriber(queue, node);
                }
            });
        }
        // 2. the node itself forgets the cascade
        if (self.info() != null) {
            run(what, nloc, c -> {
                warnRunningWorker(c, node);
                dropLocal(c, node);
            });
        } else {
            log.warn("{}: node {} cannot be reached ({}); its own pgq_node/londiste state stays there: run "
                    + "drop-node {} with its own config once it is back", what, node, self.failure(), node);
        }
        // 3. every other node forgets it: through the root, whose event goes down the cascade to nodes that
        // all know the location (made sure first: the event stops a node that does not)
        if (root != null && root.locations().contains(node)) {
            for (Scan s : scans.values()) {
                if (s.info() != null && !s.name().equals(node) && !s.locations().contains(node)) {
                    run(what, members.get(s.name()), c -> new NodeApi(c).registerLocation(queue, node,
                            nloc.nodeLocation(), nloc.dead()));
                }
            }
            run(what, members.get(root.name()), c -> {
                var api = new NodeApi(c);
                if (api.getQueueLocations(queue).stream().anyMatch(l -> l.nodeName().equals(node))) {
                    api.unregisterLocation(queue, node);
                }
            });
        }
        log.info("Node {} dropped from queue {}", node, queue);
    }

    /** A worker still connected to the dropped node would fail at its next round: say so. */
    private static void warnRunningWorker(Connection c, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select application_name from pg_catalog.pg_stat_activity"
                + " where datname = current_database() and application_name like 'londiste % worker'"
                + " and pid <> pg_catalog.pg_backend_pid()");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                log.warn("drop-node: {} is still connected to node {}; stop that worker ('londiste3 CONFIG worker "
                        + "-s' there)", rs.getString(1), node);
            }
        }
    }

    /** On the node itself: capture triggers dropped, then its pgq_node state (londiste's goes with it). */
    private void dropLocal(Connection c, String node) throws SQLException {
        String queue = settings.queue();
        if (NodeAdmin.hasSchema(c, "londiste")) {
            var lapi = new LondisteApi(c);
            for (TableInfo t : lapi.getTableList(queue)) {
                if (t.local()) {
                    try (PreparedStatement ps = c.prepareStatement("select londiste.drop_table_triggers(?, ?)")) {
                        ps.setString(1, queue);
                        ps.setString(2, t.tableName());
                        ps.execute();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("delete from londiste.applied_execute where queue_name"
                    + " = ?")) {
                ps.setString(1, queue);
                ps.execute();
            }
        }
        new NodeApi(c).dropNode(queue, node);
    }

    // ------------------------------------------------------------------------------------------------------------
    // rename-node

    /**
     * {@code rename-node}: the node {@code oldName} is called {@code newName} everywhere: the new name's location
     * on every node, then (its worker paused) its subscription on its provider, its own node row, its subscribers'
     * provider, and last the old location through the root. Every live member must be reachable.
     */
    public void renameNode(String oldName, String newName) {
        String what = "rename-node";
        String queue = settings.queue();
        if (newName == null || newName.isBlank() || newName.equals(oldName)) {
            throw new AdminException(what + ": give the node's new name, different from " + oldName);
        }
        Map<String, NodeLocation> members = members(what).byName();
        NodeLocation oloc = member(what, members, oldName);
        if (members.containsKey(newName)) {
            throw new AdminException(what + ": node " + newName + " is already a member of queue " + queue
                    + "; pick another name");
        }
        if (oloc.dead()) {
            throw new AdminException(what + ": node " + oldName + " is tagged dead; drop-node it instead");
        }
        Map<String, Scan> scans = scan(members, null);
        var down = scans.values().stream().filter(s -> s.failure() != null).map(s -> s.name() + " (" + s.failure()
                + ")").toList();
        if (!down.isEmpty()) {
            throw new AdminException(what + ": cannot reach " + String.join(", ", down) + "; every live member is "
                    + "renamed at once: bring it back or tag-dead it first; nothing changed");
        }
        Scan self = scans.get(oldName);
        Scan root = scans.values().stream().filter(s -> s.type() == NodeType.ROOT).findFirst().orElseThrow(() ->
                new AdminException(what + ": no root among the members of queue " + queue + "; see 'status'"));
        List<String> children = scans.values().stream().filter(s -> oldName.equals(s.provider())
                && !s.name().equals(oldName)).map(Scan::name).toList();
        String loc = oloc.nodeLocation();
        boolean paused = false;
        boolean wasPaused = false;
        try (Connection nc = open(oloc)) {
            String worker = self.info().workerName();
            if (self.type() != NodeType.ROOT) {
                // its worker tells its provider its watermark under its name: keep it still meanwhile
                wasPaused = self.info().workerPaused() != null && self.info().workerPaused();
                pause(what, nc, oldName, worker, wasPaused);
                paused = true;
            }
            // 1. every node learns the new name (the root sends it down as well)
            for (Scan s : scans.values()) {
                run(what, members.get(s.name()), c -> new NodeApi(c).registerLocation(queue, newName, loc, false));
            }
            // 2. its provider: the subscription and its watermark consumer under the new name
            if (self.provider() != null && self.type() != NodeType.ROOT) {
                run(what, members.get(self.provider()), c -> renameSubscriber(c, oldName, newName));
            }
            // 3. the node itself
            try (PreparedStatement ps = nc.prepareStatement("update pgq_node.node_info set node_name = ? where "
                    + "queue_name = ? and node_name = ?");
                 PreparedStatement ls = nc.prepareStatement("update pgq_node.local_state set provider_node = ? "
                         + "where queue_name = ? and provider_node = ?")) {
                ps.setString(1, newName);
                ps.setString(2, queue);
                ps.setString(3, oldName);
                ps.executeUpdate();
                ls.setString(1, newName);
                ls.setString(2, queue);
                ls.setString(3, oldName); // on the root its worker's own row
                ls.executeUpdate();
            }
            nc.commit();
            // 4. the nodes that read from it
            for (String child : children) {
                run(what, members.get(child), c -> {
                    var api = new NodeApi(c);
                    for (NodeConsumerInfo ci : api.getConsumerInfo(queue)) {
                        if (oldName.equals(ci.providerNode())) {
                            api.changeConsumerProvider(queue, ci.consumerName(), newName);
                        }
                    }
                });
            }
            if (paused && !wasPaused) {
                new NodeApi(nc).setConsumerPaused(queue, worker, false);
                nc.commit();
                paused = false;
            }
        } catch (SQLException e) {
            throw new Db.DbException(what + ": " + e.getMessage(), e.getSQLState(), e);
        } finally {
            if (paused && !wasPaused) {
                log.warn("{}: the worker of node {} is still paused; look at 'status', then 'resume --node={}'",
                        what, oldName, newName);
            }
        }
        // 5. the old name goes, through the root (its event reaches every node, none of which refers to it now)
        run(what, members.get(root.name()), c -> new NodeApi(c).unregisterLocation(queue, oldName));
        log.info("Node {} renamed to {} in queue {}", oldName, newName, queue);
    }

    /** On the provider: the subscriber row and its watermark consumer move to the new name; the worker stays. */
    private void renameSubscriber(Connection c, String oldName, String newName) throws SQLException {
        String queue = settings.queue();
        String oldWm = "." + oldName + ".watermark";
        String newWm = "." + newName + ".watermark";
        var pgq = new PgqApi(c);
        long wm = pgq.getConsumerInfo(queue, oldWm).map(ci -> ci.lastTick()).orElseThrow(() ->
                new AdminException("rename-node: the provider has no watermark consumer " + oldWm + "; see "
                        + "'show-consumers' there"));
        pgq.registerConsumerAt(queue, newWm, wm);
        try (PreparedStatement ps = c.prepareStatement("update pgq_node.subscriber_info set subscriber_node = ?,"
                + " watermark_name = ? where queue_name = ? and subscriber_node = ?")) {
            ps.setString(1, newName);
            ps.setString(2, newWm);
            ps.setString(3, queue);
            ps.setString(4, oldName);
            ps.executeUpdate();
        }
        pgq.unregisterConsumer(queue, oldWm);
    }

    // ------------------------------------------------------------------------------------------------------------
    // members

    /** The members as this node knows them, and this node's name. */
    private record Members(String local, Map<String, NodeLocation> byName) {
    }

    private Members members(String what) {
        try (Connection c = settings.connectLocal()) {
            String local = NodeAdmin.requireNode(c, settings.queue()).nodeName();
            var out = new LinkedHashMap<String, NodeLocation>();
            new NodeApi(c).getQueueLocations(settings.queue()).forEach(m -> out.put(m.nodeName(), m));
            c.rollback();
            return new Members(local, out);
        } catch (SQLException e) {
            throw new Db.DbException(what + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private NodeLocation member(String what, Map<String, NodeLocation> members, String name) {
        NodeLocation m = members.get(name);
        if (m == null) {
            throw new AdminException(what + ": no such node in queue " + settings.queue() + ": " + name
                    + "; see 'members'");
        }
        return m;
    }

    private Connection open(NodeLocation m) {
        return settings.connectRemote("node " + m.nodeName(), m.nodeLocation());
    }

    /** What a member told about itself; {@code failure} when it was not asked (dead) or could not be. */
    private record Scan(String name, NodeInfo info, List<String> subscribers, List<String> locations,
                        String failure) {
        NodeType type() {
            return info == null ? null : info.nodeType();
        }

        String provider() {
            return info == null ? null : info.providerNode();
        }
    }

    /** Asks every live member (and {@code alsoDead}, dead or not) for its node, subscribers and locations. */
    private Map<String, Scan> scan(Map<String, NodeLocation> members, String alsoDead) {
        var out = new LinkedHashMap<String, Scan>();
        for (NodeLocation m : members.values()) {
            if (m.dead() && !m.nodeName().equals(alsoDead)) {
                out.put(m.nodeName(), new Scan(m.nodeName(), null, List.of(), List.of(), "tagged dead"));
                continue;
            }
            try (Connection c = open(m)) {
                NodeInfo i = NodeAdmin.nodeInfo(c, settings.queue()).orElse(null);
                if (i == null) {
                    out.put(m.nodeName(), new Scan(m.nodeName(), null, List.of(), List.of(), "has no node of queue "
                            + settings.queue()));
                    continue;
                }
                var api = new NodeApi(c);
                List<String> subs = i.nodeType() == NodeType.LEAF ? List.of()
                        : api.getSubscriberInfo(settings.queue()).stream().map(SubscriberInfo::nodeName).toList();
                List<String> locs = api.getQueueLocations(settings.queue()).stream().map(NodeLocation::nodeName)
                        .toList();
                c.rollback();
                out.put(m.nodeName(), new Scan(m.nodeName(), i, subs, locs, null));
            } catch (SQLException | L4jException e) {
                String msg = String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("");
                out.put(m.nodeName(), new Scan(m.nodeName(), null, List.of(), List.of(), msg));
            }
        }
        return out;
    }

    private interface Step {
        void run(Connection c) throws SQLException;
    }

    /** Runs a step on a member in one transaction. */
    private void run(String what, NodeLocation m, Step step) {
        try (Connection c = open(m)) {
            step.run(c);
            c.commit();
        } catch (SQLException e) {
            throw new Db.DbException(what + ": node " + m.nodeName() + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private static void sleep(Duration d) {
        try {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new L4jException("interrupted", e);
        }
    }

    private static List<String> reversed(List<String> l) {
        var out = new ArrayList<>(l);
        java.util.Collections.reverse(out);
        return out;
    }
}
