package org.londiste4j.admin;

import org.londiste4j.L4jException;
import org.londiste4j.db.Db;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeLocation;
import org.londiste4j.node.NodeType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code status}: the cascade as a tree of its members, each with {@code Tables: ok/half/ignored}, its lag behind
 * the root and last tick, PAUSED / NOT UPTODATE, node attributes and worker errors, in the original's layout
 * (scripts read it). Members are asked in parallel; one that cannot be reached is shown with its failure, never
 * with its connection string's password.
 */
public final class StatusReport {
    /** What one member said; {@code failure} set when it could not be asked. */
    public record Member(String name, NodeType type, String provider, String worker, Long lastTick, boolean paused,
                         boolean uptodate, Map<String, String> attrs, int[] tables, Double nowEpoch,
                         Double tickerLag, Map<String, Double> consumerTickEpoch, Map<String, String> errors,
                         String failure, List<CopyState> copies) {
        public Member {
            copies = copies == null ? List.of() : List.copyOf(copies);
        }

        /** A member without copy progress (none running, or none known). */
        public Member(String name, NodeType type, String provider, String worker, Long lastTick, boolean paused,
                      boolean uptodate, Map<String, String> attrs, int[] tables, Double nowEpoch, Double tickerLag,
                      Map<String, Double> consumerTickEpoch, Map<String, String> errors, String failure) {
            this(name, type, provider, worker, lastTick, paused, uptodate, attrs, tables, nowEpoch, tickerLag,
                    consumerTickEpoch, errors, failure, List.of());
        }

        String title() {
            return name + " (" + (type == null ? "unknown" : type) + ")";
        }
    }

    /** The whole report: the queue, the local node and every member. */
    public record Report(String queue, String localNode, List<Member> members) {
    }

    private final AdminSettings settings;

    public StatusReport(AdminSettings settings) {
        this.settings = settings;
    }

    /** Asks every member of the cascade (as the local node knows them). */
    public Report collect() {
        String queue = settings.queue();
        List<NodeLocation> locations;
        String local;
        try (Connection c = settings.connectLocal()) {
            local = NodeAdmin.requireNode(c, queue).nodeName();
            locations = new NodeApi(c).getQueueLocations(queue);
            c.rollback();
        } catch (SQLException e) {
            throw new Db.DbException("status: " + e.getMessage(), e.getSQLState(), e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, locations.size())), r -> {
            Thread t = new Thread(r, "londiste-status");
            t.setDaemon(true);
            return t;
        });
        try {
            var futures = new ArrayList<Future<Member>>();
            for (NodeLocation l : locations) {
                futures.add(pool.submit(() -> l.dead() ? failed(l.nodeName(), "node is marked dead")
                        : member(l.nodeName(), l.nodeLocation())));
            }
            var members = new ArrayList<Member>();
            for (var f : futures) {
                try {
                    members.add(f.get());
                } catch (Exception e) {
                    throw new L4jException("status: " + e.getMessage(), e);
                }
            }
            return new Report(queue, local, members);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Member failed(String name, String why) {
        return new Member(name, null, null, null, null, false, true, Map.of(), null, null, null, Map.of(), Map.of(),
                why);
    }

    private Member member(String name, String location) {
        try (Connection c = settings.connectRemote("node " + name, location)) {
            c.setAutoCommit(true);
            NodeInfo i = NodeAdmin.nodeInfo(c, settings.queue()).orElse(null);
            if (i == null) {
                return failed(name, "has no node of queue " + settings.queue());
            }
            return member(c, i);
        } catch (SQLException | L4jException e) {
            String msg = String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("");
            return failed(name, msg);
        }
    }

    /** The status lines of the node {@code c} is connected to, without lag (it has no parent here). */
    List<String> localLines(Connection c, NodeInfo i) throws SQLException {
        Member m = member(c, i);
        var lines = new ArrayList<>(infoLines(new Node(m)));
        lines.addAll(copyLines(m));
        return lines;
    }

    private Member member(Connection c, NodeInfo i) throws SQLException {
        String queue = settings.queue();
        String name = i.nodeName();
        var attrs = TableAdmin.decode(i.nodeAttrs());
        var consumers = new HashMap<String, Double>();
        Double now = null;
        Double tickerLag = null;
        if (i.nodeType() != NodeType.LEAF) {
            try (ResultSet rs = query(c, "select consumer_name, extract(epoch from current_timestamp - lag)"
                    + " from pgq.get_consumer_info(?)", queue)) {
                while (rs.next()) {
                    consumers.put(rs.getString(1), rs.getDouble(2));
                }
            }
            try (ResultSet rs = query(c, "select extract(epoch from current_timestamp), extract(epoch from "
                    + "ticker_lag) from pgq.get_queue_info(?)", queue)) {
                if (rs.next()) {
                    now = rs.getDouble(1);
                    tickerLag = rs.getDouble(2);
                }
            }
        }
        var errors = new LinkedHashMap<String, String>();
        new NodeApi(c).getConsumerInfo(queue).forEach(ci -> {
            if (ci.curError() != null && !ci.curError().isEmpty()) {
                errors.put(ci.consumerName(), ci.curError().lines().findFirst().orElse(""));
            }
        });
        return new Member(name, i.nodeType(), i.providerNode(), i.workerName(), i.workerLastTick(),
                Boolean.TRUE.equals(i.workerPaused()), !Boolean.FALSE.equals(i.workerUptodate()), attrs,
                tableCounts(c, queue), now, tickerLag, consumers, errors, null,
                NodeAdmin.hasSchema(c, "londiste") ? CopyState.read(c, queue) : List.of());
    }

    private static int[] tableCounts(Connection c, String queue) throws SQLException {
        int[] n = new int[3];
        if (!NodeAdmin.hasSchema(c, "londiste")) {
            return n;
        }
        try (ResultSet rs = query(c, "select local, merge_state from londiste.get_table_list(?)", queue)) {
            while (rs.next()) {
                n[!rs.getBoolean(1) ? 2 : "ok".equals(rs.getString(2)) ? 0 : 1]++;
            }
        }
        return n;
    }

    private static ResultSet query(Connection c, String sql, String arg) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.closeOnCompletion();
        ps.setString(1, arg);
        return ps.executeQuery();
    }

