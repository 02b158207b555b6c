package org.londiste4j.apply;

import org.londiste4j.db.Quote;
import org.londiste4j.pgq.Event;
import org.londiste4j.pgq.EventData;
import org.londiste4j.pgq.EventDataException;
import org.londiste4j.pgq.RowEventType;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies one batch's row events to the subscriber's tables: the replay step of the Londiste worker, in the
 * transaction that also records the batch's tick (the caller's; this class never commits or rolls back).
 *
 * <p>Invariant: the tables end exactly as if every event had been applied by itself, in order, the way the
 * original's default handler does it (one INSERT / UPDATE / DELETE per event, values as literals; see
 * {@link RowSql}). Two paths give that result:
 * <ul>
 *   <li><b>set-wise</b>: a table's buffered events are folded into one net change per primary key
 *       ({@link Collapse}), COPYed into a temporary staging table and applied with one DELETE, one UPDATE and one
 *       INSERT per table (per column set), inside a savepoint;</li>
 *   <li><b>ordered</b>: one statement per event, {@code orderedBatchSize} statements per round trip.</li>
 * </ul>
 * The ordered path is taken where set-wise could give another result or cannot be used: sqltriga events (their
 * partial SQL is not decoded), event keys that are not a NOT NULL unique key of the subscriber table, a NULL key
 * value, an INSERT of a key known to exist, two key texts that name one row, an INSERT-then-DELETE of a key that
 * existed before, and any error of the set-wise statements (e.g. a unique constraint that the set-wise order
 * trips over while the event order does not, as two rows swapping a unique value): the savepoint is rolled back
 * and the window redone in order, which then fails, if at all, exactly where the original would. A primary key
 * that changes never reaches here: the PgQ triggers refuse such an UPDATE on the provider ("primary key update
 * not allowed"), as the original's do, and an UPDATE event names its row by its new (= old) key values.
 *
 * <p>Why tables may be applied in any order (each table's own events keep theirs): the worker runs with
 * {@code session_replication_role = replica}, under which foreign keys (system triggers) and ordinary triggers
 * do not fire, so no table's statements see another table's rows; TRUNCATE ... CASCADE, the one statement that
 * reaches across tables, flushes everything buffered before it runs. Where set-wise deletes before it inserts
 * (keys that a batch moved between rows), it may succeed where the ordered apply would stop on a momentary
 * conflict of a unique constraint that only the subscriber has; the result then satisfies every constraint.
 *
 * <p>Memory: only the events' raw text is buffered, and the whole buffer is applied when it reaches
 * {@link ApplySettings#maxEvents()} or {@link ApplySettings#maxBytes()}: a batch of any size passes through a
 * bounded heap. One instance per subscriber connection, used by one thread.
 */
public final class BatchApplier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchApplier.class);
    private static final String SAVEPOINT = "l4j_apply";
    private static final int ORDERED_BATCH_CHARS = 4 << 20;
    /** Stage names unique in the JVM: another applier on the same session must not find a stage of ours. */
    private static final AtomicLong STAGE_SEQ = new AtomicLong();

    private final Connection dest;
    private final ApplySettings settings;
    private final Map<String, List<Pending>> buffer = new LinkedHashMap<>();
    /** The set-wise plans being made while the window fills (see {@link Folding}); per table of the buffer. */
    private final Map<String, Folding> foldings = new HashMap<>();
    private ExecutorService plannerThread;
    private final Map<String, TableMeta> metas = new HashMap<>();
    private final Map<String, String> stages = new HashMap<>();
    private final List<String> staleStages = new ArrayList<>();
    private boolean setWiseOff;
    private int bufferedEvents;
    private long bufferedBytes;

    private long events;
    private long inserted;
    private long updated;
    private long deleted;
    private long truncates;
    private long statements;
    private long roundTrips;
    private long setWiseEvents;
    private long orderedEvents;
    private long fallbacks;
    private long flushes;
    private long maxBufferedBytes;
    private long nanos;

    /**
     * @param dest     the subscriber, autocommit off; the caller owns the transaction and sets
     *                 {@code session_replication_role}
     * @param settings buffer bounds and the set-wise switch
     */
    public BatchApplier(Connection dest, ApplySettings settings) {
        this.dest = dest;
        this.settings = settings;
    }

    /**
     * Buffers one row event for the local table {@code destTable} ({@code schema.table}, unquoted as londiste
     * stores it), or applies it at once if it is a TRUNCATE ({@code R}: after everything buffered, as
     * {@code TRUNCATE <table> CASCADE}, the original's statement). May apply the whole buffer when it is full.
     *
     * @throws ApplyException when the event is not a row event, or applying failed
     */
    public void add(Event ev, String destTable) {
        RowEventType type = ev.rowType().orElseThrow(() -> new ApplyException("event " + ev.id()
                + ": type " + ev.type() + " is not a row event (I/U/D/R); the worker handles it"));
        events++;
        if (type.op() == RowEventType.Op.TRUNCATE) {
            flush();
            truncate(destTable);
            return;
        }
        char kind;
        if (ev.type().charAt(0) == '{') {
            kind = Pending.JSON;
        } else if (ev.type().length() == 1) {
            kind = Pending.SQL;
        } else {
            kind = Pending.URLENC;
        }
        List<Pending> list = buffer.computeIfAbsent(destTable, k -> new ArrayList<>());
        List<String> pkey = type.pkey();
        if (!list.isEmpty() && list.get(list.size() - 1).pkey().equals(pkey)) {
            pkey = list.get(list.size() - 1).pkey(); // one list instance per table, not per event
        }
        Pending p = new Pending(ev.id(), kind, type.op().letter(), pkey, ev.data());
        list.add(p);
        if (setWiseOn()) {
            Folding f = foldings.get(destTable);
            if (f == null && list.size() == 1) {
                f = startFolding(meta(destTable), pkey);
                if (f != null) {
                    foldings.put(destTable, f);
                }
            }
            if (f != null) {
                f.submitFull(list);
            }
        }
        bufferedEvents++;
        bufferedBytes += p.heapBytes();
        maxBufferedBytes = Math.max(maxBufferedBytes, bufferedBytes);
        if (bufferedEvents >= settings.maxEvents() || bufferedBytes >= settings.maxBytes()) {
            flush();
        }
    }

    /** Applies everything buffered. Call it before any non-row event and at the end of the batch. */
    public void flush() {
        if (bufferedEvents == 0) {
            return;
        }
        long start = System.nanoTime();
        try {
            for (Map.Entry<String, List<Pending>> e : buffer.entrySet()) {
                applyTable(e.getKey(), e.getValue());
            }
        } finally {
            buffer.clear();
            foldings.clear();
            bufferedEvents = 0;
            bufferedBytes = 0;
            flushes++;
            nanos += System.nanoTime() - start;
        }
    }

    /** Forgets what is known of {@code destTable}'s structure (after DDL on it, or a copy that recreated it). */
    public void invalidate(String destTable) {
        metas.remove(destTable);
        foldings.remove(destTable); // made with the old structure: the flush plans the window again
        String stage = stages.remove(destTable);
        if (stage != null) {
            staleStages.add(stage);
        }
    }

    public ApplyStats stats() {
        return new ApplyStats(events, inserted, updated, deleted, truncates, statements, roundTrips, setWiseEvents,
                orderedEvents, fallbacks, flushes, maxBufferedBytes, Duration.ofNanos(nanos));
    }

    /**
     * Drops the staging tables when the connection is between transactions (else they go with the session) and
     * forgets all buffered events and metadata. Call it after the caller's commit or rollback.
     */
    @Override
    public void close() {
        buffer.clear();
        foldings.clear();
        if (plannerThread != null) {
            plannerThread.shutdownNow();
            plannerThread = null;
        }
        bufferedEvents = 0;
        bufferedBytes = 0;
        List<String> drop = new ArrayList<>(staleStages);
        drop.addAll(stages.values());
        stages.clear();
        staleStages.clear();
        metas.clear();
        try {
            if (drop.isEmpty() || dest.isClosed() || !idle()) {
                return;
            }
            try (Statement st = dest.createStatement()) {
                st.execute("drop table if exists " + String.join(", ", drop));
            }
            dest.commit();
        } catch (SQLException e) {
            log.debug("dropping staging tables {}: {}", drop, e.getMessage());
        }
    }

    private boolean idle() throws SQLException {
        BaseConnection bc = dest.unwrap(BaseConnection.class);
        return bc.getTransactionState() == TransactionState.IDLE;
    }

    private void truncate(String destTable) {
        long start = System.nanoTime();
        String sql = "truncate " + Quote.fqIdent(destTable) + " cascade";
        try (Statement st = dest.createStatement()) {
            st.execute(sql);
            truncates++;
            statements++;
            roundTrips++;
        } catch (SQLException e) {
            throw new ApplyException("table " + destTable + ": " + sql + " failed: " + e.getMessage(), e);
        } finally {
            nanos += System.nanoTime() - start;
        }
    }

    private TableMeta meta(String table) {
        TableMeta t = metas.get(table);
        if (t != null) {
            return t;
        }
        try {
            t = TableMeta.load(dest, table);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                throw new ApplyException("table " + table + ": not found on the subscriber; create it there (or"
                        + " add-table --create) before its events are applied", e);
            }
            throw new ApplyException("table " + table + ": reading its structure failed: " + e.getMessage(), e);
        }
        metas.put(table, t);
        roundTrips += 3;
        return t;
    }

    private boolean setWiseOn() {
        return settings.setWise() && !setWiseOff;
    }

    private void applyTable(String table, List<Pending> evs) {
        TableMeta t = meta(table);
        Folding folding = foldings.get(table);
        if (setWiseOn() && evs.size() >= settings.minSetWiseEvents()) {
            List<Collapse.Net> plan = folding != null ? folding.plan(evs) : plan(t, evs);
            if (plan != null) {
                if (applySetWise(t, evs.get(0).pkey(), plan)) {
                    setWiseEvents += evs.size();
                    return;
                }
                fallbacks++;
            }
        }
        applyOrdered(t, evs);
    }

    /** Folds one event into a table's window plan (on the planner thread); false when not collapsible. */
    @FunctionalInterface
    interface Planner {
        boolean fold(Collapse c, Pending p);
    }

    /** The fold of a window keyed by {@code pkey}, or null when that window can only go the ordered path. */
    private Collapse newCollapse(TableMeta t, List<String> pkey) {
        if (!t.isUniqueKey(pkey)) {
            return null;
        }
        int[] keyIdx = new int[pkey.size()];
        for (int j = 0; j < keyIdx.length; j++) {
            keyIdx[j] = t.index.get(pkey.get(j));
            if (t.columns.get(keyIdx[j]).generated()) {
                return null;
            }
        }
        return new Collapse(keyIdx, t.columns.size());
    }

    /** Decodes one event and folds it in; false when the window is not collapsible. Reads nothing but t and p. */
    private boolean fold(TableMeta t, Collapse c, Pending p) {
        Map<String, String> row = decode(t, p);
        String[] arr = new String[t.columns.size()];
        for (Map.Entry<String, String> e : row.entrySet()) {
            arr[t.index.get(e.getKey())] = e.getValue() == null ? Collapse.NULL : e.getValue();
        }
        return c.add(p.op(), arr);
    }

    /**
     * Starts folding a table's window in the background from its first event on; null when the window cannot
     * be set-wise anyway (its key is no unique key here), which the flush then finds again.
     */
    private Folding startFolding(TableMeta t, List<String> pkey) {
        Collapse c = newCollapse(t, pkey);
        if (c == null) {
            return null;
        }
        if (plannerThread == null) {
            // one thread, so that a table's chunks are folded in order; it ends after a while without work, so an
            // applier that is never closed leaves no thread behind
            ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread th = new Thread(r, "l4j-apply-planner");
                        th.setDaemon(true);
                        return th;
                    });
            one.allowCoreThreadTimeOut(true);
            plannerThread = one;
        }
        return new Folding((col, p) -> fold(t, col, p), plannerThread, pkey, c);
    }

    /** Decodes the window and folds it per key; null when it must go the ordered path. */
    private List<Collapse.Net> plan(TableMeta t, List<Pending> evs) {
        List<String> pkey = evs.get(0).pkey();
        Collapse c = newCollapse(t, pkey);
        if (c == null) {
            return null;
        }
        for (Pending p : evs) {
            if (p.kind() == Pending.SQL || !p.pkey().equals(pkey) || !fold(t, c, p)) {
                return null;
            }
        }
        return c.nets();
    }

    /** The event's row with the subscriber's generated columns left out; unknown columns are an error. */
    private Map<String, String> decode(TableMeta t, Pending p) {
        Map<String, String> row;
        try {
            row = p.kind() == Pending.JSON ? EventData.jsonRow(p.data()) : EventData.urldecode(p.data());
        } catch (EventDataException e) {
            throw new ApplyException("table " + t.name + ": event " + p.id() + ": " + e.getMessage(), e);
        }
        var it = row.entrySet().iterator();
        while (it.hasNext()) {
            String col = it.next().getKey();
            TableMeta.Column c = t.column(col);
            if (c == null) {
                // as the original, which names every column of the event in its statement and fails there
                throw new ApplyException("table " + t.name + ": column " + Quote.ident(col) + " of event " + p.id()
                        + " does not exist on the subscriber; add it there (alter table ... add column) and"
                        + " restart the worker");
            }
            if (c.generated()) {
                it.remove();
            }
        }
        return row;
    }

    // ---------------------------------------------------------------- ordered path

    private void applyOrdered(TableMeta t, List<Pending> evs) {
        List<Pending> sent = new ArrayList<>();
        long chars = 0;
        try (Statement st = dest.createStatement()) {
            for (Pending p : evs) {
                String sql = orderedSql(t, p);
                if (sql == null) {
                    continue;
                }
                st.addBatch(sql);
                sent.add(p);
                chars += sql.length();
                // a bound in bytes too: pgjdbc holds the whole batch, and rows may be megabytes each
                if (sent.size() >= settings.orderedBatchSize() || chars >= ORDERED_BATCH_CHARS) {
                    chars = 0;
                    executeOrdered(t, st, sent);
                }
            }
            if (!sent.isEmpty()) {
                executeOrdered(t, st, sent);
            }
        } catch (SQLException e) {
            throw new ApplyException("table " + t.name + ": applying events failed: " + e.getMessage(), e);
        }
        orderedEvents += evs.size();
    }

    private void executeOrdered(TableMeta t, Statement st, List<Pending> sent) throws SQLException {
        int[] counts;
        try {
            counts = st.executeBatch();
        } catch (BatchUpdateException e) {
            int failed = 0;
            int[] done = e.getUpdateCounts();
            while (done != null && failed < done.length && done[failed] != Statement.EXECUTE_FAILED) {
                failed++;
            }
            Pending p = sent.get(Math.min(failed, sent.size() - 1));
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw new ApplyException("table " + t.name + ": event " + p.id() + " (" + p.op() + ") failed: "
                    + cause.getMessage(), e);
        } finally {
            roundTrips++;
            statements += sent.size();
        }
        for (int i = 0; i < counts.length && i < sent.size(); i++) {
            int n = Math.max(counts[i], 0);
            switch (sent.get(i).op()) {
                case 'I' -> inserted += n;
                case 'U' -> updated += n;
                default -> deleted += n;
            }
        }
        sent.clear();
    }

    private String orderedSql(TableMeta t, Pending p) {
        if (p.kind() == Pending.SQL) {
            return RowSql.sqlEvent(t, p.op(), p.data());
        }
        Map<String, String> row = decode(t, p);
        if (p.op() != 'I') {
            if (p.pkey().isEmpty()) {
                throw new ApplyException("table " + t.name + ": event " + p.id() + " (" + p.op()
                        + ") names no key columns; an update or delete needs the row's primary key");
            }
            for (String k : p.pkey()) {
                if (!row.containsKey(k)) {
                    throw new ApplyException("table " + t.name + ": event " + p.id() + " lacks its key column "
                            + Quote.ident(k));
                }
            }
        }
        return switch (p.op()) {
            case 'I' -> RowSql.insert(t, row);
            case 'U' -> RowSql.update(t, p.pkey(), row);
            default -> RowSql.delete(t, p.pkey(), row);
        };
    }

    // ---------------------------------------------------------------- set-wise path

    private String stage(TableMeta t) {
        return stages.computeIfAbsent(t.name, k -> "pg_temp.l4j_apply_" + STAGE_SEQ.incrementAndGet());
    }

    /**
     * Stages the window's net changes and applies them with one statement per operation and column set. True
     * when done; false when the window must be redone in order (the savepoint is rolled back then).
     */
    private boolean applySetWise(TableMeta t, List<String> pkey, List<Collapse.Net> plan) {
        String stage = stage(t);
        // staging column i+1 holds the table's column i; generated ones are never staged nor written
        StringBuilder ddl = new StringBuilder("create temp table if not exists " + stage.substring(8)
                + " (op \"char\", grp int4");
        StringBuilder copyCols = new StringBuilder("op, grp");
        for (int i = 0; i < t.columns.size(); i++) {
            TableMeta.Column c = t.columns.get(i);
            if (!c.generated()) {
                ddl.append(", c").append(i + 1).append(' ').append(c.stageType());
                copyCols.append(", c").append(i + 1);
            }
        }
        ddl.append(')');

        // group ids: one UPDATE per set of updated columns, one INSERT per set of inserted columns
        Map<BitSet, Integer> updGroups = new LinkedHashMap<>();
        Map<BitSet, Integer> insGroups = new LinkedHashMap<>();
        int deletes = 0;
        boolean absentCheck = false;
        List<BitSet> sets = new ArrayList<>(plan.size());
        boolean[] isKey = new boolean[t.columns.size()];
        pkey.forEach(k -> isKey[t.index.get(k)] = true);
        for (Collapse.Net n : plan) {
            BitSet cols = new BitSet();
            String[] row = n.row();
            for (int i = 0; i < row.length; i++) {
                if (row[i] != null && (n.op() != Collapse.UPDATE || !isKey[i])) {
                    cols.set(i);
                }
            }
            sets.add(cols);
            switch (n.op()) {
                case Collapse.UPDATE -> {
                    if (!cols.isEmpty()) {
                        updGroups.putIfAbsent(cols, updGroups.size());
                    }
                }
                case Collapse.INSERT -> insGroups.putIfAbsent(cols, insGroups.size());
                case Collapse.REPLACE -> {
                    insGroups.putIfAbsent(cols, insGroups.size());
                    deletes++;
                }
                case Collapse.DELETE -> deletes++;
                case Collapse.ABSENT -> absentCheck = true;
                default -> throw new IllegalStateException("net op " + n.op());
            }
        }

        if (deletes == 0 && updGroups.isEmpty() && !absentCheck && insGroups.size() == 1 && t.copyLikeInsert
                && !t.keyNeedsDuplicateCheck(pkey)) {
            return copyInserts(t, plan, insGroups.keySet().iterator().next());
        }
        try {
            try (Statement st = dest.createStatement()) {
                st.addBatch("savepoint " + SAVEPOINT);
                for (String s : staleStages) {
                    st.addBatch("drop table if exists " + s);
                }
                st.addBatch(ddl.toString());
                st.addBatch("truncate " + stage);
                st.executeBatch();
                statements += 3 + staleStages.size();
                roundTrips++;
                staleStages.clear();
            }
            copy(t, stage, copyCols.toString(), plan, sets, updGroups, insGroups);

            String join = keyJoin(t, pkey);
            boolean dupCheck = t.keyNeedsDuplicateCheck(pkey);
            if (dupCheck || absentCheck) {
                String q = "select " + (dupCheck ? "exists (select 1 from " + stage + " s group by "
                        + keyCols(t, pkey) + " having count(*) > 1)" : "false") + " or "
                        + (absentCheck ? "exists (select 1 from " + t.only() + t.quoted + " d join " + stage
                        + " s on " + join + " where s.op = 'a')" : "false");
                boolean redo;
                try (Statement st = dest.createStatement(); ResultSet rs = st.executeQuery(q)) {
                    rs.next();
                    redo = rs.getBoolean(1);
                }
                statements++;
                roundTrips++;
                if (redo) {
                    log.debug("table {}: two key texts name one row, or an inserted-then-deleted key existed;"
                            + " applying in order", t.name);
                    rollbackToSavepoint(t);
                    return false;
                }
            }

            List<String> sqls = new ArrayList<>();
            List<Character> kinds = new ArrayList<>();
            sqls.add("analyze " + stage); // real row counts, so a big table is joined by its key's index
            kinds.add('-');
            if (deletes > 0) {
                sqls.add("delete from " + t.only() + t.quoted + " d using " + stage + " s where s.op in ('d', 'r')"
                        + " and " + join);
                kinds.add('D');
            }
            for (Map.Entry<BitSet, Integer> g : updGroups.entrySet()) {
                StringBuilder set = new StringBuilder();
                for (int i = g.getKey().nextSetBit(0); i >= 0; i = g.getKey().nextSetBit(i + 1)) {
                    if (set.length() > 0) {
                        set.append(", ");
                    }
                    set.append(Quote.ident(t.columns.get(i).name())).append(" = s.c").append(i + 1);
                }
                sqls.add("update " + t.only() + t.quoted + " d set " + set + " from " + stage + " s where s.op = 'u'"
                        + " and s.grp = " + g.getValue() + " and " + join);
                kinds.add('U');
            }
            for (Map.Entry<BitSet, Integer> g : insGroups.entrySet()) {
                StringBuilder cols = new StringBuilder();
                StringBuilder sel = new StringBuilder();
                for (int i = g.getKey().nextSetBit(0); i >= 0; i = g.getKey().nextSetBit(i + 1)) {
                    if (cols.length() > 0) {
                        cols.append(", ");
                        sel.append(", ");
                    }
                    cols.append(Quote.ident(t.columns.get(i).name()));
                    sel.append("s.c").append(i + 1);
                }
                String target = cols.length() == 0 ? "" : " (" + cols + ")";
                String what = cols.length() == 0 ? "default values" : "select " + sel + " from " + stage + " s"
                        + " where s.op in ('i', 'r') and s.grp = " + g.getValue();
                if (cols.length() == 0) {
                    // a row of defaults only: no column list to select into; rare enough for one row at a time
                    return rollbackAndRedo(t);
                }
                sqls.add("insert into " + t.quoted + target + (t.hasAlwaysIdentity ? " overriding system value" : "")
                        + " " + what);
                kinds.add('I');
            }
            sqls.add("release savepoint " + SAVEPOINT);
            kinds.add('-');
            int[] counts;
            try (Statement st = dest.createStatement()) {
                for (String s : sqls) {
                    st.addBatch(s);
                }
                counts = st.executeBatch();
            }
            statements += sqls.size();
            roundTrips++;
            for (int i = 0; i < counts.length && i < kinds.size(); i++) {
                int n = Math.max(counts[i], 0);
                switch (kinds.get(i)) {
                    case 'I' -> inserted += n;
                    case 'U' -> updated += n;
                    case 'D' -> deleted += n;
                    default -> {
                    }
                }
            }
            return true;
        } catch (SQLException e) {
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            if ("42501".equals(cause.getSQLState())) {
                // no TEMP privilege on the subscriber: set-wise cannot work here, say so once
                log.warn("set-wise apply is off for this connection: {}; grant temporary on the database to the"
                        + " replication user to get it back", cause.getMessage());
                setWiseOff = true;
            } else {
                log.debug("table {}: set-wise apply failed ({}: {}); applying in order", t.name,
                        cause.getSQLState(), cause.getMessage());
            }
            rollbackToSavepoint(t);
            return false;
        }
    }

    /**
     * A window that only inserts new keys, all with the same columns (an append-only table such as a history or
     * log): COPY straight into the table, no staging table, no statement. The same rows as the INSERT ... SELECT
     * from a stage (COPY writes identity columns as OVERRIDING SYSTEM VALUE does and fills the other columns with
     * their defaults); a key that exists already fails the COPY as it would fail the INSERT, and the window is
     * then redone in order. Only for a plain table without rules (COPY ignores rules; a partitioned table keeps
     * the INSERT), and not where two key texts may name one row (the stage's duplicate check is needed).
     */
    private boolean copyInserts(TableMeta t, List<Collapse.Net> plan, BitSet cols) {
        StringBuilder names = new StringBuilder();
        for (int i = cols.nextSetBit(0); i >= 0; i = cols.nextSetBit(i + 1)) {
            if (names.length() > 0) {
                names.append(", ");
            }
            names.append(Quote.ident(t.columns.get(i).name()));
        }
        if (names.length() == 0) {
            return false; // rows of defaults only: the ordered path
        }
        try {
            try (Statement st = dest.createStatement()) {
                st.addBatch("savepoint " + SAVEPOINT);
                for (String s : staleStages) {
                    st.addBatch("drop table if exists " + s);
                }
                st.executeBatch();
                statements += 1 + staleStages.size();
                roundTrips++;
                staleStages.clear();
            }
            CopyIn in = dest.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy " + t.quoted + " (" + names + ") from stdin");
            try {
                CopyText.Rows rows = new CopyText.Rows(in);
                for (Collapse.Net net : plan) {
                    String[] vals = net.row();
                    for (int i = cols.nextSetBit(0); i >= 0; i = cols.nextSetBit(i + 1)) {
                        rows.value(vals[i] == Collapse.NULL ? null : vals[i]);
                    }
                    rows.endRow();
                }
                inserted += rows.end();
                statements++;
                roundTrips++;
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
            try (Statement st = dest.createStatement()) {
                st.execute("release savepoint " + SAVEPOINT);
            }
            statements++;
            roundTrips++;
            return true;
        } catch (SQLException e) {
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            log.debug("table {}: copying the inserts failed ({}: {}); applying in order", t.name, cause.getSQLState(),
                    cause.getMessage());
            rollbackToSavepoint(t);
            return false;
        }
    }

    private boolean rollbackAndRedo(TableMeta t) {
        rollbackToSavepoint(t);
        return false;
    }

    private void rollbackToSavepoint(TableMeta t) {
        try (Statement st = dest.createStatement()) {
            st.execute("rollback to savepoint " + SAVEPOINT);
            st.execute("release savepoint " + SAVEPOINT);
            statements += 2;
            roundTrips += 2;
        } catch (SQLException e) {
            throw new ApplyException("table " + t.name + ": set-wise apply failed and its savepoint cannot be rolled"
                    + " back: " + e.getMessage(), e);
        }
    }

    private void copy(TableMeta t, String stage, String copyCols, List<Collapse.Net> plan, List<BitSet> sets,
                      Map<BitSet, Integer> updGroups, Map<BitSet, Integer> insGroups) throws SQLException {
        CopyIn in = dest.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy " + stage + " (" + copyCols + ") from stdin");
        try {
            CopyText.Rows rows = new CopyText.Rows(in);
            for (int n = 0; n < plan.size(); n++) {
                Collapse.Net net = plan.get(n);
                BitSet cols = sets.get(n);
                Integer grp = switch (net.op()) {
                    case Collapse.UPDATE -> updGroups.get(cols);
                    case Collapse.INSERT, Collapse.REPLACE -> insGroups.get(cols);
                    default -> 0;
                };
                if (grp == null) {
                    continue; // an UPDATE that sets nothing
                }
                String[] vals = net.row();
                rows.value(net.op()).value(grp.intValue());
                for (int i = 0; i < vals.length; i++) {
                    if (!t.columns.get(i).generated()) {
                        rows.value(vals[i] == Collapse.NULL ? null : vals[i]);
                    }
                }
                rows.endRow();
            }
            rows.end();
            statements++;
            roundTrips++;
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static String keyJoin(TableMeta t, List<String> pkey) {
        StringBuilder sb = new StringBuilder();
        for (String k : pkey) {
            if (sb.length() > 0) {
                sb.append(" and ");
            }
            sb.append("d.").append(Quote.ident(k)).append(" = s.c").append(t.index.get(k) + 1);
        }
        return sb.toString();
    }

    private static String keyCols(TableMeta t, List<String> pkey) {
        StringBuilder sb = new StringBuilder();
        for (String k : pkey) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append("s.c").append(t.index.get(k) + 1);
        }
        return sb.toString();
    }
}
