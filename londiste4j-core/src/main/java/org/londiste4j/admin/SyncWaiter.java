package org.londiste4j.admin;

import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.TableInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@code wait-sync} and {@code add-table --wait-sync}: polls the local table states until every waited table is
 * {@code ok}, logging each one that finishes and how many remain, as the original's {@code wait_for_sync}, and
 * showing how the running copies advance (SPEC 5): a line redrawn in place on a terminal, plain log lines every
 * {@link #PLAIN_EVERY} otherwise (logs and CI stay clean). Needs the worker running; waits as long as it takes
 * (interrupt to stop).
 */
public final class SyncWaiter {
    private static final Logger log = LoggerFactory.getLogger(SyncWaiter.class);
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

    private final AdminSettings settings;
    private final Display display;

    public SyncWaiter(AdminSettings settings) {
        this(settings, System.console() != null ? new TerminalLine(System.err, terminalWidth())
                : new PlainLines(PLAIN_EVERY, System::nanoTime, line -> log.info("{}", line)));
    }

    SyncWaiter(AdminSettings settings, Display display) {
        this.settings = settings;
        this.display = display;
    }

    /** Where the copies' progress goes while waiting. */
    interface Display {
        /** The tables not in sync yet, with their copies' progress; called at every poll. */
        void show(int inSync, int total, List<CopyState> pending);

        /** Takes a drawn line away before a log line is written (and at the end). */
        void clear();
    }

    /** A terminal: one line redrawn in place, cut to the terminal's width. */
    static final class TerminalLine implements Display {
        private final PrintStream out;
        private final int width;
        private boolean drawn;

        TerminalLine(PrintStream out, int width) {
            this.out = out;
            this.width = width;
        }

        @Override
        public void show(int inSync, int total, List<CopyState> pending) {
            out.print("\r" + CopyProgressFormat.liveLine(inSync, total, pending, width - 1) + "\033[K");
            out.flush();
            drawn = true;
        }

        @Override
        public void clear() {
            if (drawn) {
                out.print("\r\033[K");
                out.flush();
                drawn = false;
            }
        }
    }

    /** Not a terminal: each running copy's {@code status} line in the log, at once and then every {@code every}. */
    static final class PlainLines implements Display {
        private final long everyNanos;
        private final LongSupplier clock;
        private final Consumer<String> sink;
        private Long next;

        PlainLines(Duration every, LongSupplier clock, Consumer<String> sink) {
            this.everyNanos = every.toNanos();
            this.clock = clock;
            this.sink = sink;
        }

        @Override
        public void show(int inSync, int total, List<CopyState> pending) {
            long now = clock.getAsLong();
            List<CopyState> running = pending.stream().filter(CopyState::running).toList();
            if (running.isEmpty() || next != null && now - next < 0) {
                return;
            }
            running.forEach(s -> sink.accept(CopyProgressFormat.statusLine(s)));
            next = now + everyNanos;
        }

        @Override
        public void clear() {
        }
    }

    /** The terminal's columns as the shell exports them, else 100. */
    static int terminalWidth() {
        try {
            int w = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").trim());
            return w >= 20 ? w : 100;
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** Waits until every local table is {@code ok}. */
    public void waitAll() {
        try (Connection local = settings.connectLocal()) {
            NodeAdmin.requireNode(local, settings.queue());
            waitFor(local, null);
        } catch (SQLException e) {
            throw new org.londiste4j.db.Db.DbException("wait-sync: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** Waits until {@code tables} (null: every local table) are {@code ok}; {@code c} is not in a transaction. */
    void waitFor(Connection c, List<String> tables) throws SQLException {
        log.info("Waiting until all tables are in sync");
        Set<String> pending = null;
        int total = -1;
        try {
            while (true) {
                List<TableInfo> rows = new LondisteApi(c).getTableList(settings.queue());
                List<CopyState> copies = CopyState.read(c, settings.queue());
                c.rollback();
                var now = new TreeSet<String>();
                for (TableInfo t : rows) {
                    if (t.local() && (tables == null || tables.contains(t.tableName()))
                            && !"ok".equals(t.mergeState())) {
                        now.add(t.tableName());
                    }
                }
                if (pending == null) {
                    total = tables == null ? (int) rows.stream().filter(TableInfo::local).count() : tables.size();
                    log.info("{}/{} table(s) to copy", now.size(), total);
                } else {
                    for (String done : pending) {
                        if (!now.contains(done)) {
                            display.clear();
                            log.info("{}: finished ({}/{})", done, total - now.size(), total);
                        }
                    }
                }
                if (now.isEmpty()) {
                    display.clear();
                    log.info("All done");
                    return;
                }
                display.show(total - now.size(), total,
                        copies.stream().filter(s -> now.contains(s.table())).toList());
                pending = now;
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AdminException("wait-sync: interrupted with " + now.size() + " table(s) not in sync: "
                            + String.join(", ", now));
                }
            }
        } finally {
            display.clear();
        }
    }

    /**
     * {@code wait-provider} / {@code wait-root}: waits until this node's worker has passed the last tick the
     * provider (or the root) has now.
     */
    public void waitUpstream(boolean root) {
        String queue = settings.queue();
        String what = root ? "wait-root" : "wait-provider";
        try (Connection local = settings.connectLocal()) {
            var me = NodeAdmin.requireNode(local, queue);
            if (me.nodeType() == org.londiste4j.node.NodeType.ROOT) {
                log.info("Current node is root, no need to wait");
                return;
            }
            var up = me;
            Connection c = settings.connectRemote("provider " + me.providerNode(), me.providerLocation());
            try {
                up = NodeAdmin.requireNode(c, queue);
                while (root && up.nodeType() != org.londiste4j.node.NodeType.ROOT) {
                    String next = up.providerNode();
                    String loc = up.providerLocation();
                    org.londiste4j.db.Db.closeQuietly(c);
                    c = settings.connectRemote("node " + next, loc);
                    up = NodeAdmin.requireNode(c, queue);
                }
                long tick;
                try (var ps = c.prepareStatement("select last_tick_id from pgq.get_queue_info(?)")) {
                    ps.setString(1, queue);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        tick = rs.getLong(1);
                    }
                }
                log.info("{}: waiting for the worker to pass tick {} of node {}", what, tick, up.nodeName());
                while (true) {
                    var now = NodeAdmin.requireNode(local, queue);
                    local.rollback();
                    if (now.workerLastTick() != null && now.workerLastTick() >= tick) {
                        log.info("{}: done, at tick {}", what, now.workerLastTick());
                        return;
                    }
                    Thread.sleep(POLL.toMillis());
                }
            } finally {
                org.londiste4j.db.Db.closeQuietly(c);
            }
        } catch (SQLException e) {
            throw new org.londiste4j.db.Db.DbException(what + ": " + e.getMessage(), e.getSQLState(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(what + ": interrupted");
        }
    }
}
