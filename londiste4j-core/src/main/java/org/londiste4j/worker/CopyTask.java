package org.londiste4j.worker;

import org.londiste4j.copy.CopyEstimate;
import org.londiste4j.db.ConnStr;
import org.londiste4j.db.ConnectionSlot;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.TableInfo;
import org.londiste4j.londiste.TableState;
import org.londiste4j.londiste.TableState.Phase;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeType;
import org.londiste4j.pgq.Batch;
import org.londiste4j.pgq.BatchConsumer;
import org.londiste4j.pgq.BatchInfo;
import org.londiste4j.pgq.ConsumerSettings;
import org.londiste4j.pgq.Event;
import org.londiste4j.pgq.PgqApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The copy thread of one table (python londiste's {@code CopyTable} process, as a thread): registers its own
 * consumer {@code <worker>.copy.<table>} on the provider, COPYs the table under a provider snapshot, then replays
 * the table's later events (those not visible in the copy's snapshot) as that consumer until it has caught up,
 * and hands the table over to the main thread at one tick: {@code in-copy} -> {@code catching-up} ->
 * {@code wanna-sync:N} -> (main thread: {@code do-sync:M}) -> {@code ok}.
 *
 * <p>Exactly once: like the main thread, each of its batches is applied in one subscriber transaction that records
 * the copy consumer's tick; the COPY itself is committed together with the state {@code catching-up} and the
 * snapshot, so a crash during the copy leaves the table in {@code in-copy} and the copy starts over.
 *
 * <p>Hand-over invariant: the copy thread applies batches ending before tick M and stops at the batch ending at
 * M; the main thread, waiting at its batch ending at M, applies that batch and every later one. Both read the
 * same ticks, so each event is applied by exactly one of them.
 *
 * <p>Owns its connections; ends when the table is {@code ok}, removed, or the worker stops.
 */
