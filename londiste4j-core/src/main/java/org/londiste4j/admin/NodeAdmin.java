package org.londiste4j.admin;

import org.londiste4j.db.ConnStr;
import org.londiste4j.db.Db;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.SeqInfo;
import org.londiste4j.londiste.TableInfo;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeException;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeLocation;
import org.londiste4j.node.NodeType;
import org.londiste4j.node.SyncWatermarkList;
import org.londiste4j.pgq.PgqApi;
import org.londiste4j.schema.SchemaInstaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code create-root}, {@code create-branch}, {@code create-leaf}: makes this database a node of the cascaded
 * queue, as the original's {@code create_node} does (install pgq, pgq_node and londiste; register the node's
 * location at the root, at the provider and here; subscribe it on its provider; create the node; learn the
 * provider's tables and sequences), then logs {@code Node "NAME" initialized for queue "Q" with type "T"}.
 *
 * <p>Invariant: everything that can be refused is checked before the first change (a node that already exists
 * here or in the cascade, a provider that is unreachable, no node of the queue, or a leaf; a public connect
 * string that reaches another database); then each database's changes are made in one transaction.
 */
public final class NodeAdmin {
    /** The {@code ticker_max_lag} of a root's queue (the original keeps pgq's default, 3 s). */
    static final String ROOT_TICKER_MAX_LAG = "0.1 seconds";

    private static final Logger log = LoggerFactory.getLogger(NodeAdmin.class);
    /** The schemas a node needs, in install order. */
    static final List<String> SCHEMAS = List.of("pgq", "pgq_node", "londiste");

    /**
     * What a create command asks for.
     *
     * @param node             the node's name
     * @param publicLocation   how other nodes reach this one
     * @param providerLocation the provider's connection string (branch, leaf), else null
     * @param syncWatermark    {@code --sync-watermark} nodes (branch), or null
     * @param mergeQueue       {@code --merge} combined queue (leaf), or null
     */
    public record CreateRequest(NodeType type, String node, String publicLocation, String providerLocation,
                                boolean nocheck, String syncWatermark, String mergeQueue) {
    }

    private final AdminSettings settings;

    public NodeAdmin(AdminSettings settings) {
        this.settings = settings;
    }

    /**
     * Creates the node.
     *
     * @throws AdminException when the node exists already (here or in the cascade), the provider is not a node of
     *                        the queue or is a leaf, or the public location reaches another database; nothing is
     *                        changed then
     */
    public void create(CreateRequest req) {
        String queue = settings.queue();
        String what = "create-" + req.type();
        if (req.node() == null || req.node().isBlank()) {
            throw new AdminException(what + ": no node name; give NODE or set node_name in the config");
        }
        if (req.type() != NodeType.ROOT && (req.providerLocation() == null || req.providerLocation().isBlank())) {
            throw new AdminException(what + ": no provider; give --provider=CONNSTR or set "
                    + "initial_provider_location in the config");
        }
        List<String> syncNodes = checkMergeOptions(what, req);
        ConnStr pub = AdminSettings.parse("public connect string", req.publicLocation());
        if (pub.get("host").isEmpty() && pub.get("hostaddr").isEmpty()) {
            log.warn("public connect string {} has no host=: other nodes on other machines cannot use it", pub);
        }
        try (Connection local = settings.connectLocal()) {
            refuseExistingNode(local, queue, what);
            if (req.mergeQueue() != null) {
                checkCombinedQueue(local, what, req.mergeQueue());
            }
            if (req.type() == NodeType.ROOT) {
                if (!req.nocheck()) {
                    checkPublicLocation(local, req.publicLocation());
                }
                install(local);
                createRoot(local, queue, req);
            } else {
                try (Connection provider = settings.connectRemote("provider", req.providerLocation())) {
                    Upstream up = upstream(provider, req);
                    if (syncNodes != null) {
                        try {
                            checkSyncNodes(what, req.node(), up.members(), syncNodes);
                        } catch (RuntimeException e) {
                            if (up.root() != provider) {
                                Db.closeQuietly(up.root());
                            }
                            throw e;
                        }
                    }
                    if (!req.nocheck()) {
                        checkPublicLocation(local, req.publicLocation());
                    }
                    install(local);
                    createBelow(local, provider, up, req);
                    if (syncNodes != null) {
                        syncBothWays(req.node(), up.members(), syncNodes);
                    }
                }
            }
        } catch (SQLException e) {
            throw new Db.DbException(what + ": " + e.getMessage(), e.getSQLState(), e);
        }
        log.info("Node \"{}\" initialized for queue \"{}\" with type \"{}\"", req.node(), queue, req.type());
    }

