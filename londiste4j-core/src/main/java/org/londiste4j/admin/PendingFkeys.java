package org.londiste4j.admin;

import org.londiste4j.L4jException;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.PendingFkey;
import org.londiste4j.londiste.TableInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code londiste3 CONFIG fkeys}: the foreign keys a copy dropped and parked in {@code londiste.pending_fkeys}
 * (the original's stub). The worker puts a key back once both its tables are in sync; this lists them, says which
 * can be restored now ({@code londiste.get_valid_pending_fkeys}), and with {@code --restore-valid} restores those
 * here, each in its own transaction (a key whose rows no longer match fails alone, named, and stays parked).
 */
public final class PendingFkeys {
    private static final Logger log = LoggerFactory.getLogger(PendingFkeys.class);

    /** A parked key and whether both its tables are in sync here, so that it may be restored now. */
    public record Parked(PendingFkey key, boolean restorable) {
    }

    /** The outcome of restoring one key: null error when restored. */
    public record Restored(PendingFkey key, String error) {
    }

    private final Connection conn;
    private final String queue;

    public PendingFkeys(Connection conn, String queue) {
        this.conn = conn;
        this.queue = queue;
    }

    /** Every parked key from or to a table of the queue's set, in table order. */
    public List<Parked> list() {
        return inTx(() -> {
            LondisteApi api = new LondisteApi(conn);
            Map<String, PendingFkey> all = new LinkedHashMap<>();
            for (TableInfo t : api.getTableList(queue)) {
                for (PendingFkey k : api.getTablePendingFkeys(t.localName())) {
                    all.putIfAbsent(k.fromTable() + "/" + k.fkeyName(), k);
                }
            }
            List<String> valid = api.getValidPendingFkeys(queue).stream()
                    .map(k -> k.fromTable() + "/" + k.fkeyName()).toList();
            List<Parked> out = new ArrayList<>();
            all.forEach((id, k) -> out.add(new Parked(k, valid.contains(id))));
            return out;
        });
    }

    /** Restores every key that may be restored now; one result each. */
    public List<Restored> restoreValid() {
        List<PendingFkey> valid = inTx(() -> new LondisteApi(conn).getValidPendingFkeys(queue));
        List<Restored> out = new ArrayList<>();
        for (PendingFkey k : valid) {
            try {
                inTx(() -> new LondisteApi(conn).restoreTableFkey(k.fromTable(), k.fkeyName(), false));
                log.info("{}: foreign key {} restored", k.fromTable(), k.fkeyName());
                out.add(new Restored(k, null));
            } catch (L4jException e) {
                log.warn("{}: foreign key {} not restored: {}", k.fromTable(), k.fkeyName(), e.getMessage());
                out.add(new Restored(k, e.getMessage()));
            }
        }
        return out;
    }

    private interface Body<T> {
        T run();
    }

    /** One transaction around {@code body}, committed when it returns, rolled back when it throws. */
    private <T> T inTx(Body<T> body) {
        try {
            boolean auto = conn.getAutoCommit();
            conn.setAutoCommit(false);
            try {
                T r = body.run();
                conn.commit();
                return r;
            } catch (RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new L4jException("fkeys: " + e.getMessage(), e);
        }
    }
}
