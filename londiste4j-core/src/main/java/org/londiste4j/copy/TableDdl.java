package org.londiste4j.copy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code add-table --create} / {@code --create-full} and {@code add-seq --create}: a table's or sequence's
 * definition read from the provider and created on the subscriber, across major versions in both directions
 * (SPEC 5: the walkthrough's pg_dump step becomes optional). {@code --create} makes the columns (types, defaults,
 * NOT NULL, collations, identity, generated), the primary key, partitions, the sequences serial columns own and
 * those the column defaults use ({@code default nextval('invoice_no')}, created without their value);
 * {@code --create-full} adds indexes, check/unique/exclusion constraints, foreign keys (after every table of the
 * command, and only where the referenced table exists) and comments. What the subscriber's major lacks is degraded as {@link DdlWriter} says,
 * or refused with one error naming the object, before anything is created.
 */
public final class TableDdl {
    private static final Map<String, String> QUALIFY = Map.of("search_path", "pg_catalog");

    private TableDdl() {
    }

    /**
     * Reads {@code table}'s definition.
     *
     * <p>Transactions: in the caller's open transaction when autocommit is off, else in one of its own.
     *
     * @throws CopyException when the table is not on the provider
     */
    public static TableDefinition read(Connection provider, String table) {
        RelName name = RelName.parse(table);
        return inTx(provider, "table " + name, true, () -> new DdlReader(provider).table(name));
    }

    /** Reads sequence {@code seq}'s definition, as {@link #read}. */
    public static SequenceDefinition readSequence(Connection provider, String seq) {
        RelName name = RelName.parse(seq);
        return inTx(provider, "sequence " + name, true, () -> new DdlReader(provider).sequence(name)
                .orElseThrow(() -> new CopyException("sequence " + name + ": not found on the provider")));
    }

    /** Whether {@code table} (or any relation of that name) exists on {@code conn}. */
    public static boolean exists(Connection conn, String table) {
        RelName name = RelName.parse(table);
        return inTx(conn, "table " + name, false, () -> Catalog.find(conn, name).isPresent());
    }

    /**
     * Creates the table (and its schema when missing) on the subscriber.
     *
     * <p>Transactions: in the caller's open transaction when autocommit is off (the caller commits or rolls back),
     * else in one of its own: all of it or, on an error, nothing.
     *
     * @param full also indexes, constraints, foreign keys and comments ({@code --create-full})
     * @return the degradations made, one line each (also logged as warnings)
     * @throws CopyException naming the object the subscriber cannot take, or the table when it already exists
     */
    public static List<String> create(Connection subscriber, TableDefinition def, boolean full) {
        return createAll(subscriber, List.of(def), full);
    }

    /**
     * Creates several tables at once, as {@link #create}: every table first (with the sequences its column defaults
     * use), then, for {@code --create-full}, the foreign keys among them, so a key never depends on the order the
     * tables come in. A key to a table neither on the subscriber nor among {@code defs} is left out with a warning
     * that names it and the statement that adds it. Transactions as {@link #create}: all of it or nothing.
     *
     * @return the degradations and left-out keys, one line each (also logged as warnings)
     * @throws CopyException naming the object the subscriber cannot take, or a table that already exists
     */
    public static List<String> createAll(Connection subscriber, List<TableDefinition> defs, boolean full) {
        String subject = defs.size() == 1 ? "table " + defs.get(0).qualifiedName() : "tables";
        return inTx(subscriber, subject, false, () -> {
            for (TableDefinition def : defs) {
                if (Catalog.find(subscriber, new RelName(def.schema(), def.name())).isPresent()) {
                    throw new CopyException("table " + def.qualifiedName() + ": already exists on the subscriber");
                }
            }
            DdlWriter w = new DdlWriter(subscriber);
            for (TableDefinition def : defs) {
                w.table(def, full);
            }
            if (full) {
                for (TableDefinition def : defs) {
                    w.foreignKeys(def);
                }
            }
            return List.copyOf(w.warnings());
        });
    }

    /**
     * Creates the sequence (if not there yet, and its schema when missing), owned by its column when that table is
     * on the subscriber. Transactions as {@link #create}.
     *
     * @return warnings, one line each
     */
    public static List<String> createSequence(Connection subscriber, SequenceDefinition def) {
        return inTx(subscriber, "sequence " + def.qualifiedName(), false, () -> {
            DdlWriter w = new DdlWriter(subscriber);
            w.sequence(def, true);
            return List.copyOf(w.warnings());
        });
    }

    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in the caller's transaction or, with autocommit on, in one of its own. */
    static <T> T inTx(Connection conn, String subject, boolean qualify, SqlWork<T> work) {
        try {
            boolean own = conn.getAutoCommit();
            if (own) {
                conn.setAutoCommit(false);
            }
            boolean ok = false;
            try {
                SessionSettings settings = qualify ? SessionSettings.setLocal(conn, QUALIFY) : null;
                T out = work.run();
                if (settings != null) {
                    settings.restore();
                }
                ok = true;
                return out;
            } finally {
                if (own) {
                    try {
                        if (ok) {
                            conn.commit();
                        } else {
                            conn.rollback();
                        }
                    } finally {
                        conn.setAutoCommit(true);
                    }
                }
            }
        } catch (SQLException e) {
            throw new CopyException(subject + ": " + e.getMessage(), e);
        }
    }
}