    /**
     * The one-line refusals of {@code --merge} and {@code --sync-watermark} misuse, before anything is touched.
     *
     * @return the {@code --sync-watermark} node names, or null when not given
     */
    private List<String> checkMergeOptions(String what, CreateRequest req) {
        if (req.mergeQueue() != null) {
            if (req.type() != NodeType.LEAF) {
                throw new AdminException(what + ": --merge is for create-leaf only (a merge leaf forwards its"
                        + " partition's events into the combined queue); nothing changed");
            }
            if (req.mergeQueue().isBlank() || req.mergeQueue().equals(settings.queue())) {
                throw new AdminException(what + ": --merge=" + req.mergeQueue() + ": give the combined queue, another"
                        + " queue than queue_name " + settings.queue() + "; nothing changed");
            }
        }
        if (req.syncWatermark() == null) {
            return null;
        }
        if (req.type() != NodeType.BRANCH) {
            throw new AdminException(what + ": --sync-watermark is for create-branch only (a " + req.type()
                    + " has no queue of its own to keep); nothing changed");
        }
        List<String> nodes = SyncWatermarkList.parse(req.syncWatermark()).stream().distinct().toList();
        if (nodes.stream().noneMatch(n -> !n.equals(req.node()))) {
            throw new AdminException(what + ": --sync-watermark=" + req.syncWatermark() + ": name the other branches"
                    + " to keep the watermark with (comma-separated node names); nothing changed");
        }
        return nodes;
    }

    /** {@code --merge=QUEUE}: the combined queue must be a root or branch in this very database. */
    private static void checkCombinedQueue(Connection local, String what, String combined) throws SQLException {
        Optional<NodeInfo> c = nodeInfo(local, combined);
        local.rollback();
        if (c.isEmpty()) {
            throw new AdminException(what + ": --merge=" + combined + ": this database has no node of queue "
                    + combined + "; create the combined queue's root (or branch) here first; nothing changed");
        }
        if (c.get().nodeType() == NodeType.LEAF) {
            throw new AdminException(what + ": --merge=" + combined + ": the combined queue is a leaf here ("
                    + c.get().nodeName() + "), which has no queue to forward into; nothing changed");
        }
    }

    /** {@code --sync-watermark}: every other node listed is a live branch (or the root) of the queue. */
    private void checkSyncNodes(String what, String me, List<NodeLocation> members, List<String> nodes)
            throws SQLException {
        for (String n : nodes) {
            if (n.equals(me)) {
                continue;
            }
            NodeLocation m = members.stream().filter(x -> x.nodeName().equals(n)).findFirst().orElseThrow(() ->
                    new AdminException(what + ": --sync-watermark: node " + n + " is not a member of queue "
                            + settings.queue() + " (members: " + String.join(", ", members.stream()
                            .map(NodeLocation::nodeName).toList()) + "); create it first (the list is then kept"
                            + " on both nodes); nothing changed"));
            if (m.dead()) {
                throw new AdminException(what + ": --sync-watermark: node " + n + " is tagged dead; nothing changed");
            }
            try (Connection c = settings.connectMember(what + ": --sync-watermark", m, "nothing changed")) {
                NodeInfo ni = nodeInfo(c, settings.queue()).orElse(null);
                c.rollback();
                if (ni == null || ni.nodeType() == NodeType.LEAF) {
                    throw new AdminException(what + ": --sync-watermark: node " + n + " is "
                            + (ni == null ? "not set up" : "a leaf") + ": only branches keep a queue whose"
                            + " watermark can be synced; nothing changed");
                }
            }
        }
    }

