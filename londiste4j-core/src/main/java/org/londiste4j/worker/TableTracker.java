package org.londiste4j.worker;

import org.londiste4j.londiste.TableInfo;
import org.londiste4j.londiste.TableState;
import org.londiste4j.londiste.TableState.Phase;
import org.londiste4j.pgq.Event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker's view of its local tables for one batch: which are {@code local}, their copy state, destination and
 * copy snapshot, loaded from {@code londiste.get_table_list} at the start of each batch (python londiste's
 * {@code TableState} list).
 *
 * <p>Invariant: a row event is applied by the main thread only for a table in state {@code ok}, and by a copy
 * thread only for its own table in {@code catching-up} or {@code do-sync}; and never when its transaction is
 * visible in the table's copy snapshot (it is in the copied rows already).
 */
final class TableTracker {

    /** One local table. */
    static final class Table {
        final String name;
        final String dest;
        final Phase state;
        final long syncTick;
        final String snapshotText;
        final TxidSnapshot snapshot;
        final String attrs;

        Table(TableInfo row) {
            this.name = row.tableName();
            this.dest = dest(row);
            TableState p = row.state();
            this.state = p.phase();
            this.syncTick = p.tick() == null ? 0 : p.tick();
            this.snapshotText = row.customSnapshot();
            this.snapshot = row.customSnapshot() == null || row.customSnapshot().isBlank() ? null
                    : TxidSnapshot.parse(row.customSnapshot());
            this.attrs = row.tableAttrs();
        }

        /** Whether this event's transaction is already in the copied rows. */
        boolean seenByCopy(Event ev) {
            return snapshot != null && ev.txid() != null && snapshot.contains(ev.txid());
        }

        boolean skipTruncate() {
            return attrs != null && (attrs.contains("skip_truncate=1") || attrs.contains("skip_truncate=true"));
        }

        @Override
        public String toString() {
            return name + "(" + state + (syncTick > 0 ? ":" + syncTick : "") + ")";
        }
    }

    private final Map<String, Table> tables = new LinkedHashMap<>();

    /** Replaces the view with the local tables of {@code rows}. */
    void load(List<TableInfo> rows) {
        tables.clear();
        for (TableInfo r : rows) {
            if (r.local()) {
                tables.put(r.tableName(), new Table(r));
            }
        }
    }

    /** The table an event names in {@code ev_extra1}; a name without schema means {@code public.}. */
    Table get(String extra1) {
        if (extra1 == null) {
            return null;
        }
        Table t = tables.get(extra1);
        if (t == null && extra1.indexOf('.') < 0) {
            t = tables.get("public." + extra1);
        }
        return t;
    }

    Collection<Table> all() {
        return tables.values();
    }

    /** A table's destination: {@code dest_table}, or the table itself. */
    static String dest(TableInfo row) {
        return row.destTable() == null || row.destTable().isEmpty() ? row.tableName() : row.destTable();
    }

    /** True for the states in which a copy thread owns the table. */
    static boolean copying(Phase p) {
        return p == Phase.IN_COPY || p == Phase.CATCHING_UP || p == Phase.WANNA_SYNC || p == Phase.DO_SYNC;
    }

    List<Table> inState(Phase s) {
        List<Table> out = new ArrayList<>();
        for (Table t : tables.values()) {
            if (t.state == s) {
                out.add(t);
            }
        }
        return out;
    }

    int copying() {
        int n = 0;
        for (Table t : tables.values()) {
            if (TableTracker.copying(t.state)) {
                n++;
            }
        }
        return n;
    }

    /** True when an event is a row event (I/U/D in any trigger spelling) or a TRUNCATE ({@code R}). */
    static boolean isRowEvent(Event ev) {
        String t = ev.type();
        if (t == null || t.isEmpty()) {
            return false;
        }
        char c = t.charAt(0);
        if (c == '{') {
            return t.startsWith("{\"");
        }
        if (c != 'I' && c != 'U' && c != 'D' && c != 'R') {
            return false;
        }
        return t.length() == 1 || t.charAt(1) == ':' && c != 'R';
    }
}
