package org.londiste4j.apply;

import org.londiste4j.db.Quote;

import java.util.List;
import java.util.Map;

/**
 * The ordered path's statements, one per event, in the shapes of the original's default handler (skytools'
 * {@code mk_insert_sql}, {@code mk_update_sql}, {@code mk_delete_sql} and the sqltriga templates): values as
 * quoted literals, which the subscriber's input functions parse, keys compared with {@code =}, no check of the
 * row count (an UPDATE or DELETE that finds no row does nothing, an INSERT of an existing key fails).
 *
 * <p>Departures from the original, each where it would fail or do nothing: no {@code only} on a partitioned
 * table; {@code overriding system value} when the table has a {@code GENERATED ALWAYS} identity column; an
 * UPDATE with nothing to set besides its key is left out (the original sends {@code set  where}, a syntax
 * error); generated columns are dropped from rows before they reach here.
 */
final class RowSql {
    private RowSql() {
    }

    static String insert(TableMeta t, Map<String, String> row) {
        if (row.isEmpty()) {
            return "insert into " + t.quoted + " default values";
        }
        StringBuilder cols = new StringBuilder();
        StringBuilder vals = new StringBuilder();
        for (Map.Entry<String, String> e : row.entrySet()) {
            if (cols.length() > 0) {
                cols.append(", ");
                vals.append(", ");
            }
            cols.append(Quote.ident(e.getKey()));
            vals.append(Quote.literal(e.getValue()));
        }
        return "insert into " + t.quoted + " (" + cols + ")" + (t.hasAlwaysIdentity ? " overriding system value" : "")
                + " values (" + vals + ")";
    }

    /** Null when the event sets nothing but its key (nothing to do). */
    static String update(TableMeta t, List<String> pkey, Map<String, String> row) {
        StringBuilder set = new StringBuilder();
        for (Map.Entry<String, String> e : row.entrySet()) {
            if (pkey.contains(e.getKey())) {
                continue;
            }
            if (set.length() > 0) {
                set.append(", ");
            }
            set.append(Quote.ident(e.getKey())).append(" = ").append(Quote.literal(e.getValue()));
        }
        if (set.length() == 0) {
            return null;
        }
        return "update " + t.only() + t.quoted + " set " + set + " where " + where(pkey, row);
    }

    static String delete(TableMeta t, List<String> pkey, Map<String, String> row) {
        return "delete from " + t.only() + t.quoted + " where " + where(pkey, row);
    }

    /** A sqltriga event: its ev_data is the statement's tail, written by the trigger with quoted values. */
    static String sqlEvent(TableMeta t, char op, String data) {
        return switch (op) {
            case 'I' -> "insert into " + t.quoted + " " + data;
            case 'U' -> "update " + t.only() + t.quoted + " set " + data;
            case 'D' -> "delete from " + t.only() + t.quoted + " where " + data;
            default -> throw new IllegalArgumentException("op " + op);
        };
    }

    private static String where(List<String> pkey, Map<String, String> row) {
        StringBuilder sb = new StringBuilder();
        for (String k : pkey) {
            if (sb.length() > 0) {
                sb.append(" and ");
            }
            sb.append(Quote.ident(k)).append(" = ").append(Quote.literal(row.get(k)));
        }
        return sb.toString();
    }
}