    /**
     * After a branch was created with {@code --sync-watermark}: each listed branch that does not list it yet gets it
     * added to its own list, so the two keep each other's watermark (the first of them could not name the second,
     * which did not exist then). Best effort: a failure is a warning with the node to fix.
     */
    private void syncBothWays(String me, List<NodeLocation> members, List<String> nodes) {
        for (String n : nodes) {
            if (n.equals(me)) {
                continue;
            }
            NodeLocation m = members.stream().filter(x -> x.nodeName().equals(n)).findFirst().orElse(null);
            if (m == null) {
                continue;
            }
            try (Connection c = settings.connectRemote("node " + n, m.nodeLocation())) {
                NodeInfo ni = new NodeApi(c).getNodeInfo(settings.queue());
                if (ni.nodeType() != NodeType.BRANCH) {
                    c.rollback();
                    continue;
                }
                var attrs = new java.util.LinkedHashMap<>(TableAdmin.decode(ni.nodeAttrs()));
                List<String> theirs = new ArrayList<>(SyncWatermarkList.parse(attrs.get(SyncWatermarkList.ATTR)));
                if (theirs.contains(me)) {
                    c.rollback();
                    continue;
                }
                if (theirs.isEmpty()) {
                    theirs.add(n);
                }
                theirs.add(me);
                attrs.put(SyncWatermarkList.ATTR, String.join(",", theirs));
                var api = new NodeApi(c);
                api.setNodeAttrs(settings.queue(), AddTableOptions.urlencode(attrs));
                api.setConsumerUptodate(settings.queue(), ni.workerName(), false);
                c.commit();
                log.info("node {}: sync_watermark is now {}", n, String.join(",", theirs));
            } catch (SQLException | RuntimeException e) {
                log.warn("node {}: could not add {} to its sync_watermark ({}); its watermark is not held for this"
                        + " node", n, me, e.getMessage());
            }
        }
    }

    /** What the provider side told: its node, and the cascade's members as the root knows them. */
    private record Upstream(String providerName, List<NodeLocation> members, Connection root) {
    }

    private static void refuseExistingNode(Connection local, String queue, String what) throws SQLException {
        Optional<NodeInfo> info = nodeInfo(local, queue);
        if (info.isPresent()) {
            var i = info.get();
            String hint = what.equals("create-" + i.nodeType()) ? "it was created before; nothing to do"
                    : "a node keeps its type; drop-node it first to make it a " + what.substring(7);
            throw new AdminException("queue " + queue + ": this database is already the " + i.nodeType()
                    + " node \"" + i.nodeName() + "\"; nothing changed (" + hint + ")");
        }
        local.rollback();
    }

    /**
     * This database's node of {@code queue}.
     *
     * @throws AdminException when the database is not a node of the queue (no create-* was run)
     */
    public static NodeInfo requireNode(Connection c, String queue) throws SQLException {
        return nodeInfo(c, queue).orElseThrow(() -> new AdminException("queue " + queue + ": this database is not "
                + "a node of it; run create-root, create-branch or create-leaf first (or fix queue_name)"));
    }

    /** This database's node of {@code queue}, or empty when pgq_node is not installed or has no such node. */
    static Optional<NodeInfo> nodeInfo(Connection c, String queue) throws SQLException {
        if (!hasSchema(c, "pgq_node")) {
            return Optional.empty();
        }
        try {
            NodeInfo i = new NodeApi(c).getNodeInfo(queue);
            return i.nodeType() == null ? Optional.empty() : Optional.of(i);
        } catch (NodeException e) {
            if (e.code() == 404) { // no node of this queue here
                return Optional.empty();
            }
            throw e;
        }
    }

