package org.londiste4j.admin;

import org.londiste4j.copy.Checksum;
import org.londiste4j.copy.TableChecksum;
import org.londiste4j.db.Db;
import org.londiste4j.db.Quote;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.TableInfo;
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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code compare}: each table's row count and checksum on the provider and here, read at the same queue position,
 * as the original's syncer does it: on a root provider the table is locked against writes ({@code SHARE}, at most
 * {@code lock_timeout}), ticks are forced, this node's worker is awaited past the second one, then both sides
 * take their snapshot and the lock goes; on a branch provider its worker is paused instead. The checksums are
 * {@link TableChecksum}'s, equal across majors and session settings.
 *
 * <p>Hazard: needs this node's worker running (the wait is for it); a stopped worker makes the wait time out
 * after {@code lock_timeout} (or wait for ever with {@code --force}).
 */
public final class Compare {
    private static final Logger log = LoggerFactory.getLogger(Compare.class);
    static final Duration POLL = Duration.ofMillis(200);

    /** One table's outcome; {@code skipped} says why it was not compared, else both sides are set. */
    public record Result(String table, Checksum provider, Checksum subscriber, String skipped) {
        public boolean differs() {
            return skipped == null && !provider.equals(subscriber);
        }
    }

    private final AdminSettings settings;
    private final Duration lockTimeout;

    public Compare(AdminSettings settings, Duration lockTimeout) {
        this.settings = settings;
        this.lockTimeout = lockTimeout;
    }

