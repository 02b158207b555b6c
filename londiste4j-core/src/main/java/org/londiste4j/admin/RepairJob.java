package org.londiste4j.admin;

import org.londiste4j.L4jException;
import org.londiste4j.db.Db;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.TableInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code londiste3 CONFIG repair [TABLE...]}: for each table in sync here, both sides synced to one tick
 * ({@link TableSync}), diffed row by row ({@link Repair}), and the fixes either written to {@code fix.TABLE.sql}
 * (the original's file name, in the given directory) or applied here with {@code --apply} in one transaction per
 * table, as the worker applies (replication role {@code replica}, so a leaf's deny triggers let them through).
 *
 * <p>Hazard: fixes applied here are not replayed further down the cascade (as with the original); repair each
 * node against its provider, top down.
 */
public final class RepairJob {
    private static final Logger log = LoggerFactory.getLogger(RepairJob.class);
    private static final int APPLY_BATCH = 500;

    /** The options of the command line. */
    public record Options(boolean apply, boolean force, String where, Path dir) {
    }

    private final String queue;
    private final Duration lockTimeout;
    private final Supplier<Connection> provider;
    private final Supplier<Connection> local;

    /** Connections come from the suppliers, autocommit off, and are closed here. */
    public RepairJob(String queue, Duration lockTimeout, Supplier<Connection> provider, Supplier<Connection> local) {
        this.queue = queue;
        this.lockTimeout = lockTimeout;
        this.provider = provider;
        this.local = local;
    }

    /**
     * Repairs the named tables ({@code t} means {@code public.t}); none: every table in sync here.
     *
     * @throws L4jException (before anything is done) when a name is not a table in sync here or on the provider
     */
    public List<Repair.Stats> run(List<String> names, Options opts) {
        List<Repair.Stats> out = new ArrayList<>();
        try (Connection dst = local.get(); Connection src = provider.get(); Connection lock = provider.get();
             Connection setup = provider.get()) {
            setup.setAutoCommit(true);
            Map<String, TableInfo> mine = byName(new LondisteApi(dst).getTableList(queue));
            dst.rollback();
            Map<String, TableInfo> theirs = byName(new LondisteApi(setup).getTableList(queue));
            List<String> tables = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            if (names.isEmpty()) {
                mine.values().stream().filter(t -> t.local() && "ok".equals(t.mergeState()))
                        .forEach(t -> tables.add(t.tableName()));
            } else {
                for (String n : names) {
                    String fq = n.indexOf('.') < 0 ? "public." + n : n;
                    TableInfo t = mine.get(fq);
                    TableInfo p = theirs.get(fq);
                    if (t == null || !t.local()) {
                        bad.add(n + " (not replicated here)");
                    } else if (!"ok".equals(t.mergeState())) {
                        bad.add(n + " (not in sync here: " + t.mergeState() + ")");
                    } else if (p == null || !p.local() || !"ok".equals(p.mergeState())) {
                        bad.add(n + " (not in sync on the provider)");
                    } else {
                        tables.add(fq);
                    }
                }
            }
            if (!bad.isEmpty()) {
                throw new L4jException("repair: cannot repair " + String.join(", ", bad));
            }
            TableSync sync = new TableSync("repair", queue, lockTimeout);
            for (String t : tables) {
                TableInfo p = theirs.get(t);
                if (p == null || !p.local()) {
                    log.warn("{}: not replicated on the provider, skipped", t);
                    continue;
                }
                out.add(one(sync, src, lock, setup, dst, p.localName(), mine.get(t).localName(), opts));
            }
            return out;
        } catch (SQLException e) {
            throw new L4jException("repair: " + e.getMessage().split("\n")[0], e);
        }
    }

    private Repair.Stats one(TableSync sync, Connection src, Connection lock, Connection setup, Connection dst,
                             String srcTable, String dstTable, Options opts) throws SQLException {
        sync.sync(src, lock, setup, dst, srcTable, opts.force());
        Path file = opts.dir().resolve("fix." + dstTable + ".sql");
        Repair.Stats s;
        if (opts.apply()) {
            try (Connection w = local.get(); Applier a = new Applier(w)) {
                s = Repair.diff(src, srcTable, dst, dstTable, opts.where(), a::add);
                src.rollback();
                dst.rollback();
                a.commit();
            }
        } else {
            try (BufferedWriter out = Files.newBufferedWriter(file)) {
                s = Repair.diff(src, srcTable, dst, dstTable, opts.where(), sql -> {
                    try {
                        out.write(sql);
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                throw new L4jException("repair: cannot write " + file + ": " + e.getMessage());
            } finally {
                src.rollback();
                dst.rollback();
            }
            if (s.fixes() == 0) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new L4jException("repair: cannot remove the empty " + file + ": " + e.getMessage());
                }
            }
        }
        log.info("{}: {} rows on the provider, {} here: {} to insert, {} to update, {} to delete{}", dstTable,
                s.providerRows(), s.localRows(), s.inserts(), s.updates(), s.deletes(),
                opts.apply() ? " (applied)" : s.fixes() == 0 ? "" : " (written to " + file + ")");
        return s;
    }

    /** Runs fixes in batches in one transaction with the replay's replication role. */
    private static final class Applier implements AutoCloseable {
        private final Connection conn;
        private final Statement st;
        private int pending;

        Applier(Connection conn) throws SQLException {
            this.conn = conn;
            conn.setAutoCommit(false);
            new LondisteApi(conn).setSessionReplicationRole("replica", true);
            st = conn.createStatement();
        }

        void add(String sql) {
            try {
                st.addBatch(sql);
                if (++pending >= APPLY_BATCH) {
                    st.executeBatch();
                    pending = 0;
                }
            } catch (SQLException e) {
                throw new L4jException("repair: applying fixes failed: " + firstLine(e), e);
            }
        }

        void commit() throws SQLException {
            try {
                if (pending > 0) {
                    st.executeBatch();
                }
            } catch (SQLException e) {
                throw new L4jException("repair: applying fixes failed: " + firstLine(e), e);
            }
            conn.commit();
        }

        private static String firstLine(SQLException e) {
            SQLException next = e.getNextException();
            String m = (next != null ? next : e).getMessage();
            return m == null ? "failed" : m.split("\n")[0];
        }

        @Override
        public void close() throws SQLException {
            st.close();
            Db.closeQuietly(conn);
        }
    }

    private static Map<String, TableInfo> byName(List<TableInfo> list) {
        Map<String, TableInfo> m = new LinkedHashMap<>();
        list.forEach(t -> m.put(t.tableName(), t));
        return m;
    }
}
