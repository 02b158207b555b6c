package org.londiste4j.admin;

import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.TableInfo;
import org.londiste4j.node.NodeType;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps that turn a leaf into a node that can be promoted to root, shared by the planned switchover
 * ({@link Takeover}) and the failover ({@link Failover}): a leaf keeps no queue and its tables carry {@code deny}
 * triggers, so before {@code promote_branch} it gets a queue whose first tick is the last tick it applied, and
 * after it capture triggers instead of the deny ones.
 *
 * <p>Invariant: the queue starts exactly at the tick the leaf has applied, so a subscriber registered there (the
 * old root, a gravestone, a moved survivor) gets every event written on the new root and none twice; the caller
 * runs {@link #toBranch}, {@code promote_branch} and {@link #captureTriggers} in one transaction, so no write can
 * reach a table between its deny trigger going and its capture trigger coming.
 */
final class LeafPromotion {
    private LeafPromotion() {
    }

    /**
     * Creates the queue a leaf needs as root before the freeze, so that its tables are not made while writes are
     * paused: closed (no inserts, no ticks from pgqd) and without consumers, it changes nothing on the leaf, and a
     * later takeover uses it when this one is refused.
     */
    static void prepareQueue(Connection c, String queue) throws SQLException {
        if (Takeover.query(c, "select queue_name from pgq.queue where queue_name = ?", queue) == null) {
            Takeover.query(c, "select pgq.create_queue(?)", queue);
            Takeover.query(c, "update pgq.queue set queue_external_ticker = true, queue_disable_insert = true"
                    + " where queue_name = ? returning queue_name", queue);
        }
        c.commit();
    }

    /** A leaf's queue copy, as a branch's would be had it been one since {@code lastTick}. */
    static void toBranch(Connection c, String queue, long lastTick) throws SQLException {
        if (Takeover.query(c, "select queue_name from pgq.queue where queue_name = ?", queue) == null) {
            Takeover.query(c, "select pgq.create_queue(?)", queue);
        }
        Takeover.query(c, "update pgq.queue set queue_external_ticker = true, queue_disable_insert = true"
                + " where queue_name = ? returning queue_name", queue);
        // a new queue has a first tick (id 1) already: a leaf that applied no more than that tick starts from it
        if (Takeover.query(c, "select t.tick_id from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue"
                + " where q.queue_name = ? and t.tick_id = ?", queue, lastTick) == null) {
            Takeover.query(c, "select pgq.ticker(?, ?, now(), 1)", queue, lastTick);
        }
        Takeover.query(c, "select pgq.register_consumer_at(?, '.global_watermark', ?)", queue, lastTick);
        Takeover.query(c, "update pgq_node.node_info set node_type = 'branch' where queue_name = ?"
                + " returning queue_name", queue);
    }

    /**
     * Re-creates each local table's capture triggers for a root: the same flags and arguments as the leaf's
     * triggers, without {@code deny}; a table without triggers gets the default ones.
     */
    static void captureTriggers(Connection c, String queue) throws SQLException {
        var api = new LondisteApi(c);
        for (TableInfo t : api.getTableList(queue)) {
            if (!t.local()) {
                continue;
            }
            List<String> args = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select t.tgtype, p.proname::text, t.tgargs"
                    + " from pg_catalog.pg_trigger t join pg_catalog.pg_proc p on p.oid = t.tgfoid"
                    + " where t.tgrelid = londiste.find_table_oid(?) and t.tgname in (?, ?)")) {
                ps.setString(1, t.localName());
                ps.setString(2, "_londiste_" + queue);
                ps.setString(3, "zzz__londiste_" + queue);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        args.addAll(triggerArgs(rs.getInt(1), rs.getString(2), rs.getBytes(3)));
                    }
                }
            }
            api.createTrigger(queue, t.tableName(), args, t.localName(), NodeType.ROOT.sqlName());
        }
    }

    /** {@code create_trigger}'s arguments that make the trigger described, minus the queue name and deny. */
    static List<String> triggerArgs(int tgtype, String function, byte[] tgargs) {
        List<String> raw = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < tgargs.length; i++) {
            if (tgargs[i] == 0) {
                raw.add(new String(tgargs, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        List<String> out = new ArrayList<>();
        for (String a : raw.subList(Math.min(1, raw.size()), raw.size())) {
            if (!a.equals("deny")) {
                out.add(a);
            }
        }
        StringBuilder flags = new StringBuilder();
        flags.append((tgtype & 2) != 0 ? 'B' : 'A');
        if ((tgtype & 4) != 0) {
            flags.append('I');
        }
        if ((tgtype & 16) != 0) {
            flags.append('U');
        }
        if ((tgtype & 8) != 0) {
            flags.append('D');
        }
        flags.append(switch (function) {
            case "sqltriga" -> 'Q';
            case "jsontriga" -> 'J';
            default -> 'L'; // logutriga, or a capture function generated for the table (logutriga's events)
        });
        out.add("tgflags=" + flags);
        return out;
    }
}
