package org.londiste4j.worker;

import org.londiste4j.londiste.ExecAttrs;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.TableState.Phase;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeException;
import org.londiste4j.pgq.Batch;
import org.londiste4j.pgq.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The main thread's replay of one batch into the subscriber's open transaction: row events of {@code ok} tables
 * through the applier, {@code londiste.*}, {@code EXECUTE} and {@code pgq.*} events through their SQL functions,
 * and on a branch every event into the local queue (python londiste's {@code Replicator.process_remote_event} and
 * pgq's {@code CascadedWorker.process_remote_event}).
 *
 * <p>Never commits: the caller records the batch's tick and commits once, so that the batch is applied exactly
 * once. The applier is flushed before every event that is not a row event, so that its effects come in queue
 * order.
 */
final class BatchReplay {
    private static final Logger log = LoggerFactory.getLogger(BatchReplay.class);

    private final WorkerSettings settings;
    private final NodeRole role;
    private final Connection local;
    private final LondisteApi londiste;
    private final NodeApi node;
    private final TableTracker tables;
    private final RowApplier applier;
    private final BranchQueue branchQueue;
    /** Merge leaf under a combined root: the combined queue the applied events go on into, else null. */
    private BranchQueue forward;
    /** A branch's {@code --sync-watermark}, or null; then its synced global watermark for the copied events. */
    private WatermarkSync wmSync;
    private java.util.function.UnaryOperator<Event> toQueue = ev -> ev;
    private long applied;
    private long ignored;
    private long fetchNanos;
    private long applyNanos;

    BatchReplay(WorkerSettings settings, NodeRole role, Connection local, TableTracker tables, RowApplier applier,
                BranchQueue branchQueue) {
        this.settings = settings;
        this.role = role;
        this.local = local;
        this.londiste = new LondisteApi(local);
        this.node = new NodeApi(local);
        this.tables = tables;
        this.applier = applier;
        this.branchQueue = branchQueue;
    }

    /**
     * Merge leaf: forwards into {@code combined} every event this replay applies or handles, except the cascade's
     * own {@code pgq.*} events (they belong to the partition queue). Row events of tables that are not applied by
     * this thread (being copied, not local) are not forwarded: their rows reach the merged table by a copy, which no
     * event describes, so a node below the combined queue must copy such a table only once every partition has it
     * in sync (see CopyTask). Returns this.
     */
    BatchReplay forwardTo(BranchQueue combined) {
        this.forward = combined;
        return this;
    }

    /** Branch with {@code --sync-watermark} (see {@link WatermarkSync}); {@code globalWm} is this node's. Returns this. */
    BatchReplay syncWatermark(WatermarkSync sync, Long globalWm) {
        this.wmSync = sync;
        this.toQueue = WatermarkSync.rewrite(globalWm);
        return this;
    }

    /** Walks the batch (lazily, through its cursor) and replays every event; then flushes. */
    void replay(Batch batch) throws SQLException {
        var it = batch.events().iterator();
        while (true) {
            // the time spent waiting for the provider's rows, apart from the apply (the stats line shows both)
            long t0 = System.nanoTime();
            boolean more = it.hasNext();
            fetchNanos += System.nanoTime() - t0;
            if (!more) {
                break;
            }
            Event ev = it.next();
            try {
                if (role.copyEvents()) {
                    branchQueue.add(toQueue.apply(ev));
                }
                handle(ev);
            } catch (RuntimeException | SQLException e) {
                throw new ReplayException("queue " + settings.queue() + " batch " + batch.id() + ": event "
                        + ev.id() + " (txid " + ev.txid() + ", type " + ev.type() + ", " + ev.extra1() + "): "
                        + firstLine(e), e);
            }
        }
        long t0 = System.nanoTime();
        applier.flush();
        applyNanos += System.nanoTime() - t0;
        if (forward != null) {
            try {
                forward.flush();
            } catch (SQLException e) {
                throw new ReplayException("queue " + settings.queue() + " batch " + batch.id()
                        + ": forwarding the events into the combined queue failed: " + firstLine(e), e);
            }
        }
        if (role.copyEvents()) {
            try {
                branchQueue.flush();
            } catch (SQLException e) {
                throw new ReplayException("queue " + settings.queue() + " batch " + batch.id()
                        + ": copying the events into this branch's queue failed: " + firstLine(e), e);
            }
        }
    }

    long applied() {
        return applied;
    }

    long ignored() {
        return ignored;
    }

    /** Nanoseconds spent reading the batch's events from the provider (cursor opening and fetches). */
    long fetchNanos() {
        return fetchNanos;
    }

    /** Nanoseconds spent in the applier (buffering, and the flushes at the batch's end and when it is full). */
    long applyNanos() {
        return applyNanos;
    }

    private void handle(Event ev) throws SQLException {
        if (TableTracker.isRowEvent(ev)) {
            TableTracker.Table t = tables.get(ev.extra1());
            if (!role.processEvents() || t == null || t.state != Phase.OK || t.seenByCopy(ev)) {
                ignored++;
                return;
            }
            long t0 = System.nanoTime();
            applier.add(ev, t.dest);
            applyNanos += System.nanoTime() - t0;
            applied++;
            if (forward != null) {
                forward.add(ev);
            }
            return;
        }
        String type = ev.type() == null ? "" : ev.type();
        if (type.startsWith("pgq.")) {
            cascadeEvent(ev, type);
            return;
        }
        if (!role.processEvents() && !type.startsWith("londiste.")) {
            // a merge leaf under a combined branch gets its data through the combined queue; SQL scripts too
            ignored++;
            return;
        }
        applier.flush();
        if (forward != null) {
            forward.add(ev);
        }
        switch (type) {
            case "EXECUTE" -> execute(ev);
            case "londiste.add-table" -> addTable(ev.data());
            case "londiste.remove-table" -> londiste.globalRemoveTable(settings.queue(), ev.data());
            case "londiste.update-seq" -> londiste.globalUpdateSeq(settings.queue(), ev.extra1(),
                    Long.parseLong(ev.data().strip()));
            case "londiste.remove-seq" -> londiste.globalRemoveSeq(settings.queue(), ev.data());
            default -> throw new ReplayException("unhandled event type in queue: " + type);
        }
    }

    private void addTable(String table) throws SQLException {
        List<String> only = settings.registerOnlyTables();
        if (!only.isEmpty() && !matchesAny(table, only) || matchesAny(table, settings.registerSkipTables())) {
            log.debug("{}: not registered here (register_only_tables / register_skip_tables)", table);
            return;
        }
        londiste.globalAddTable(settings.queue(), table);
    }

    /** Shell-style globs ({@code *}, {@code ?}) as the original's fnmatch; a name without schema means public. */
    static boolean matchesAny(String table, List<String> globs) {
        for (String g : globs) {
            String fq = g.indexOf('.') < 0 ? "public." + g : g;
            StringBuilder re = new StringBuilder();
            for (char ch : fq.toCharArray()) {
                switch (ch) {
                    case '*' -> re.append(".*");
                    case '?' -> re.append('.');
                    default -> re.append(java.util.regex.Pattern.quote(String.valueOf(ch)));
                }
            }
            if (table.matches(re.toString())) {
                return true;
            }
        }
        return false;
    }

    /** {@code pgq.*} events of pgq_node (python-pgq's {@code CascadedWorker.process_remote_event}). */
    private void cascadeEvent(Event ev, String type) throws SQLException {
        if (ev.retry() > 0) {
            throw new ReplayException("retry event in a cascaded queue: a worker must never get one");
        }
        if (!type.equals("pgq.tick-id") && !settings.queue().equals(ev.extra1())) {
            throw new ReplayException("bad event in queue: " + ev);
        }
        switch (type) {
            case "pgq.location-info" -> node.registerLocation(settings.queue(), ev.data(), ev.extra2(),
                    "t".equals(ev.extra3()) || "true".equals(ev.extra3()));
            case "pgq.unregister-location" -> forgetLocation(ev.data());
            case "pgq.global-watermark" -> {
                if (wmSync != null) {
                    wmSync.upstream(Long.parseLong(ev.data().strip()));
                } else if (role.processGlobalWm()) {
                    node.setGlobalWatermark(settings.queue(), Long.parseLong(ev.data().strip()));
                }
            }
            case "pgq.tick-id" -> {
                if (settings.queue().equals(ev.extra1())) {
                    throw new ReplayException("tick-id event for own queue: " + ev);
                }
                if (role.processTickEvent()) {
                    node.setPartitionWatermark(settings.queue(), ev.extra1(), Long.parseLong(ev.data().strip()));
                }
            }
            default -> throw new ReplayException("unknown cascade event: " + type);
        }
    }

    /**
     * A member dropped on the root: forget its location here too. A location this node never had (a node dropped
     * before this one learned of it, or an event replayed again after a rename) is already in the wanted state,
     * so 301 is not an error; 403 (this node's own or its provider's location) still stops the worker.
     */
    private void forgetLocation(String nodeName) throws SQLException {
        try {
            node.unregisterLocation(settings.queue(), nodeName);
        } catch (NodeException e) {
            if (e.code() != 301) {
                throw e;
            }
            log.debug("pgq.unregister-location {}: not known here, nothing to forget", nodeName);
        }
    }

    /**
     * An {@code EXECUTE} event: the SQL file run on this node in the batch's transaction with the replication
     * role {@code local} (so that this node's triggers fire as on the root), once per file name
     * ({@code londiste.execute_start} refuses a file already applied).
     */
    private void execute(Event ev) throws SQLException {
        String file = ev.extra1();
        londiste.setSessionReplicationRole("local", true);
        int rc = londiste.executeStart(settings.queue(), file, ev.data(), false, ev.extra2()).retCode();
        if (rc > 200) {
            log.warn("Skipping execution of '{}'", file);
        } else {
            // the same header attributes (Local-Table, Need-Function, ...) the execute command reads on the root
            ExecAttrs attrs = ExecAttrs.parseUrlenc(ev.extra2());
            ExecAttrs.LocalNames names = ExecAttrs.LocalNames.read(londiste, settings.queue());
            if (attrs.needExecute(local, names)) {
                log.info("{}: executing sql", file);
                try (Statement st = local.createStatement()) {
                    st.execute(attrs.processSql(ev.data(), names));
                }
            } else {
                log.info("{}: execution not needed on this node", file);
            }
            londiste.executeFinish(settings.queue(), file);
        }
        londiste.setSessionReplicationRole("replica", true);
        tables.all().forEach(t -> applier.invalidate(t.dest));
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