    // ---- rendering (pure)

    private static final class Node {
        final Member m;
        final List<Node> children = new ArrayList<>();
        Node parent;
        int levels;
        int total;

        Node(Member m) {
            this.m = m;
        }
    }

    /** The tree as the original prints it ({@code compact}: one line per node). */
    public static String render(Report r, boolean compact) {
        var out = new StringBuilder();
        out.append("Queue: ").append(r.queue()).append("   Local node: ").append(r.localNode()).append("\n\n");
        var nodes = new LinkedHashMap<String, Node>();
        r.members().forEach(m -> nodes.put(m.name(), new Node(m)));
        var roots = new ArrayList<Node>();
        for (Node n : nodes.values()) {
            String p = n.m.provider();
            if (n.m.type() != NodeType.ROOT && p != null && !p.equals(n.m.name()) && nodes.containsKey(p)) {
                n.parent = nodes.get(p);
                n.parent.children.add(n);
            } else {
                roots.add(n);
            }
        }
        for (Node root : roots) {
            calc(root);
            if (compact) {
                compact(out, root, "");
            } else {
                List<String> rest = print(out, root, "", List.of());
                rest.forEach(l -> out.append(String.format("%-30s%s", " ", l)).append('\n'));
            }
        }
        return out.toString();
    }

    private static void calc(Node n) {
        int total = n.children.size();
        int levels = 1;
        for (Node c : n.children) {
            calc(c);
            total += c.total;
            levels = Math.max(levels, c.levels + 1);
        }
        n.total = total;
        n.levels = levels;
        n.children.sort(Comparator.<Node>comparingInt(x -> x.levels).thenComparingInt(x -> x.total)
                .thenComparing(x -> x.m.name()));
    }

    private static List<String> print(StringBuilder out, Node n, String pfx, List<String> pending) {
        for (String l : pending) {
            out.append(String.format("%-30s%s", prefix(pfx, "|"), l)).append('\n');
        }
        List<String> lines = new ArrayList<>(infoLines(n));
        lines.addAll(copyLines(n.m));
        out.append(prefix(pfx, "+--: ")).append(n.m.title()).append('\n');
        for (int i = 0; i < n.children.size(); i++) {
            lines = print(out, n.children.get(i), pfx + (i < n.children.size() - 1 ? "  |" : "   "), lines);
        }
        return lines;
    }

    private static void compact(StringBuilder out, Node n, String pfx) {
        var sb = new StringBuilder(pfx).append(pad(n.m.title(), 60 - pfx.length()));
        infoLines(n).forEach(l -> sb.append(pad(l, 30)));
        // still one line per node (scripts read it so): the copies in short, last
        if (n.m.failure() == null && !n.m.copies().isEmpty()) {
            sb.append(CopyProgressFormat.compactLine(n.m.copies()));
        }
        out.append(sb.toString().stripTrailing()).append('\n');
        n.children.forEach(c -> compact(out, c, pfx + "   "));
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private static String prefix(String pfx, String sfx) {
        return pfx.isEmpty() ? pfx : pfx.substring(0, pfx.length() - 1) + sfx;
    }

    static List<String> infoLines(Node n) {
        Member m = n.m;
        var l = new ArrayList<String>();
        if (m.failure() != null) {
            l.add("ERR: " + m.failure());
            return l;
        }
        int[] t = m.tables();
        l.add("Tables: " + t[0] + "/" + t[1] + "/" + t[2]);
        Double lag = null;
        if (n.parent != null) {
            Node root = n.parent;
            while (root.parent != null) {
                root = root.parent;
            }
            Double tick = n.parent.m.consumerTickEpoch().get(m.worker());
            if (tick != null && root.m.nowEpoch() != null) {
                lag = Math.max(0, root.m.nowEpoch() - tick);
            }
        } else {
            lag = m.tickerLag();
        }
        var txt = new StringBuilder("Lag: ").append(lag == null ? "(n/a)" : interval(lag));
        if (m.lastTick() != null) {
            txt.append(", Tick: ").append(m.lastTick());
        }
        if (m.paused()) {
            txt.append(", PAUSED");
        }
        if (!m.uptodate()) {
            txt.append(", NOT UPTODATE");
        }
        l.add(txt.toString());
        m.attrs().forEach((k, v) -> l.add("Attr: " + k + "=" + v));
        m.errors().forEach((k, v) -> l.add("ERR: " + k + ": " + v));
        return l;
    }

    /** A line per table of the member that is not in sync yet (SPEC 5: copy progress). */
    static List<String> copyLines(Member m) {
        return m.failure() != null ? List.of() : m.copies().stream().map(CopyProgressFormat::statusLine).toList();
    }

    /** {@code 1d2h3m4s} as the original's {@code ival2str}, whole seconds. */
    static String interval(double seconds) {
        long s = (long) seconds;
        long days = s / 86400;
        long hrs = s % 86400 / 3600;
        long mins = s % 3600 / 60;
        var sb = new StringBuilder();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (hrs > 0) {
            sb.append(hrs).append('h');
        }
        if (mins > 0) {
            sb.append(mins).append('m');
        }
        return sb.append(s % 60).append('s').toString();
    }
}
