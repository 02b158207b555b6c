package org.londiste4j.worker;

import org.londiste4j.db.ConnStr;
import org.londiste4j.db.ConnectionSlot;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.PendingFkey;
import org.londiste4j.londiste.TableInfo;
import org.londiste4j.londiste.TableState;
import org.londiste4j.londiste.TableState.Phase;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeConsumerInfo;
import org.londiste4j.node.WorkerState;
import org.londiste4j.pgq.PgqApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The main thread's side of the initial-copy protocol (python londiste's {@code sync_from_main_thread}): starts
 * a {@link CopyTask} thread for up to {@code parallel_copies} tables that are new here and {@code ok} on the
 * provider (after parking their foreign keys in {@code londiste.pending_fkeys}), answers a copy thread's
 * {@code wanna-sync:N} with {@code do-sync:<this batch's tick>} and waits for the hand-over, restores parked
 * foreign keys once both of their tables are {@code ok}, and forgets a copy snapshot once no event can be in it.
 *
 * <p>Every state change here commits on its own before the batch's apply transaction starts, as the original's
 * {@code change_table_state} does; a crash in between leaves a state the next round continues from.
 */
final class CopyScheduler {
    private static final Logger log = LoggerFactory.getLogger(CopyScheduler.class);
    /** How often the main thread looks at the table states while it waits for a hand-over. */
    private static final Duration HANDOVER_POLL = Duration.ofMillis(20);

    private final WorkerSettings settings;
    private final RowApplier.Factory applierFactory;
    private final TableCopier copier;
    private final BooleanSupplier stopping;
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    private final Map<String, CopyTask> tasks = new ConcurrentHashMap<>();
    private final Set<String> waitingLogged = new HashSet<>();
    private String providerNode;
    private String providerLocation;
    private boolean leftoversChecked;

    CopyScheduler(WorkerSettings settings, RowApplier.Factory applierFactory, TableCopier copier,
                  BooleanSupplier stopping) {
        this.settings = settings;
        this.applierFactory = applierFactory;
        this.copier = copier;
        this.stopping = stopping;
    }

    /**
     * Keeps a copy thread alive for each table in a copy state and starts copies of new tables while there is
     * room. Commits on {@code local} (each change) and {@code provider} (reads).
     */
    void launch(Connection local, Connection provider, WorkerState ws) throws SQLException {
        providerNode = ws.providerNode();
        providerLocation = ws.providerLocation();
        LondisteApi node = new LondisteApi(local);
        TableTracker tables = new TableTracker();
        tables.load(node.getTableList(settings.queue()));
        local.commit();
        supervise(tables);
        if (!leftoversChecked) {
            dropLeftoverCopyConsumers(local, provider, tables);
            leftoversChecked = true;
        }
        int room = settings.parallelCopies() - tables.copying();
        List<TableTracker.Table> missing = tables.inState(Phase.MISSING);
        if (room <= 0 || missing.isEmpty()) {
            return;
        }
        Map<String, TableInfo> onProvider = new HashMap<>();
        for (TableInfo r : new LondisteApi(provider).getTableList(settings.queue())) {
            onProvider.put(r.tableName(), r);
        }
        provider.commit();
        for (TableTracker.Table t : missing) {
            TableInfo p = onProvider.get(t.name);
            if (CopySource.copyNodeAttr(t.attrs) != null) {
                // a copy node of its own: the copy thread finds it and waits there until the table is ok
                p = null;
            } else if (p == null || !p.local()) {
                if (waitingLogged.add(t.name)) {
                    log.warn("Table {} not available on provider", t.name);
                }
                continue;
            }
            if (p != null && p.state().phase() != Phase.OK) {
                if (waitingLogged.add(t.name)) {
                    log.info("Table {} not OK on provider, waiting", t.name);
                }
                continue;
            }
            if (room == 0) {
                break;
            }
            room--;
            waitingLogged.remove(t.name);
            // FKs to and from the table go first, one transaction each, so a failure in between changes nothing
            for (PendingFkey fk : node.findTableFkeys(t.dest)) {
                log.info("Dropping fkey: {}", fk.fkeyName());
                node.dropTableFkey(fk.fromTable(), fk.fkeyName());
                local.commit();
            }
            node.localSetTableState(settings.queue(), t.name, null, TableState.IN_COPY);
            local.commit();
            log.info("Table {} status changed to 'in-copy'", t.name);
            start(t.name);
        }
    }

    /**
     * Before the main thread applies the batch ending at {@code bi.curTickId()}: answers {@code wanna-sync:N}
     * with {@code do-sync:<tick>} when this batch reaches N, then waits until no table is in {@code do-sync}.
     *
     * @return the tables as they are once nothing is pending (reloaded after any wait)
     * @throws InterruptedException when the worker stops during the wait (nothing of the batch was applied)
     */
    TableTracker beforeBatch(Connection local, org.londiste4j.pgq.BatchInfo bi, TableTracker tables)
            throws SQLException, InterruptedException {
        LondisteApi node = new LondisteApi(local);
        while (true) {
            boolean wait = !tables.inState(Phase.DO_SYNC).isEmpty();
            for (TableTracker.Table t : tables.inState(Phase.WANNA_SYNC)) {
                if (bi.curTickId() >= t.syncTick) {
                    TableState st = TableState.doSync(bi.curTickId());
                    node.localSetTableState(settings.queue(), t.name, t.snapshotText, st);
                    local.commit();
                    log.info("Table {} status changed to '{}'", t.name, st);
                    wait = true;
                }
            }
            if (!wait) {
                return tables;
            }
            supervise(tables);
            if (stopping.getAsBoolean()) {
                throw new InterruptedException("worker stopping during a copy hand-over");
            }
            TimeUnit.NANOSECONDS.sleep(HANDOVER_POLL.toNanos());
            tables = new TableTracker();
            tables.load(node.getTableList(settings.queue()));
            local.commit();
        }
    }

    /** Restores parked foreign keys whose two tables are both {@code ok} now; each in its own transaction. */
    void restoreFkeys(Connection local) throws SQLException {
        LondisteApi node = new LondisteApi(local);
        List<PendingFkey> valid = node.getValidPendingFkeys(settings.queue());
        local.commit();
        for (PendingFkey fk : valid) {
            log.info("Creating fkey: {} ({} --> {})", fk.fkeyName(), fk.fromTable(), fk.toTable());
            node.restoreTableFkey(fk.fromTable(), fk.fkeyName(), false);
            local.commit();
        }
    }

    private static final String TICK_XMIN = "select txid_snapshot_xmin(t.tick_snapshot) from pgq.tick t"
            + " join pgq.queue q on q.queue_id = t.tick_queue where q.queue_name = ? and t.tick_id = ?";

    /**
     * Forgets the copy snapshot of {@code ok} tables once the batch starts after every transaction the snapshot
     * could see (its previous tick's snapshot xmin is past the copy snapshot's xmax): no later event can be in the
     * copied rows, so the filter has nothing left to skip. Commits on both connections when it looked.
     */
    void dropCopySnapshots(Connection local, Connection provider, org.londiste4j.pgq.BatchInfo bi,
                           TableTracker tables) throws SQLException {
        Long xmin = null;
        for (TableTracker.Table t : tables.all()) {
            if (t.state != Phase.OK || t.snapshot == null) {
                continue;
            }
            if (xmin == null) {
                try (PreparedStatement ps = provider.prepareStatement(TICK_XMIN)) {
                    ps.setString(1, settings.queue());
                    ps.setLong(2, bi.prevTickId());
                    try (ResultSet rs = ps.executeQuery()) {
                        xmin = rs.next() ? rs.getLong(1) : -1L;
                    }
                }
                provider.commit();
            }
            if (xmin > t.snapshot.xmax()) {
                new LondisteApi(local).localSetTableState(settings.queue(), t.name, null, TableState.OK);
                local.commit();
                log.debug("{}: copy snapshot no longer needed", t.name);
            }
        }
    }

    /**
     * Unregisters copy consumers of tables that are no longer being copied (a crash between the hand-over and the
     * copy thread's clean-up): left registered on the provider they would hold back its queue rotation forever.
     */
    private void dropLeftoverCopyConsumers(Connection local, Connection provider, TableTracker tables)
            throws SQLException {
        String prefix = CopyTask.copyConsumer(settings.consumer(), "");
        NodeApi node = new NodeApi(local);
        List<NodeConsumerInfo> consumers = node.getConsumerInfo(settings.queue());
        local.commit();
        for (NodeConsumerInfo ci : consumers) {
            if (!ci.consumerName().startsWith(prefix)) {
                continue;
            }
            TableTracker.Table t = tables.get(ci.consumerName().substring(prefix.length()));
            if (t != null && TableTracker.copying(t.state)) {
                continue;
            }
            log.info("queue {}: dropping leftover copy consumer {}", settings.queue(), ci.consumerName());
            String loc = ci.providerNode() == null || ci.providerNode().equals(providerNode) ? null
                    : CopySource.location(local, settings.queue(), ci.providerNode());
            if (loc == null) {
                unregisterAt(provider, ci.consumerName());
            } else {
                // registered at a copy node of its own (--copy-node)
                try (ConnectionSlot slot = new ConnectionSlot(ConnStr.parse(
                        settings.providerConnstr(loc)), "londiste " + settings.jobName() + " cleanup",
                        settings.connectionLifetime())) {
                    unregisterAt(slot.get(), ci.consumerName());
                }
            }
            node.unregisterConsumer(settings.queue(), ci.consumerName());
            local.commit();
        }
    }

    private void unregisterAt(Connection db, String consumer) throws SQLException {
        if (db.getAutoCommit()) {
            db.setAutoCommit(false);
        }
        PgqApi pgq = new PgqApi(db);
        if (pgq.getConsumerInfo(settings.queue(), consumer).isPresent()) {
            pgq.unregisterConsumer(settings.queue(), consumer);
        }
        db.commit();
    }

    /** Starts a copy thread for every table in a copy state that has none (after a crash or restart). */
    private void supervise(TableTracker tables) {
        for (TableTracker.Table t : tables.all()) {
            if (TableTracker.copying(t.state)) {
                Thread th = threads.get(t.name);
                CopyTask task = tasks.get(t.name);
                boolean stale = task != null && task.followsProvider()
                        && !task.providerLocation().equals(providerLocation);
                if (th == null || !th.isAlive() || stale) {
                    start(t.name);
                }
            }
        }
        threads.entrySet().removeIf(e -> !e.getValue().isAlive());
    }

    private void start(String table) {
        if (providerLocation == null) {
            return;
        }
        Thread old = threads.get(table);
        if (old != null && old.isAlive()) {
            return;
        }
        CopyTask task = new CopyTask(settings, table, providerNode, providerLocation, applierFactory, copier,
                stopping);
        Thread th = new Thread(task, "londiste-copy-" + table);
        th.setDaemon(true);
        tasks.put(table, task);
        threads.put(table, th);
        th.start();
    }

    /** Copy threads running now (for tests and status). */
    int running() {
        return (int) threads.values().stream().filter(Thread::isAlive).count();
    }

    /** Waits for the copy threads to end (the worker's stop flag is already set) and interrupts stragglers. */
    void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread th : threads.values()) {
            th.interrupt();
        }
        for (Thread th : threads.values()) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    th.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
