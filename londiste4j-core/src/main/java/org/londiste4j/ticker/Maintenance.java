package org.londiste4j.ticker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * pgqd's maintenance round in one database: runs what {@code pgq.maint_operations()} lists (rotation steps 1
 * and 2, vacuum of the pgq tables, pgq_node and londiste upkeep), each in its own transaction, in the order
 * given. A function is called again at once while it returns non-zero, as the original does.
 *
 * <p>Hazard: rotation step 2 must commit after step 1 (its txid is what consumers are compared against), so the
 * connection is in autocommit and operations are never batched into one transaction.
 */
final class Maintenance {
    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
    /** A function that keeps asking to be called again is stopped after this many calls in one round. */
    static final int MAX_REPEATS = 1000;

    private static final String HAS_MAINT_OPERATIONS = """
            select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
             where n.nspname = 'pgq' and p.proname = 'maint_operations'""";
    private static final String MAINT_OPERATIONS = "select func_name, func_arg from pgq.maint_operations()";

    private final String db;
    private final StopSignal stop;
    private boolean warnedNoOps;

    Maintenance(String db, StopSignal stop) {
        this.db = db;
        this.stop = stop;
    }

    /**
     * One round on an autocommit connection. An operation that fails is logged and skipped when the connection
     * is still usable; a broken connection ends the round (the caller reconnects).
     *
     * @return false when this pgq has no {@code pgq.maint_operations()} (older than PgQ 3.1): nothing was done
     */
    boolean round(Connection c) throws SQLException {
        if (!hasMaintOperations(c)) {
            if (!warnedNoOps) {
                log.warn("{}: pgq.maint_operations() is missing; no maintenance done; upgrade pgq to 3.1 or later",
                        db);
                warnedNoOps = true;
            }
            return false;
        }
        for (MaintOp op : operations(c)) {
            if (stop.isSet()) {
                break;
            }
            run(c, op);
        }
        return true;
    }

    private void run(Connection c, MaintOp op) throws SQLException {
        Optional<String> sql = op.sql();
        if (sql.isEmpty()) {
            log.error("{}: maintenance operation {}({}) has a name that cannot be quoted; skipped", db,
                    op.funcName(), op.funcArg());
            return;
        }
        try {
            for (int n = 1; !stop.isSet(); n++) {
                log.debug("{}: {} [{}]", db, sql.get(), op.funcArg());
                boolean again = op.isStatement() ? statement(c, sql.get()) : call(c, sql.get(), op.funcArg());
                if (!again) {
                    break;
                }
                if (n >= MAX_REPEATS) {
                    log.warn("{}: {}({}) still asks to be called again after {} calls; going on", db, op.funcName(),
                            op.funcArg(), n);
                    break;
                }
            }
        } catch (SQLException e) {
            if (!c.isValid(5)) {
                throw e;
            }
            // one failing operation (a lock timeout, a dropped table) must not starve the others
            log.warn("{}: maintenance {}({}) failed: {}", db, op.funcName(), op.funcArg(), DbLoop.describe(e));
        }
    }

    private static boolean statement(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
        return false;
    }

    /** Calls the function; true when it returned a non-zero number ("call me again"). */
    private static boolean call(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                String v = rs.getString(1);
                return v != null && isNonZeroNumber(v);
            }
        }
    }

    static boolean isNonZeroNumber(String v) {
        try {
            return Long.parseLong(v.strip()) != 0;
        } catch (NumberFormatException e) {
            // void functions and other results mean "done"
            return false;
        }
    }

    private static boolean hasMaintOperations(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(HAS_MAINT_OPERATIONS)) {
            return rs.next();
        }
    }

    private static List<MaintOp> operations(Connection c) throws SQLException {
        List<MaintOp> ops = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(MAINT_OPERATIONS)) {
            while (rs.next()) {
                ops.add(new MaintOp(rs.getString(1), rs.getString(2)));
            }
        }
        return ops;
    }
}