    static boolean hasSchema(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select 1 from pg_catalog.pg_namespace where nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Upstream upstream(Connection provider, CreateRequest req) throws SQLException {
        String queue = settings.queue();
        NodeInfo p = nodeInfo(provider, queue).orElseThrow(() -> new AdminException("provider "
                + ConnStr.parse(req.providerLocation()) + ": has no node of queue " + queue
                + "; run create-root (or create-branch) there first, or fix --provider"));
        if (p.nodeType() == NodeType.LEAF) {
            throw new AdminException("provider " + p.nodeName() + ": is a leaf node, which cannot feed other "
                    + "nodes; give a root or branch as --provider");
        }
        Connection root = provider;
        NodeInfo r = p;
        // as the original: walk up the providers to the root, which knows every member
        for (int hops = 0; r.nodeType() != NodeType.ROOT; hops++) {
            if (hops > 100 || r.providerLocation() == null) {
                throw new AdminException("queue " + queue + ": cannot find the root above node " + r.nodeName()
                        + "; check its provider");
            }
            if (root != provider) {
                Db.closeQuietly(root);
            }
            root = settings.connectRemote("node " + r.providerNode(), r.providerLocation());
            String name = r.providerNode();
            r = nodeInfo(root, queue).orElseThrow(() -> new AdminException("node " + name
                    + ": has no node of queue " + queue + "; the cascade is broken there"));
        }
        List<NodeLocation> members = new NodeApi(root).getQueueLocations(queue);
        root.rollback();
        provider.rollback();
        for (NodeLocation m : members) {
            if (m.nodeName().equals(req.node())) {
                if (root != provider) {
                    Db.closeQuietly(root);
                }
                throw new AdminException("node " + req.node() + ": already a member of queue " + queue
                        + " (at " + ConnStr.parse(m.nodeLocation()) + "); pick another name or drop-node it first");
            }
        }
        return new Upstream(p.nodeName(), members, root);
    }

    /**
     * As the original's {@code check_public_connstr}: the public location must reach this very database (same
     * oid and name), and a transaction there must be seen in the order of this connection's snapshots.
     */
    private void checkPublicLocation(Connection local, String publicLocation) throws SQLException {
        String q = "select d.oid::text, d.datname, txid_current()::text, txid_current_snapshot()::text"
                + " from pg_catalog.pg_database d where d.datname = current_database()";
        String[] before = row(local, q);
        local.commit();
        String[] remote;
        try (Connection pub = settings.connectRemote("public connect string", publicLocation)) {
            remote = row(pub, q);
            pub.commit();
        }
        String[] after = row(local, q);
        local.commit();
        boolean sameDb = before[0].equals(remote[0]) && before[1].equals(remote[1]);
        long tx = Long.parseLong(remote[2]);
        boolean ordered = !visible(before[3], tx) && visible(after[3], tx);
        if (!sameDb || !ordered) {
            throw new AdminException("public connect string " + ConnStr.parse(publicLocation) + ": reaches another"
                    + " database than db (" + settings.db() + "); fix it, or give --nocheck");
        }
    }

    /** Whether txid {@code tx} is committed as seen by snapshot text {@code xmin:xmax:xip,...}. */
    static boolean visible(String snapshot, long tx) {
        String[] p = snapshot.split(":", -1);
        if (tx < Long.parseLong(p[0])) {
            return true;
        }
        if (tx >= Long.parseLong(p[1])) {
            return false;
        }
        for (String x : p[2].split(",")) {
            if (!x.isEmpty() && Long.parseLong(x) == tx) {
                return false;
            }
        }
        return true;
    }

    private static String[] row(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            String[] out = new String[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getString(i + 1);
            }
            return out;
        }
    }