    /**
     * Compares the named tables (globs allowed; none: every local table), reporting each as it is done.
     *
     * @param force wait for the worker past {@code lock_timeout}
     */
    public List<Result> run(List<String> names, boolean countOnly, boolean force, Consumer<Result> each) {
        String queue = settings.queue();
        var results = new ArrayList<Result>();
        try (Connection dst = settings.connectLocal()) {
            NodeInfo node = NodeAdmin.requireNode(dst, queue);
            if (node.nodeType() == NodeType.ROOT) {
                throw new AdminException("compare: this node is the root; run compare on a branch or leaf");
            }
            var mine = TableAdmin.byName(new LondisteApi(dst).getTableList(queue).stream()
                    .filter(TableInfo::local).toList(), TableInfo::tableName);
            dst.rollback();
            List<String> tables = names.isEmpty() ? List.copyOf(mine.keySet())
                    : TableAdmin.resolveExisting("compare", names, false, List.copyOf(mine.keySet()), false,
                    "not added on this node");
            try (Connection src = settings.connectRemote("provider " + node.providerNode(), node.providerLocation());
                 Connection lock = settings.connectRemote("provider " + node.providerNode(),
                         node.providerLocation());
                 Connection setup = settings.connectRemote("provider " + node.providerNode(),
                         node.providerLocation())) {
                setup.setAutoCommit(true);
                NodeInfo provider = NodeAdmin.requireNode(setup, queue);
                var theirs = TableAdmin.byName(new LondisteApi(setup).getTableList(queue), TableInfo::tableName);
                for (String t : tables) {
                    Result r = one(t, mine.get(t), theirs.get(t), provider, src, lock, setup, dst, countOnly, force);
                    results.add(r);
                    each.accept(r);
                }
            }
            return results;
        } catch (SQLException e) {
            throw new Db.DbException("compare: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private Result one(String t, TableInfo mine, TableInfo theirs, NodeInfo provider, Connection src,
            Connection lock, Connection setup, Connection dst, boolean countOnly, boolean force) throws SQLException {
        if (!"ok".equals(mine.mergeState())) {
            return new Result(t, null, null, "not in sync here yet (" + mine.mergeState() + ")");
        }
        if (theirs == null || !theirs.local() || !"ok".equals(theirs.mergeState())) {
            return new Result(t, null, null, "not in sync on the provider");
        }
        String srcTable = theirs.localName();
        String dstTable = mine.localName();
        List<String> cols = commonColumns(src, srcTable, dst, dstTable);
        src.rollback();
        dst.rollback();
        setRepeatableRead(src);
        setRepeatableRead(dst);
        String queue = settings.queue();
        boolean paused = false;
        try {
            if (provider.nodeType() == NodeType.ROOT) {
                log.info("Locking {}", srcTable);
                try (Statement st = lock.createStatement()) {
                    st.execute("set local statement_timeout = " + lockTimeout.toMillis());
                    st.execute("lock table " + Quote.fqIdent(srcTable) + " in share mode");
                }
                log.info("Syncing {}", dstTable);
                long tick = forceTick(setup, true);
                forceTick(setup, true);
                awaitWorker(dst, tick, force);
            } else {
                paused = pause(setup, provider.workerName(), true);
                long tick = forceTick(setup, false);
                awaitWorker(dst, tick, force);
            }
            // both snapshots taken while the provider's table cannot move
            snapshot(src);
            snapshot(dst);
        } finally {
            lock.rollback();
            if (provider.nodeType() != NodeType.ROOT && !paused) {
                pause(setup, provider.workerName(), false);
            }
        }
        Checksum a = TableChecksum.compute(src, srcTable, cols, countOnly);
        Checksum b = TableChecksum.compute(dst, dstTable, cols, countOnly);
        src.rollback();
        dst.rollback();
        return new Result(t, a, b, null);
    }

    /** {@code pgq.force_tick}; on a root also ticks at once, not waiting for pgqd (SPEC.md 6.5). */
    private long forceTick(Connection setup, boolean wait) throws SQLException {
        String queue = settings.queue();
        long before = scalar(setup, "select pgq.force_tick(?)", queue);
        if (!wait) {
            return before;
        }
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        while (true) {
            scalar(setup, "select coalesce(pgq.ticker(?), 0)", queue);
            long now = scalar(setup, "select pgq.force_tick(?)", queue);
            if (now != before) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AdminException("compare: queue " + queue + ": no new tick on the provider within "
                        + lockTimeout.toSeconds() + " s; is the ticker (pgqd) running?");
            }
            sleep();
        }
    }

    private void awaitWorker(Connection dst, long tick, boolean force) throws SQLException {
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        while (true) {
            NodeInfo me = new NodeApi(dst).getNodeInfo(settings.queue());
            dst.rollback();
            if (me.workerLastTick() != null && me.workerLastTick() > tick) {
                return;
            }
            if (!force && System.nanoTime() > deadline) {
                throw new AdminException("compare: the worker of this node did not pass tick " + tick + " within "
                        + "lock_timeout (" + lockTimeout.toSeconds() + " s); start it (londiste3 CONFIG.ini worker),"
                        + " or give --force to wait longer");
            }
            sleep();
        }
    }

    private boolean pause(Connection setup, String worker, boolean flag) throws SQLException {
        var api = new NodeApi(setup);
        boolean was = api.getConsumerInfo(settings.queue()).stream()
                .anyMatch(c -> c.consumerName().equals(worker) && c.paused());
        if (flag && was) {
            return true;
        }
        api.setConsumerPaused(settings.queue(), worker, flag);
        return was;
    }

    private static void setRepeatableRead(Connection c) throws SQLException {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    }

    private static void snapshot(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("select 1");
        }
    }

    /** The columns both sides have, in the provider's order. */
    static List<String> commonColumns(Connection src, String srcTable, Connection dst, String dstTable)
            throws SQLException {
        var theirs = columns(src, srcTable);
        var mine = columns(dst, dstTable);
        return theirs.stream().filter(mine::contains).toList();
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        var out = new ArrayList<String>();
        try (PreparedStatement ps = c.prepareStatement("select a.attname from pg_catalog.pg_attribute a"
                + " join pg_catalog.pg_class r on r.oid = a.attrelid join pg_catalog.pg_namespace n"
                + " on n.oid = r.relnamespace where n.nspname || '.' || r.relname = ? and a.attnum > 0"
                + " and not a.attisdropped order by a.attnum")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static long scalar(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("compare: interrupted");
        }
    }
}