final class CopyTask implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(CopyTask.class);
    /** The shortest span of a catch-up batch while the copy is far behind its source's head. */
    static final java.time.Duration CATCH_UP_SPAN = java.time.Duration.ofMillis(500);

    private final WorkerSettings settings;
    private final String table;
    private final String providerNode;
    private final String providerLocation;
    private final TableCopier copier;
    private final BooleanSupplier stopping;
    private final String consumer;
    private final ConnectionSlot localSlot;
    /** Where the rows and the catch-up events come from (null until known: see {@link #source}). */
    private CopySource source;
    private ConnectionSlot providerSlot;
    private final ApplierSlot applier;
    private final CopyProgressRecorder recorder;
    private Connection roleSetOn;
    private boolean caughtUp;
    private volatile boolean finished;
    /** The last reason a merged table's copy waited (logged once per reason). */
    private String lastWait;

    CopyTask(WorkerSettings settings, String table, String providerNode, String providerLocation,
             RowApplier.Factory applierFactory, TableCopier copier, BooleanSupplier stopping) {
        this.settings = settings;
        this.table = table;
        this.providerNode = providerNode;
        this.providerLocation = providerLocation;
        this.applier = new ApplierSlot(applierFactory);
        this.copier = copier;
        this.stopping = stopping;
        this.consumer = copyConsumer(settings.consumer(), table);
        String app = "londiste " + settings.jobName() + " copy " + table;
        this.localSlot = new ConnectionSlot(ConnStr.parse(settings.db()), app, settings.connectionLifetime());
        this.recorder = new CopyProgressRecorder(ConnStr.parse(settings.db()), app + " progress", settings.queue(),
                table);
    }

    /** The copy consumer's name, as the original's: {@code <consumer>.copy.<table>}. */
    static String copyConsumer(String workerConsumer, String table) {
        return workerConsumer + ".copy." + table;
    }

    boolean finished() {
        return finished;
    }

    String providerLocation() {
        return providerLocation;
    }

    /** False when the table copies from a copy node of its own: a change of the worker's provider is no matter. */
    boolean followsProvider() {
        CopySource s = source;
        return s == null || s.isProvider();
    }

    @Override
    public void run() {
        log.info("{}: copy thread started", table);
        try {
            while (!finished && !stopping.getAsBoolean()) {
                try {
                    if (!step()) {
                        TimeUnit.NANOSECONDS.sleep(settings.idlePoll().toNanos());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    if (stopping.getAsBoolean()) {
                        return;
                    }
                    log.error("table {}: copy thread failed: {}", table, e.getMessage());
                    log.debug("table {}: copy failure details", table, e);
                    closeConnections();
                    storeError(e);
                    try {
                        TimeUnit.NANOSECONDS.sleep(settings.exceptionSleep().toNanos());
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        } finally {
            closeConnections();
            log.info("{}: copy thread {}", table, finished ? "done" : "stopped");
        }
    }

    /** One step; false when there is nothing to do right now (the thread then sleeps a poll interval). */
    boolean step() throws SQLException, InterruptedException {
        Connection local = local();
        LondisteApi node = new LondisteApi(local);
        TableInfo row = find(node.getTableList(settings.queue()));
        local.commit();
        if (row == null || !row.local()) {
            log.warn("table {}: removed from replication during its copy", table);
            unregister(local);
            finished = true;
            return false;
        }
        TableTracker.Table t = new TableTracker.Table(row);
        if (t.state != Phase.IN_COPY && source == null) {
            // a copy that was under way before a restart goes on from where its consumer is registered
            Optional<CopySource> reg = CopySource.registered(local, settings.queue(), consumer, providerNode);
            use(reg.orElse(null));
        }
        return switch (t.state) {
            case MISSING, OK -> {
                unregister(local);
                finished = true;
                yield false;
            }
            case IN_COPY -> mergedWait(row) ? false : copy(local, node, t);
            default -> catchUp(local, node, t);
        };
    }

    /**
     * {@code in-copy}: find the copy source, register the copy consumer there, COPY, store {@code catching-up}
     * with the snapshot.
     */
    private boolean copy(Connection local, LondisteApi node, TableTracker.Table t) throws SQLException,
            InterruptedException {
        CopySource src = CopySource.resolve(settings, local, table, t.attrs, providerNode, providerLocation);
        if (!src.equals(source)) {
            log.info("{}: copy source is node {}{}", table, src.node(), src.isProvider() ? " (the provider)" : "");
        }
        use(src);
        Connection provider = provider();
        if (!src.isProvider() && new NodeApi(provider).getNodeInfo(settings.queue()).nodeType() == NodeType.LEAF) {
            provider.rollback();
            throw new ReplayException("table " + table + ": copy node " + src.node() + " is a leaf: it has no queue"
                    + " to catch up from; resync with a root or branch as --copy-node, or --find-copy-node");
        }
        TableInfo p = find(new LondisteApi(provider).getTableList(settings.queue()));
        provider.commit();
        // a branch whose own copy of the table still skips events its snapshot saw has queued those events again
        // after the rows: copying from it before it drops that snapshot would apply them twice here
        if (p == null || !p.local() || p.state().phase() != Phase.OK || p.customSnapshot() != null) {
            log.info("table {}: not in sync on {} {} yet, waiting", table, src.isProvider() ? "the provider"
                    : "copy node", src.node());
            // not a 20 ms poll: the other node's copy takes its time
            TimeUnit.NANOSECONDS.sleep(settings.idleWait().toNanos());
            return false;
        }
        List<String> parts = MergedCopy.pendingPartitions(provider, settings.queue(), TableTracker.dest(p));
        provider.commit();
        if (!parts.isEmpty()) {
            String why = "merged on " + src.node() + " from partitions not all in sync yet (" + String.join(", ", parts)
                    + "), waiting";
            noteWait(why);
            TimeUnit.NANOSECONDS.sleep(settings.idleWait().toNanos());
            return false;
        }
        // a fresh position just before the snapshot: every event of an earlier tick is in the copied rows
        PgqApi pgq = new PgqApi(provider);
        if (pgq.getConsumerInfo(settings.queue(), consumer).isPresent()) {
            pgq.unregisterConsumer(settings.queue(), consumer);
        }
        pgq.registerConsumer(settings.queue(), consumer);
        long tick = pgq.getConsumerInfo(settings.queue(), consumer).orElseThrow().lastTick();
        provider.commit();
        NodeApi nodeApi = new NodeApi(local);
        nodeApi.unregisterConsumer(settings.queue(), consumer);
        nodeApi.registerConsumer(settings.queue(), consumer, src.node(), tick);
        local.commit();
        log.info("{}: starting full copy from node {} (consumer {} at tick {})", table, src.node(), consumer, tick);
        recorder.start(estimate(provider, TableTracker.dest(p)));
        boolean keep = t.skipTruncate() || MergedCopy.keepRows(local, settings.queue(), table);
        if (keep && !t.skipTruncate()) {
            log.info("{}: merged table holds other partitions' rows: copying without truncate", table);
        }
        int dropped = MergedCopy.beforeCopy(local, settings.queue(), table, t.dest);
        if (dropped > 0) {
            log.info("{}: merged table: {} secondary indexes dropped until the last partition's copy", table, dropped);
        }
        TableCopier.Outcome out = copier.copy(provider, local, TableTracker.dest(p), t.dest, keep,
                stopping, recorder.progress());
        int rebuilt = MergedCopy.afterCopy(local, settings.queue(), table);
        if (rebuilt > 0) {
            log.info("{}: merged table: last partition copied, {} secondary indexes rebuilt", table, rebuilt);
        }
        node.localSetTableState(settings.queue(), table, out.snapshot(), TableState.CATCHING_UP);
        local.commit();
        recorder.copied(out.rows(), out.bytes());
        applier(local).invalidate(t.dest);
        log.info("Table {} status changed to 'catching-up' ({} rows copied, snapshot {})", table, out.rows(),
                out.snapshot());
        caughtUp = false;
        forceTick(provider);
        return true;
    }

    /** A merged table's copy that must wait its turn ({@link MergedCopy}); sleeps a while when so. */
    private boolean mergedWait(TableInfo row) throws InterruptedException {
        String why = MergedCopy.waitReason(row);
        if (why == null) {
            return false;
        }
        noteWait(why);
        TimeUnit.NANOSECONDS.sleep(settings.idleWait().toNanos());
        return true;
    }

    /** The provider's size of the table, for the progress record; its transaction ended either way. */
    private CopyEstimate estimate(Connection provider, String source) throws SQLException {
        CopyEstimate e = CopyEstimate.of(provider, source);
        provider.rollback();
        log.info("{}: provider estimate {} rows, {} bytes", table, e.rows() == null ? "unknown" : e.rows(),
                e.bytes() == null ? "unknown" : e.bytes());
        return e;
    }

    /** {@code catching-up}, {@code wanna-sync:N}, {@code do-sync:N}: one batch of the copy consumer. */
    private boolean catchUp(Connection local, LondisteApi node, TableTracker.Table t)
            throws SQLException {
        Connection provider = provider();
        ConsumerSettings read = ConsumerSettings.of(settings.queue(), consumer).withLazyFetch(settings.lazyFetch())
                .withTableFilter(List.of(table));
        if (t.state == Phase.CATCHING_UP && !caughtUp) {
            // Far from the head, one batch spans ticks (CATCH_UP_SPAN at least): on a busy queue that ticks every
            // few ms a tick-by-tick catch-up can fall behind for ever; an empty answer then means "within one span
            // of the head". The hand-over itself (wanna-sync on) goes tick by tick, where the main thread meets it.
            read = read.withBatchConditions(null, null, CATCH_UP_SPAN);
        }
        BatchConsumer bc = new BatchConsumer(read);
        Optional<Batch> next = bc.nextBatch(provider);
        provider.commit();
        if (next.isEmpty()) {
            if (t.state == Phase.CATCHING_UP && source.isProvider()) {
                // Nothing after our completed tick C: ask for the hand-over at the first tick after C at once, not
                // at a tick still to come (that cost one idle-queue tick, and a second one whenever the main thread
                // had already taken that tick). The main thread reads tick by tick while a copy runs, so the batch
                // it answers with ends at M > C and starts at M's predecessor, which is C or later: every event up
                // to C is ours, every later one the main thread's (see the class comment).
                Long done = new NodeApi(local).getConsumerState(settings.queue(), consumer).completedTick();
                if (done == null) {
                    local.rollback();
                    throw new ReplayException("table " + table + ": copy consumer " + consumer
                            + " has no completed tick here; resync the table");
                }
                if (holdForIndexes(local, t)) {
                    local.rollback();
                    return false;
                }
                TableState wanna = TableState.wannaSync(done + 1);
                node.localSetTableState(settings.queue(), table, t.snapshotText, wanna);
                local.commit();
                log.info("Table {} status changed to '{}'", table, wanna.render());
                // the main thread answers at its next batch: ask for its tick now rather than after the ticker's
                // idle period (SPEC 6.5)
                forceTick(provider);
                return false;
            }
            if (t.state == Phase.CATCHING_UP && !caughtUp) {
                caughtUp = true;
                // ask for a tick now rather than waiting for the ticker's idle period (SPEC 6.5)
                forceTick(provider);
            }
            return false;
        }
        Batch batch = next.get();
        BatchInfo bi = batch.info();
        NodeApi nodeApi = new NodeApi(local);
        Long done = nodeApi.getConsumerState(settings.queue(), consumer).completedTick();
        local.commit();
        if (done != null && done == bi.curTickId()) {
            batch.finish();
            provider.commit();
            return true;
        }
        if (done == null || done != bi.prevTickId()) {
            throw new ReplayException("table " + table + ": copy consumer " + consumer + " lost position: batch "
                    + bi.prevTickId() + ".." + bi.curTickId() + ", completed " + done);
        }
        switch (t.state) {
            case DO_SYNC -> {
                if (bi.curTickId() == t.syncTick) {
                    // the main thread applies this batch and all later ones; the snapshot is in the copy node's
                    // txids, meaningless to the provider's events, and no later event is in it (see catching-up)
                    node.localSetTableState(settings.queue(), table, source.isProvider() ? t.snapshotText : null,
                            TableState.OK);
                    local.commit();
                    provider.rollback();
                    log.info("Table {} status changed to 'ok'", table);
                    unregister(local);
                    finished = true;
                    return false;
                }
                if (bi.curTickId() > t.syncTick) {
                    throw new ReplayException("table " + table + ": copy thread at tick " + bi.curTickId()
                            + " is past the hand-over tick " + t.syncTick + "; resync the table");
                }
            }
            case WANNA_SYNC -> {
                // the main thread has to answer first; the batch stays allocated and comes again
                return false;
            }
            case CATCHING_UP -> {
                if (caughtUp && !source.isProvider()) {
                    // A copy node's events carry its own txids, which the main thread (reading the provider) cannot
                    // compare with the snapshot: this thread applies batches until one ends at a tick whose snapshot
                    // sees everything the copy saw, and asks for a hand-over after it. No later event is then in
                    // the copied rows, so the main thread needs no snapshot.
                    boolean after = (t.snapshot == null || t.snapshot.coveredBy(tickSnapshot(provider, bi.curTickId())))
                            && !holdForIndexes(local, t);
                    return applyBatch(local, node, t, batch, after ? TableState.wannaSync(bi.curTickId() + 1) : null);
                }
                if (caughtUp && !holdForIndexes(local, t)) {
                    TableState wanna = TableState.wannaSync(bi.curTickId());
                    node.localSetTableState(settings.queue(), table, t.snapshotText, wanna);
                    local.commit();
                    log.info("Table {} status changed to '{}'", table, wanna.render());
                    return false;
                }
            }
            default -> throw new ReplayException("table " + table + ": unexpected state " + t.state);
        }
        return applyBatch(local, node, t, batch, null);
    }

    /** A merged table's hand-over that waits for the other partitions' copies ({@link MergedCopy#indexesPending}). */
    private boolean holdForIndexes(Connection local, TableTracker.Table t) throws SQLException {
        if (!MergedCopy.indexesPending(local, settings.queue(), table, t.dest)) {
            return false;
        }
        noteWait(HOLD);
        return true;
    }

    private static final String HOLD = "merged table: staying in catching-up until the other partitions' copies are"
            + " done (the last rebuilds the secondary indexes this partition's copy dropped)";

    /** Logs why this copy waits, once per reason in a row (it is asked again at every poll). */
    private void noteWait(String why) {
        if (!why.equals(lastWait)) {
            log.info("table {}: {}", table, why);
            lastWait = why;
        }
    }

    private static final String TICK_SNAPSHOT = "select t.tick_snapshot::text from pgq.tick t join pgq.queue q"
            + " on q.queue_id = t.tick_queue where q.queue_name = ? and t.tick_id = ?";

    /** The snapshot of a tick of the copy source's queue. */
    private TxidSnapshot tickSnapshot(Connection provider, long tick) throws SQLException {
        try (PreparedStatement ps = provider.prepareStatement(TICK_SNAPSHOT)) {
            ps.setString(1, settings.queue());
            ps.setLong(2, tick);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ReplayException("table " + table + ": tick " + tick + " is gone from the queue of "
                            + source.node());
                }
                return TxidSnapshot.parse(rs.getString(1));
            }
        }
    }

    /** Applies the table's events of one batch not seen by the copy, records its tick (and {@code then}). */
    private boolean applyBatch(Connection local, LondisteApi node, TableTracker.Table t, Batch batch,
                               TableState then) throws SQLException {
        BatchInfo bi = batch.info();
        NodeApi nodeApi = new NodeApi(local);
        Connection provider = provider();
        RowApplier a = applier(local);
        long n = 0;
        for (Event ev : batch.events()) {
            if (TableTracker.isRowEvent(ev) && !t.seenByCopy(ev)) {
                a.add(ev, t.dest);
                n++;
            }
        }
        a.flush();
        nodeApi.setConsumerCompleted(settings.queue(), consumer, bi.curTickId());
        if (then != null) {
            node.localSetTableState(settings.queue(), table, t.snapshotText, then);
        }
        local.commit();
        batch.finish();
        provider.commit();
        log.debug("table {}: catch-up batch {} applied {} events", table, bi.curTickId(), n);
        if (then != null) {
            log.info("Table {} status changed to '{}'", table, then.render());
            return false;
        }
        return true;
    }

    /** Best effort: the copy consumer's error on this node, for {@code status}; a dead database is left alone. */
    private void storeError(Exception e) {
        try {
            Connection c = local();
            new NodeApi(c).setConsumerError(settings.queue(), consumer, e.getMessage());
            c.commit();
        } catch (RuntimeException | SQLException e2) {
            log.debug("table {}: storing the copy error failed: {}", table, e2.toString());
            closeConnections();
        }
    }

    private void forceTick(Connection provider) throws SQLException {
        new PgqApi(provider).forceTick(settings.queue());
        provider.commit();
    }

    /** Drops the copy consumer on both sides once the table needs it no more. */
    private void unregister(Connection local) throws SQLException {
        if (source == null) {
            use(CopySource.registered(local, settings.queue(), consumer, providerNode).orElse(null));
        }
        if (source != null) {
            Connection provider = provider();
            PgqApi pgq = new PgqApi(provider);
            if (pgq.getConsumerInfo(settings.queue(), consumer).isPresent()) {
                pgq.unregisterConsumer(settings.queue(), consumer);
            }
            provider.commit();
        }
        new NodeApi(local).unregisterConsumer(settings.queue(), consumer);
        local.commit();
    }

    private TableInfo find(List<TableInfo> rows) {
        for (TableInfo r : rows) {
            if (r.tableName().equals(table)) {
                return r;
            }
        }
        return null;
    }

    private Connection local() throws SQLException {
        Connection c = localSlot.get();
        if (c.getAutoCommit()) {
            c.setAutoCommit(false);
        }
        if (c != roleSetOn) {
            new LondisteApi(c).setSessionReplicationRole("replica", false);
            c.commit();
            roleSetOn = c;
        }
        return c;
    }

    /**
     * Reads from {@code src} from now on; null: from the provider (a copy that has not registered yet, or one
     * whose copy node is no longer a member: its consumer is dropped and the table copied again).
     */
    private void use(CopySource src) {
        CopySource s = src == null ? new CopySource(providerNode, providerLocation, true) : src;
        if (s.equals(source) && providerSlot != null) {
            return;
        }
        if (providerSlot != null) {
            providerSlot.close();
        }
        source = s;
        providerSlot = new ConnectionSlot(ConnStr.parse(settings.providerConnstr(s.location())),
                "londiste " + settings.jobName() + " copy " + table, settings.connectionLifetime());
    }

    /** The copy source's database (the provider unless the table has a copy node). */
    private Connection provider() throws SQLException {
        if (providerSlot == null) {
            use(null);
        }
        Connection c = providerSlot.get();
        if (c.getAutoCommit()) {
            c.setAutoCommit(false);
        }
        return c;
    }

    private RowApplier applier(Connection local) {
        return applier.get(local);
    }

    private void closeApplier() {
        applier.close();
    }

    void closeConnections() {
        closeApplier();
        recorder.close();
        localSlot.reset();
        if (providerSlot != null) {
            providerSlot.reset();
        }
        roleSetOn = null;
    }
}
