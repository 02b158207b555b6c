package org.londiste4j.worker;

import org.londiste4j.config.JobConfig;
import org.londiste4j.daemon.Job;
import org.londiste4j.db.ConnStr;
import org.londiste4j.db.ConnectionSlot;
import org.londiste4j.db.Quote;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.TableInfo;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.WorkerState;
import org.londiste4j.pgq.Batch;
import org.londiste4j.pgq.BatchConsumer;
import org.londiste4j.pgq.BatchInfo;
import org.londiste4j.pgq.ConsumerInfo;
import org.londiste4j.pgq.ConsumerSettings;
import org.londiste4j.pgq.PgqApi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The londiste worker ({@code londiste3 CONFIG worker}, python londiste's {@code Replicator}): one round of
 * {@link #work()} reads this node's state from {@code pgq_node.get_worker_state}; on the root it keeps house
 * (publishes sequences and the global watermark); on a branch or leaf it takes the provider's next batch as this
 * node's worker consumer and applies it, and it runs the initial copy of new tables in threads of its own
 * ({@link CopyScheduler}).
 *
 * <p>Exactly once, across any crash: a batch is applied in ONE subscriber transaction that also records the
 * batch's end tick ({@code pgq_node.set_consumer_completed}); only after that commit is the batch finished on the
 * provider. A crash before the subscriber commit leaves nothing applied and the batch active on the provider; a
 * crash after it leaves the batch applied and recorded, so when the same batch comes again its end tick is the
 * completed one and it is finished without being applied (python-pgq's {@code is_batch_done}).
 *
 * <p>Lag: an idle worker asks the provider for a batch every {@link WorkerSettings#idlePoll()} (a cheap
 * {@code pgq.next_batch_info} that finds no tick) for up to {@code loop_delay} per round, so a new tick is picked
 * up within milliseconds instead of after a blind {@code loop_delay} sleep; this works with the original pgq and
 * pgqd as they are (no NOTIFY needed).
 *
 * <p>Threads: {@link #work()} runs on the job's thread and owns the local and provider connections; each copy
 * thread owns its own. Not thread-safe otherwise.
 */
public final class LondisteWorker implements Job.Work, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LondisteWorker.class);
    /** The fewest events a catch-up batch spans (several ticks' worth while a backlog drains). */
    static final int CATCH_UP_EVENTS = 20_000;

    private final WorkerSettings settings;
    private final ConnectionSlot localSlot;
    private final CopyScheduler copies;
    private ConnectionSlot providerSlot;
    private String providerLocation;
    private final ApplierSlot applier;
    private Connection roleSetOn;
    private long lastLocalWmNanos;
    /** The last batch was there at the first ask: there may be a backlog to drain (see catchUpBatch). */
    private boolean backlogLikely;
    private long lastGlobalWmNanos;
    private boolean haveLocalWm;
    private boolean haveGlobalWm;
    private volatile boolean closing;
    private volatile Job job;
    /** Row events read from the provider, applied or not (tests: what {@code local_only} leaves out). */
    private volatile long rowEventsRead;
    private long lastStatsNanos = System.nanoTime();
    private boolean branchReadNoted;
    /** A branch's {@code --sync-watermark} (null: none), read at the first round and after each admin change. */
    private WatermarkSync wmSync;
    private boolean attrsRead;

    /** The worker of a londiste config ({@code db}, {@code queue_name}, ...) with the default applier. */
    public LondisteWorker(JobConfig cf) {
        this(WorkerSettings.of(cf), Appliers.batchApplier(), TableCopier.tableCopy());
        WorkerSettings.noEffect(cf).forEach(log::info);
    }

    /**
     * A worker with its parts given (tests, embedding programs).
     *
     * @param applierFactory applies row events (default {@link Appliers#batchApplier()})
     * @param copier         the bulk COPY of an initial copy (default {@link TableCopier#tableCopy()})
     */
    public LondisteWorker(WorkerSettings settings, RowApplier.Factory applierFactory, TableCopier copier) {
        this.settings = Objects.requireNonNull(settings);
        Objects.requireNonNull(applierFactory);
        this.applier = new ApplierSlot(applierFactory);
        this.localSlot = new ConnectionSlot(ConnStr.parse(settings.db()), appName("worker"),
                settings.connectionLifetime());
        this.copies = new CopyScheduler(settings, applierFactory, copier, this::stopping);
    }

    /** A {@link Job} running this worker, whose crash handler closes the worker's connections. */
    public Job job(Job.Policy policy) {
        Job j = new Job(settings.jobName(), policy, this, this::closeConnections);
        this.job = j;
        return j;
    }

    public WorkerSettings settings() {
        return settings;
    }

    String appName(String role) {
        return "londiste " + settings.jobName() + " " + role;
    }

    boolean stopping() {
        Job j = job;
        return closing || j != null && j.stopping();
    }

    /**
     * One round (see the class comment).
     *
     * @return true when a batch was processed or the round waited for one, false when idle (the job then sleeps
     *         {@code loop_delay})
     */
    @Override
    public boolean work() throws Exception {
        try {
            return round();
        } catch (Exception e) {
            failed(e);
            throw e;
        }
    }

    private boolean round() throws SQLException, InterruptedException {
        Connection local = local();
        NodeApi node = new NodeApi(local);
        WorkerState ws = node.getWorkerState(settings.queue());
        local.commit();
        NodeRole role = NodeRole.of(ws.nodeType(), ws.combinedType());
        readSyncWatermark(node, ws, role, local);
        if (!ws.uptodate()) {
            node.setConsumerUptodate(settings.queue(), settings.consumer(), true);
            local.commit();
        }
        if (role.isRoot()) {
            rootRound(local);
            return false;
        }
        if (ws.paused()) {
            log.debug("queue {} consumer {}: paused", settings.queue(), settings.consumer());
            return false;
        }
        Connection provider = provider(ws.providerLocation());
        if (!role.waitBehind()) {
            copies.launch(local, provider, ws);
        }
        Optional<Batch> next = nextBatch(local, provider, role);
        if (next.isEmpty()) {
            keepaliveStats();
            return !stopping();
        }
        if (role.waitBehind()) {
            return behindBatch(next.get(), ws, role, local, provider);
        }
        processBatch(next.get(), ws, role, local, provider);
        if (ws.curError() != null) {
            node.setConsumerError(settings.queue(), settings.consumer(), null);
            local.commit();
        }
        return true;
    }

    /** A branch's {@code sync_watermark} attribute, read when the node's state changed (or first). */
    private void readSyncWatermark(NodeApi node, WorkerState ws, NodeRole role, Connection local)
            throws SQLException {
        if (!role.copyEvents()) {
            wmSync = null;
            attrsRead = false;
            return;
        }
        if (attrsRead && ws.uptodate()) {
            return;
        }
        WatermarkSync was = wmSync;
        wmSync = WatermarkSync.of(node.getNodeInfo(settings.queue()).nodeAttrs());
        local.commit();
        attrsRead = true;
        if (wmSync != null && (was == null || !was.nodes().equals(wmSync.nodes()))) {
            log.info("queue {}: keeping the global watermark in sync with nodes {}", settings.queue(),
                    String.join(",", wmSync.nodes()));
        }
    }

    /** The root: sequences published every round, the global watermark every {@code global_wm_publish_period}. */
    private void rootRound(Connection local) throws SQLException {
        if (queueFrozen(local)) {
            // a takeover froze this root (demote_root step 1): publishing would fail on the disabled queue, and
            // the node is about to become a branch, which the next round reads
            local.commit();
            return;
        }
        new LondisteApi(local).rootCheckSeqs(settings.queue());
        long now = System.nanoTime();
        if (!haveGlobalWm || now - lastGlobalWmNanos >= settings.globalWmPeriod().toNanos()) {
            log.debug("queue {}: publishing global watermark", settings.queue());
            new NodeApi(local).setGlobalWatermark(settings.queue(), null);
            lastGlobalWmNanos = now;
            haveGlobalWm = true;
        }
        local.commit();
    }

    private boolean queueFrozen(Connection local) throws SQLException {
        try (var ps = local.prepareStatement("select queue_disable_insert from pgq.queue where queue_name = ?")) {
            ps.setString(1, settings.queue());
            try (var rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Asks for the next batch, polling every {@code idlePoll} for up to {@code loop_delay} when none is there.
     * When the last batch came at once (a backlog, e.g. after downtime), and there is no reason to keep every
     * tick, it first asks for one batch that spans several ticks ({@link #catchUpBatch}).
     */
    private Optional<Batch> nextBatch(Connection local, Connection provider, NodeRole role) throws SQLException,
            InterruptedException {
        ConsumerSettings read = readSettings(local, role);
        if (backlogLikely && !role.copyEvents() && copies.running() == 0) {
            Optional<Batch> big = catchUpBatch(provider, read);
            if (big.isPresent()) {
                return big;
            }
        }
        BatchConsumer consumer = new BatchConsumer(read);
        long deadline = System.nanoTime() + settings.idleWait().toNanos();
        boolean first = true;
        while (true) {
            Optional<Batch> b = consumer.nextBatch(provider);
            provider.commit();
            if (b.isPresent() || stopping() || System.nanoTime() >= deadline) {
                backlogLikely = b.isPresent() && first;
                return b;
            }
            first = false;
            if (tablesChanged(local)) {
                // new tables to copy: the round ends so that the next one launches their copies now
                backlogLikely = false;
                return b;
            }
            TimeUnit.NANOSECONDS.sleep(settings.idlePoll().toNanos());
        }
    }

    /**
     * True when add-table or resync of this queue notified this node ({@link LondisteApi#TABLES_CHANNEL}) since the
     * last look. Reads only what has already arrived on the socket: no round trip.
     */
    private boolean tablesChanged(Connection local) throws SQLException {
        PGNotification[] ns = local.unwrap(PGConnection.class).getNotifications();
        boolean mine = false;
        for (PGNotification n : ns == null ? new PGNotification[0] : ns) {
            mine |= LondisteApi.TABLES_CHANNEL.equals(n.getName()) && settings.queue().equals(n.getParameter());
        }
        return mine;
    }

    /**
     * Draining a backlog tick by tick pays the per-batch cost (two commits, a dozen round trips) for every few
     * hundred events; one batch over several ticks, of at least {@link #CATCH_UP_EVENTS} events, pays it once
     * and gives the set-wise applier bigger sets. Exactly once still holds: the batch is applied and its end
     * tick recorded in one transaction like any other. Not on a branch (its queue copy must keep every tick
     * of the root, so that nodes below can move between providers at any tick) and not while a copy runs (its
     * hand-over counts ticks). Empty when the backlog is smaller than that: then the normal path takes over.
     */
    private Optional<Batch> catchUpBatch(Connection provider, ConsumerSettings read) throws SQLException {
        PgqApi api = new PgqApi(provider);
        long pending = api.getConsumerInfo(settings.queue(), settings.consumer())
                .map(ci -> ci.pendingEvents() == null ? 0L : ci.pendingEvents()).orElse(0L);
        Optional<Batch> b = Optional.empty();
        if (pending >= CATCH_UP_EVENTS) {
            b = new BatchConsumer(read.withBatchConditions(read.minLag(), CATCH_UP_EVENTS, null))
                    .nextBatch(provider);
        }
        provider.commit();
        b.ifPresent(x -> log.debug("queue {}: catching up, one batch over ticks {}..{}", settings.queue(),
                x.info().prevTickId(), x.info().curTickId()));
        return b;
    }

    /**
     * How this round reads the provider: {@code pgq_keep_lag} always (one tick per batch still);
     * {@code pgq_batch_collect_*} only on a leaf while no copy runs (a branch's queue must keep every tick of the
     * root, and a copy's hand-over meets the main thread at one tick); {@code local_only} only on a leaf (a branch
     * copies every event into its queue). Commits on {@code local} when it reads the table list.
     */
    private ConsumerSettings readSettings(Connection local, NodeRole role) throws SQLException {
        WorkerSettings.ReadOptions r = settings.read();
        ConsumerSettings cs = ConsumerSettings.of(settings.queue(), settings.consumer())
                .withLazyFetch(settings.lazyFetch());
        if (role.copyEvents() && !branchReadNoted && (r.collects() || r.localOnly())) {
            log.info("queue {}: this node is a branch: pgq_batch_collect_* and local_only have no effect here (its"
                    + " queue keeps every event and tick of its provider)", settings.queue());
            branchReadNoted = true;
        }
        boolean collect = r.collects() && !role.copyEvents() && copies.running() == 0;
        if (r.keepLag() != null || collect) {
            cs = cs.withBatchConditions(r.keepLag(), collect ? r.collectEvents() : null,
                    collect ? r.collectInterval() : null);
        }
        if (r.localOnly() && !role.copyEvents()) {
            cs = cs.withFilter(localOnlyFilter(local, r.dropExecute()));
        }
        return cs;
    }

    /**
     * {@code local_only}: the cascade's own events ({@code pgq.*}, {@code londiste.*}: locations, watermarks,
     * add-table, sequences), EXECUTE unless {@code local_only_drop_execute}, and the row events of the tables added
     * here in any state (the others would be ignored anyway; a table added later is copied, not replayed).
     */
    private String localOnlyFilter(Connection local, boolean dropExecute) throws SQLException {
        List<String> conds = new ArrayList<>(List.of("ev_type like 'pgq.%'", "ev_type like 'londiste.%'"));
        if (!dropExecute) {
            conds.add("ev_type = 'EXECUTE'");
        }
        List<String> names = new ArrayList<>();
        for (TableInfo t : new LondisteApi(local).getTableList(settings.queue())) {
            if (t.local()) {
                names.add(Quote.literal(t.tableName()));
                if (t.tableName().startsWith("public.")) {
                    // a trigger may name a public table without its schema (TableTracker.get)
                    names.add(Quote.literal(t.tableName().substring("public.".length())));
                }
            }
        }
        local.commit();
        if (!names.isEmpty()) {
            conds.add("ev_extra1 in (" + String.join(", ", names) + ")");
        }
        return "(" + String.join(" or ", conds) + ")";
    }

    /** {@code keepalive_stats}: an idle worker still logs a stats line every so often (python-pgq's keepalive). */
    private void keepaliveStats() {
        long now = System.nanoTime();
        long idle = now - lastStatsNanos;
        if (idle >= settings.read().keepaliveStats().toNanos()) {
            log.info("{count: 0, ignored: 0, idle: {}}", String.format("%.3f", idle / 1e9));
            lastStatsNanos = now;
        }
    }

    /** Row events read from the provider so far (applied or ignored). */
    long rowEventsRead() {
        return rowEventsRead;
    }

    /**
     * The batch protocol, in the one order that makes it exactly-once: apply and record the tick in one
     * subscriber transaction, commit it, (branch: create the tick locally,) then finish the batch on the provider
     * and commit there. See the class comment for what a crash between any two steps leaves.
     */
    private void processBatch(Batch batch, WorkerState ws, NodeRole role, Connection local,
                              Connection provider) throws SQLException, InterruptedException {
        BatchInfo bi = batch.info();
        Long done = ws.completedTick();
        BranchQueue branchQueue = role.copyEvents() ? new BranchQueue(local, settings.queue()) : null;
        if (done == null) {
            throw new ReplayException("queue " + settings.queue() + " consumer " + settings.consumer()
                    + ": no completed tick on this node; the node registration is broken, re-create the node");
        }
        long start = System.nanoTime();
        long applied = 0;
        long ignored = 0;
        long fetchNanos = 0;
        long applyNanos = 0;
        long commitNanos = 0;
        if (done == bi.prevTickId()) {
            TableTracker tables = new TableTracker();
            tables.load(new LondisteApi(local).getTableList(settings.queue()));
            tables = copies.beforeBatch(local, bi, tables);
            copies.restoreFkeys(local);
            copies.dropCopySnapshots(local, provider, bi, tables);
            BatchReplay replay = new BatchReplay(settings, role, local, tables, applier(local), branchQueue);
            if (role.forwardEvents()) {
                replay.forwardTo(BranchQueue.forwarding(local, ws.combinedQueue()));
            }
            if (wmSync != null) {
                replay.syncWatermark(wmSync, ws.globalWatermark());
            }
            replay.replay(batch);
            if (role.sendTickEvent()) {
                BranchQueue.forwarding(local, ws.combinedQueue()).tickEvent(settings.queue(), bi.curTickId());
            }
            if (role.forwardEvents()) {
                BranchQueue.forwarding(local, ws.combinedQueue()).requireOpen();
            }
            fetchNanos = replay.fetchNanos();
            applyNanos = replay.applyNanos();
            long c0 = System.nanoTime();
            new NodeApi(local).setConsumerCompleted(settings.queue(), settings.consumer(), bi.curTickId());
            local.commit();
            commitNanos = System.nanoTime() - c0;
            applied = replay.applied();
            ignored = replay.ignored();
            if (role.createTick()) {
                branchQueue.createTick(bi);
            }
        } else if (done == bi.curTickId()) {
            log.info("queue {}: batch {} (ticks {}..{}) already applied here, finishing it", settings.queue(),
                    batch.id(), bi.prevTickId(), bi.curTickId());
            if (role.createTick()) {
                ensureBranchTick(branchQueue, bi, local);
            }
        } else {
            throw new ReplayException("queue " + settings.queue() + ": lost position: batch " + bi.prevTickId()
                    + ".." + bi.curTickId() + ", this node has completed tick " + done
                    + "; the consumer positions of provider and subscriber disagree");
        }
        long f0 = System.nanoTime();
        batch.finish();
        provider.commit();
        long finishNanos = System.nanoTime() - f0;
        rowEventsRead += applied + ignored;
        if (applied > 0 || ignored > 0) {
            lastStatsNanos = System.nanoTime();
            // where a batch's time went: reading it from the provider, the applier, the subscriber's commit
            // (with the tick), finish_batch on the provider; the rest is the table list and the copy hand-over checks
            log.info("{count: {}, ignored: {}, duration: {}, fetch: {}, apply: {}, commit: {}, finish: {}, tick: {}}",
                    applied, ignored, secs(System.nanoTime() - start), secs(fetchNanos), secs(applyNanos),
                    secs(commitNanos), secs(finishNanos), bi.curTickId());
        }
        if (role.publishLocalWm()) {
            publishLocalWatermark(ws, bi, provider, local);
        }
    }

    private static String secs(long nanos) {
        return String.format("%.3f", nanos / 1e9);
    }

    /**
     * A merge leaf under a combined branch (python-pgq's "wait behind"): its partition position is moved by the
     * combined branch's worker when the combined root's {@code pgq.tick-id} events arrive there; a batch of the
     * partition is finished only once that position has reached its end tick, so that this node never lets the
     * partition rotate away events the combined root has not forwarded yet (and can take over as the merge leaf
     * should this branch become the combined root). Only the cascade's and londiste's own events are handled; rows
     * come through the combined queue. Returns false (the job sleeps) while the position is behind.
     */
    private boolean behindBatch(Batch batch, WorkerState ws, NodeRole role, Connection local, Connection provider)
            throws SQLException {
        BatchInfo bi = batch.info();
        Long done = ws.completedTick();
        if (done == null || done < bi.curTickId()) {
            log.debug("queue {}: batch up to tick {} not yet in the combined queue {} (position {}), waiting",
                    settings.queue(), bi.curTickId(), ws.combinedQueue(), done);
            provider.rollback();
            return false;
        }
        TableTracker tables = new TableTracker();
        tables.load(new LondisteApi(local).getTableList(settings.queue()));
        BatchReplay replay = new BatchReplay(settings, role, local, tables, applier(local), null);
        replay.replay(batch);
        local.commit();
        batch.finish();
        provider.commit();
        if (role.publishLocalWm()) {
            publishLocalWatermark(ws, bi, provider, local);
        }
        return true;
    }

    /** A branch batch completed without its tick (crash between the two transactions): create the tick now. */
    private void ensureBranchTick(BranchQueue q, BatchInfo bi, Connection local) throws SQLException {
        OptionalLong last = q.lastTick();
        local.commit();
        if (last.isPresent() && last.getAsLong() == bi.curTickId()) {
            return;
        }
        if (last.isEmpty() || last.getAsLong() != bi.prevTickId()) {
            throw new ReplayException("queue " + settings.queue() + ": last branch tick is "
                    + (last.isPresent() ? last.getAsLong() : "none") + ", expected " + bi.prevTickId() + " or "
                    + bi.curTickId());
        }
        q.createTick(bi);
    }

    /** Reports how far this node is to the provider, every {@code local_wm_publish_period}. */
    private void publishLocalWatermark(WorkerState ws, BatchInfo bi, Connection provider, Connection local)
            throws SQLException {
        long now = System.nanoTime();
        if (haveLocalWm && now - lastLocalWmNanos < settings.localWmPeriod().toNanos()) {
            return;
        }
        long wm = ws.localWatermark() == null ? bi.prevTickId() : Math.min(ws.localWatermark(), bi.curTickId());
        if (wmSync != null) {
            // the synced nodes hold this queue's rotation; the provider only needs to keep this batch
            wm = bi.prevTickId();
        }
        log.debug("queue {}: publishing local watermark {}", settings.queue(), wm);
        new NodeApi(provider).setSubscriberWatermark(settings.queue(), ws.nodeName(), wm);
        provider.commit();
        lastLocalWmNanos = now;
        haveLocalWm = true;
        if (wmSync != null) {
            wmSync.sync(local, settings.queue(), ws.nodeName(), ws.localWatermark(), settings::providerConnstr,
                    settings.connectionLifetime());
        }
    }

    private Connection local() throws SQLException {
        Connection c = localSlot.get();
        if (applier.boundToOther(c)) {
            applier.close();
        }
        if (c.getAutoCommit()) {
            c.setAutoCommit(false);
        }
        if (c != roleSetOn) {
            // as londiste's connection hook: replay never fires this node's triggers and FKs
            new LondisteApi(c).setSessionReplicationRole("replica", false);
            try (var st = c.createStatement()) {
                st.execute("listen " + LondisteApi.TABLES_CHANNEL); // see tablesChanged
            }
            c.commit();
            roleSetOn = c;
        }
        return c;
    }

    private Connection provider(String location) throws SQLException {
        if (location == null || location.isBlank()) {
            throw new ReplayException("queue " + settings.queue() + ": this node has no provider location;"
                    + " check pgq_node.local_state of consumer " + settings.consumer());
        }
        if (!location.equals(providerLocation)) {
            if (providerSlot != null) {
                providerSlot.close();
            }
            providerSlot = new ConnectionSlot(ConnStr.parse(settings.providerConnstr(location)),
                    appName("provider"), settings.connectionLifetime());
            providerLocation = location;
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

    /** After a failed round: roll back both sides and store the error on the node for {@code status}. */
    private void failed(Exception e) {
        rollbackQuietly(localSlot.isOpen() ? localSlot.get() : null);
        rollbackQuietly(providerSlot != null && providerSlot.isOpen() ? providerSlot.get() : null);
        closeApplier();
        if (!localSlot.isOpen()) {
            return;
        }
        try {
            Connection c = localSlot.get();
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            new NodeApi(c).setConsumerError(settings.queue(), settings.consumer(), msg);
            c.commit();
        } catch (SQLException | RuntimeException e2) {
            log.debug("storing the error with pgq_node.set_consumer_error failed: {}", e2.toString());
            rollbackQuietly(localSlot.isOpen() ? localSlot.get() : null);
        }
    }

    private static void rollbackQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed: {}", e.toString());
        }
    }

    /** Closes the main thread's connections (after a crash; the copy threads keep theirs). */
    public void closeConnections() {
        closeApplier();
        localSlot.reset();
        roleSetOn = null;
        if (providerSlot != null) {
            providerSlot.reset();
        }
    }

    // ---- the cascaded consumer's one-shot operations (worker --register, --unregister, --rewind, --reset)

    /**
     * {@code --register}: registers this node's worker consumer on the provider at {@code providerLocation} and
     * records the provider's position here ({@code pgq_node.register_consumer}).
     */
    public void register(String providerLocation) throws SQLException {
        Connection local = local();
        Connection provider = provider(providerLocation);
        String providerNode = new NodeApi(provider).getNodeInfo(settings.queue()).nodeName();
        if (providerNode == null) {
            throw new ReplayException("queue " + settings.queue() + ": the provider at " + providerLocation
                    + " is not a node of this queue; create it first");
        }
        PgqApi pgq = new PgqApi(provider);
        pgq.registerConsumer(settings.queue(), settings.consumer());
        long tick = pgq.getConsumerInfo(settings.queue(), settings.consumer()).orElseThrow(() ->
                new ReplayException("queue " + settings.queue() + ": registration of " + settings.consumer()
                        + " failed on the provider")).lastTick();
        provider.commit();
        new NodeApi(local).registerConsumer(settings.queue(), settings.consumer(), providerNode, tick);
        local.commit();
        log.info("queue {}: consumer {} registered on {} at tick {}", settings.queue(), settings.consumer(),
                providerNode, tick);
    }

    /** {@code --unregister}: drops this node's worker consumer on the provider and here. */
    public void unregister() throws SQLException {
        Connection local = local();
        WorkerState ws = new NodeApi(local).getWorkerState(settings.queue());
        local.commit();
        Connection provider = provider(ws.providerLocation());
        PgqApi pgq = new PgqApi(provider);
        if (pgq.getConsumerInfo(settings.queue(), settings.consumer()).isPresent()) {
            pgq.unregisterConsumer(settings.queue(), settings.consumer());
        }
        provider.commit();
        new NodeApi(local).unregisterConsumer(settings.queue(), settings.consumer());
        local.commit();
        log.info("queue {}: consumer {} unregistered", settings.queue(), settings.consumer());
    }

    /** {@code --rewind}: moves the provider's position of this consumer back to the tick completed here. */
    public void rewind() throws SQLException {
        Connection local = local();
        WorkerState ws = new NodeApi(local).getWorkerState(settings.queue());
        local.commit();
        if (ws.completedTick() == null) {
            log.warn("queue {}: no completed tick on this node, nothing to rewind to", settings.queue());
            return;
        }
        Connection provider = provider(ws.providerLocation());
        new PgqApi(provider).registerConsumerAt(settings.queue(), settings.consumer(), ws.completedTick());
        provider.commit();
        log.info("queue {}: consumer {} rewound to tick {}", settings.queue(), settings.consumer(),
                ws.completedTick());
    }

    /** {@code --reset}: records here the provider's position of this consumer as the completed tick. */
    public void resetPosition() throws SQLException {
        Connection local = local();
        WorkerState ws = new NodeApi(local).getWorkerState(settings.queue());
        local.commit();
        Connection provider = provider(ws.providerLocation());
        Optional<ConsumerInfo> ci = new PgqApi(provider).getConsumerInfo(settings.queue(), settings.consumer());
        provider.commit();
        if (ci.isEmpty()) {
            log.info("queue {}: no consumer {} on the provider, cannot reset", settings.queue(),
                    settings.consumer());
            return;
        }
        new NodeApi(local).setConsumerCompleted(settings.queue(), settings.consumer(), ci.get().lastTick());
        local.commit();
        log.info("queue {}: completed tick of {} set to {}", settings.queue(), settings.consumer(),
                ci.get().lastTick());
    }

    /** Copy threads running now. */
    int copyThreads() {
        return copies.running();
    }

    /** Stops the copy threads (waiting for them) and closes every connection. */
    @Override
    public void close() {
        closing = true;
        copies.close(Duration.ofSeconds(30));
        closeConnections();
    }
}