    private static void install(Connection local) throws SQLException {
        local.rollback();
        for (String s : SCHEMAS) {
            // an original install is used as it is; checked here too, so a node needs no resources for it
            if (!SchemaInstaller.detect(local, s).isOriginal()) {
                SchemaInstaller.install(local, s);
            }
        }
    }

    private void createRoot(Connection local, String queue, CreateRequest req) throws SQLException {
        var api = new NodeApi(local);
        api.registerLocation(queue, req.node(), req.publicLocation(), false);
        api.createNode(queue, NodeType.ROOT, req.node(), settings.consumer(), null, null, null);
        // a batch can only be as fresh as its tick: with the original's 3 s ticker_max_lag a queue under steady
        // load is ticked every 500 events or 3 s, and replay lags ~0.6 s behind at 200 tps; ticks at most
        // ROOT_TICKER_MAX_LAG apart (pgqd ticks every 0.1 s by default) keep it under 0.1 s. The cost is a
        // tick row per 0.1 s while writes flow; idle queues still thin their ticks out as before.
        new PgqApi(local).setQueueConfig(queue, "ticker_max_lag", ROOT_TICKER_MAX_LAG);
        local.commit();
    }

    private void createBelow(Connection local, Connection provider, Upstream up, CreateRequest req)
            throws SQLException {
        String queue = settings.queue();
        try {
            if (up.root() != provider) {
                new NodeApi(up.root()).registerLocation(queue, req.node(), req.publicLocation(), false);
                up.root().commit();
            }
        } finally {
            if (up.root() != provider) {
                Db.closeQuietly(up.root());
            }
        }
        var p = new NodeApi(provider);
        p.registerLocation(queue, req.node(), req.publicLocation(), false);
        Long watermark = p.registerSubscriber(queue, req.node(), settings.consumer(), null).globalWatermark();
        var registry = new LondisteApi(provider);
        List<TableInfo> tables = registry.getTableList(queue);
        List<SeqInfo> seqs = registry.getSeqList(queue);
        provider.commit();
        try {
            var api = new NodeApi(local);
            api.registerLocation(queue, req.node(), req.publicLocation(), false);
            for (NodeLocation m : up.members()) {
                api.registerLocation(queue, m.nodeName(), m.nodeLocation(), m.dead());
            }
            api.createNode(queue, req.type(), req.node(), settings.consumer(), up.providerName(), watermark,
                    req.mergeQueue());
            if (req.syncWatermark() != null) {
                api.setNodeAttrs(queue, SyncWatermarkList.ATTR + "=" + java.net.URLEncoder.encode(req.syncWatermark(),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            var lapi = new LondisteApi(local);
            // as the original's extra_init: the new node learns the provider's tables and sequences
            for (TableInfo t : tables) {
                if (settings.registers(t.tableName(), false)) {
                    lapi.globalAddTable(queue, t.tableName());
                }
            }
            for (SeqInfo s : seqs) {
                if (settings.registers(s.seqName(), true)) {
                    lapi.globalUpdateSeq(queue, s.seqName(), s.lastValue());
                }
            }
            local.commit();
        } catch (RuntimeException | SQLException e) {
            local.rollback();
            // the provider already counts the subscriber: take it back, or it would hold the queue's rotation
            try {
                p.unregisterSubscriber(queue, req.node());
                provider.commit();
            } catch (RuntimeException | SQLException undo) {
                log.warn("provider: could not unregister subscriber {} after the failure: {}", req.node(),
                        undo.getMessage());
            }
            throw e;
        }
    }

    /**
     * {@code pause} / {@code resume}: sets the paused flag of a worker, on the node that runs it; the worker stops
     * (or goes on) taking batches at its next round.
     *
     * @param node     the node (null: this one)
     * @param consumer the consumer (null: the node's worker)
     */
    public void setPaused(String node, String consumer, boolean paused) {
        String queue = settings.queue();
        try (Connection local = settings.connectLocal()) {
            NodeInfo me = requireNode(local, queue);
            Connection target = local;
            try {
                if (node != null && !node.equals(me.nodeName())) {
                    var loc = new NodeApi(local).getQueueLocations(queue).stream()
                            .filter(m -> m.nodeName().equals(node)).findFirst()
                            .orElseThrow(() -> new AdminException("--node " + node + ": no such node in queue " + queue
                                    + "; see 'members'"));
                    local.rollback();
                    target = settings.connectRemote("node " + node, loc.nodeLocation());
                }
                NodeInfo t = requireNode(target, queue);
                String c = consumer != null ? consumer : t.workerName();
                new NodeApi(target).setConsumerPaused(queue, c, paused);
                target.commit();
                log.info("Consumer {} on node {} {}", c, t.nodeName(), paused ? "paused" : "resumed");
            } finally {
                if (target != local) {
                    Db.closeQuietly(target);
                }
            }
        } catch (SQLException e) {
            throw new Db.DbException((paused ? "pause" : "resume") + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /**
     * {@code tag-dead} / {@code tag-alive}: marks nodes dead (or alive again) in the member list of every live
     * member of the cascade that can be reached; a member that cannot is named in a warning.
     *
     * @return the members updated
     */
    public List<String> tagDead(List<String> nodes, boolean dead) {
        String queue = settings.queue();
        String what = dead ? "tag-dead" : "tag-alive";
        List<NodeLocation> members;
        try (Connection local = settings.connectLocal()) {
            requireNode(local, queue);
            members = new NodeApi(local).getQueueLocations(queue);
            local.rollback();
        } catch (SQLException e) {
            throw new Db.DbException(what + ": " + e.getMessage(), e.getSQLState(), e);
        }
        var byName = new java.util.LinkedHashMap<String, NodeLocation>();
        members.forEach(m -> byName.put(m.nodeName(), m));
        var unknown = nodes.stream().filter(n -> !byName.containsKey(n)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new AdminException(what + ": no such node in queue " + queue + ": " + String.join(", ", unknown)
                    + "; see 'members'");
        }
        var updated = new java.util.ArrayList<String>();
        for (NodeLocation m : members) {
            if (m.dead() || nodes.contains(m.nodeName()) && dead) {
                continue; // as the original: dead nodes are not asked, nor the node being buried
            }
            try (Connection c = settings.connectRemote("node " + m.nodeName(), m.nodeLocation())) {
                var api = new NodeApi(c);
                for (String n : nodes) {
                    api.registerLocation(queue, n, null, dead); // as the original: null keeps the location
                }
                c.commit();
                updated.add(m.nodeName());
            } catch (SQLException | RuntimeException e) {
                log.warn("{}: node {} not updated: {}", what, m.nodeName(), e.getMessage());
            }
        }
        log.info("{}: {} tagged {} on {}", what, String.join(", ", nodes), dead ? "dead" : "alive",
                String.join(", ", updated));
        return updated;
    }

    /**
     * Waits until a worker has started a round: every worker sets its {@code uptodate} flag when it begins one, so
     * after the caller cleared the flag, seeing it set again proves the worker runs (and has read the state the
     * caller changed before clearing it). A consumer without a state row counts as answered.
     *
     * @return false when the flag stayed clear for {@code limit}
     */
    static boolean awaitWorkerRound(Connection c, String queue, String consumer, Duration limit, Duration poll)
            throws SQLException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            Boolean up;
            try (PreparedStatement ps = c.prepareStatement("select uptodate from pgq_node.local_state"
                    + " where queue_name = ? and consumer_name = ?")) {
                ps.setString(1, queue);
                ps.setString(2, consumer);
                try (ResultSet rs = ps.executeQuery()) {
                    up = rs.next() ? rs.getBoolean(1) : null;
                }
            }
            c.rollback();
            if (up == null || up) {
                return true;
            }
            if (System.nanoTime() > end) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(poll.toNanos());
        }
    }
}
