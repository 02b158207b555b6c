package org.londiste4j.copy;

import org.londiste4j.db.Quote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link TableDefinition} or {@link SequenceDefinition} on the subscriber, for {@link TableDdl}. Where the
 * subscriber's major lacks a feature, it either degrades in a documented way (with a warning) or stops with one
 * error naming the object, before any statement ran:
 * <ul>
 *   <li>partitioned table to a major before 11 (no primary key on a partitioned table): one plain table that holds
 *       every partition's rows (the copy reads the parent whole);</li>
 *   <li>identity column to 9.6: a sequence of the identity's name owned by the column, and its default;</li>
 *   <li>generated column to a major before 12: a plain column that replication fills; a virtual one (18) to 12-17:
 *       stored;</li>
 *   <li>index or constraint with INCLUDE to a major before 11, or NULLS NOT DISTINCT before 15: an error naming
 *       it (their meaning cannot be kept); anything else the subscriber refuses: its error, naming the object.</li>
 * </ul>
 * Not carried over: storage parameters (fillfactor, autovacuum settings: their names differ between majors),
 * tablespaces, UNLOGGED, owners and grants, triggers and rules, and the indexes or constraints a partition has of
 * its own (those its parent gives it come back with the parent's). Types, extensions and collations the columns use
 * must exist on the subscriber.
 */
final class DdlWriter {
    private static final Logger log = LoggerFactory.getLogger(DdlWriter.class);

    private final Connection conn;
    private final int version;
    private final List<String> warnings = new ArrayList<>();

    DdlWriter(Connection conn) throws SQLException {
        this.conn = conn;
        this.version = Catalog.version(conn);
    }

    List<String> warnings() {
        return warnings;
    }

    void table(TableDefinition def, boolean full) throws SQLException {
        String table = def.qualifiedName();
        check(def, full);
        boolean partitions = def.partitioned() && version >= 110000;
        if (def.partitioned() && !partitions) {
            warn("table " + table + ": partitioned on the provider, created as one plain table (PostgreSQL "
                    + Catalog.versionName(version) + " has no primary key on a partitioned table)");
        }
        createSchema(def.schema());
        for (SequenceDefinition s : def.defaultSequences()) {
            defaultSequence(def, s);
        }
        for (SequenceDefinition s : def.ownedSequences()) {
            sequence(s, false);
        }
        List<String> parts = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (TableDefinition.Column c : def.columns()) {
            parts.add(column(def, c, after));
        }
        if (def.primaryKey() != null) {
            parts.add("constraint " + Quote.ident(def.primaryKey().name()) + " " + def.primaryKey().definition());
        }
        String create = "create table " + table + " (\n    " + String.join(",\n    ", parts) + "\n)"
                + (partitions ? " partition by " + def.partitionKey() : "");
        run(create, "table " + table);
        if (partitions) {
            for (TableDefinition.Partition p : def.partitions()) {
                partition(table, p);
            }
        }
        for (String sql : after) {
            run(sql, "table " + table);
        }
        for (SequenceDefinition s : def.ownedSequences()) {
            run("alter sequence " + s.qualifiedName() + " owned by " + table + "." + Quote.ident(s.ownedByColumn()),
                    "sequence " + s.qualifiedName());
        }
        if (!full) {
            return;
        }
        for (TableDefinition.Constraint c : def.constraints()) {
            run("alter table " + table + " add constraint " + Quote.ident(c.name()) + " " + c.definition(),
                    "constraint " + Quote.ident(c.name()) + " of table " + table);
        }
        for (TableDefinition.Index i : def.indexes()) {
            // a partitioned parent's index reads "ON ONLY t"; created plainly it builds the partitions' too
            run(i.definition().replaceFirst(" ON ONLY ", " ON "), "index " + Quote.fqIdent(def.schema(), i.name()));
        }
        if (def.comment() != null) {
            run("comment on table " + table + " is " + Quote.literal(def.comment()), "table " + table);
        }
        for (TableDefinition.Column c : def.columns()) {
            if (c.comment() != null) {
                run("comment on column " + table + "." + Quote.ident(c.name()) + " is " + Quote.literal(c.comment()),
                        "table " + table);
            }
        }
    }

    /**
     * The table's foreign keys ({@code --create-full}), once every table of the command exists: a key to a table
     * that is on the subscriber is created, any other is left out with a warning that gives the one statement
     * that adds it once its table is there.
     */
    void foreignKeys(TableDefinition def) throws SQLException {
        String table = def.qualifiedName();
        for (TableDefinition.Constraint f : def.foreignKeys()) {
            String add = "alter table " + table + " add constraint " + Quote.ident(f.name()) + " " + f.definition();
            if (Catalog.find(conn, RelName.parse(f.referencedTable())).isEmpty()) {
                warn("table " + table + ": foreign key " + Quote.ident(f.name()) + " not created: "
                        + f.referencedTable() + " is not on the subscriber; once it is, add the key with: " + add);
                continue;
            }
            run(add, "foreign key " + Quote.ident(f.name()) + " of table " + table);
        }
    }

    /**
     * A sequence a column default uses but no column of the table owns ({@code default nextval('invoice_no')}):
     * without it the default, and so the table, cannot be created. It is made with the provider's settings; its
     * value is not copied (add-seq replicates it).
     */
    private void defaultSequence(TableDefinition def, SequenceDefinition s) throws SQLException {
        if (Catalog.find(conn, new RelName(s.schema(), s.name())).isPresent()) {
            return;
        }
        sequence(s, false);
        log.info("sequence {}: created for the column defaults of table {} (its value comes with add-seq and "
                + "replication)", s.qualifiedName(), def.qualifiedName());
    }

    /** Refuses, before anything is created, what this major cannot express. */
    private void check(TableDefinition def, boolean full) {
        String on = " (the subscriber runs PostgreSQL " + Catalog.versionName(version) + ")";
        String table = def.qualifiedName();
        List<TableDefinition.Constraint> cons = new ArrayList<>(full ? def.constraints() : List.of());
        if (def.primaryKey() != null) {
            cons.add(def.primaryKey());
        }
        for (TableDefinition.Constraint c : cons) {
            String what = "constraint " + Quote.ident(c.name()) + " of table " + table;
            if (version < 110000 && c.definition().contains(" INCLUDE (")) {
                throw new CopyException(what + ": INCLUDE columns need PostgreSQL 11" + on
                        + "; create the table by hand or drop INCLUDE on the provider");
            }
            if (version < 150000 && c.definition().contains("NULLS NOT DISTINCT")) {
                throw new CopyException(what + ": NULLS NOT DISTINCT needs PostgreSQL 15" + on
                        + "; create the table by hand");
            }
        }
        if (full) {
            for (TableDefinition.Index i : def.indexes()) {
                String what = "index " + Quote.fqIdent(def.schema(), i.name()) + " of table " + table;
                if (i.include() && version < 110000) {
                    throw new CopyException(what + ": INCLUDE columns need PostgreSQL 11" + on
                            + "; use --create instead of --create-full and create the index by hand");
                }
                if (i.nullsNotDistinct() && version < 150000) {
                    throw new CopyException(what + ": NULLS NOT DISTINCT needs PostgreSQL 15" + on
                            + "; use --create instead of --create-full and create the index by hand");
                }
            }
        }
    }

    private String column(TableDefinition def, TableDefinition.Column c, List<String> after) {
        StringBuilder sb = new StringBuilder(Quote.ident(c.name())).append(' ').append(c.type());
        if (c.collation() != null) {
            sb.append(" collate ").append(c.collation());
        }
        String table = def.qualifiedName();
        if (c.generated() != 0) {
            if (version >= 120000) {
                boolean virtual = c.generated() == 'v' && version >= 180000;
                if (c.generated() == 'v' && !virtual) {
                    warn("table " + table + ": virtual generated column " + Quote.ident(c.name())
                            + " created as stored (virtual needs PostgreSQL 18)");
                }
                sb.append(" generated always as (").append(c.generationExpr())
                        .append(virtual ? ") virtual" : ") stored");
            } else {
                warn("table " + table + ": generated column " + Quote.ident(c.name())
                        + " created as a plain column, filled by replication (generated columns need PostgreSQL 12)");
            }
        } else if (c.identity() != 0) {
            SequenceDefinition s = c.identitySequence();
            if (version >= 100000) {
                sb.append(c.identity() == 'a' ? " generated always as identity" : " generated by default as identity");
                if (s != null) {
                    sb.append(" (sequence name ").append(s.qualifiedName()).append(options(s)).append(')');
                }
            } else if (s != null) {
                warn("table " + table + ": identity column " + Quote.ident(c.name()) + " created with sequence "
                        + s.qualifiedName() + " as its default (identity columns need PostgreSQL 10)");
                after.add(0, "create sequence if not exists " + s.qualifiedName() + options(s));
                after.add("alter table " + table + " alter column " + Quote.ident(c.name()) + " set default nextval("
                        + Quote.literal(s.qualifiedName()) + "::regclass)");
                after.add("alter sequence " + s.qualifiedName() + " owned by " + table + "." + Quote.ident(c.name()));
            }
        } else if (c.defaultExpr() != null) {
            sb.append(" default ").append(c.defaultExpr());
        }
        if (c.notNull()) {
            sb.append(" not null");
        }
        return sb.toString();
    }

    private void partition(String parent, TableDefinition.Partition p) throws SQLException {
        String name = new RelName(p.schema(), p.name()).quoted();
        createSchema(p.schema());
        boolean sub = p.partitionKey() != null;
        run("create table " + name + " partition of " + parent + " " + p.bound()
                + (sub ? " partition by " + p.partitionKey() : ""), "partition " + name + " of table " + parent);
        for (TableDefinition.Partition c : p.partitions()) {
            partition(name, c);
        }
    }

    void sequence(SequenceDefinition s, boolean withOwner) throws SQLException {
        createSchema(s.schema());
        String type = version >= 100000 && s.dataType() != null ? " as " + s.dataType() : "";
        run("create sequence if not exists " + s.qualifiedName() + type + options(s), "sequence " + s.qualifiedName());
        if (withOwner && s.ownedByTable() != null) {
            if (Catalog.find(conn, RelName.parse(s.ownedByTable())).isPresent()) {
                run("alter sequence " + s.qualifiedName() + " owned by " + s.ownedByTable() + "."
                        + Quote.ident(s.ownedByColumn()), "sequence " + s.qualifiedName());
            } else {
                warn("sequence " + s.qualifiedName() + ": owner " + s.ownedByTable() + " is not on the subscriber;"
                        + " created without owner");
            }
        }
    }

    private static String options(SequenceDefinition s) {
        return " increment by " + s.increment() + " minvalue " + s.minValue() + " maxvalue " + s.maxValue()
                + " start with " + s.start() + " cache " + s.cache() + (s.cycle() ? " cycle" : " no cycle");
    }

    private void createSchema(String schema) throws SQLException {
        if (Catalog.scalarWith(conn, "select 1 from pg_catalog.pg_namespace where nspname = ?", schema) == null) {
            run("create schema " + Quote.ident(schema), "schema " + Quote.ident(schema));
        }
    }

    private void warn(String w) {
        log.warn("{}", w); // also returned; callers written against the void contract show it through the log
        warnings.add(w);
    }

    private void run(String sql, String what) {
        log.debug("create: {}", sql);
        try {
            Catalog.exec(conn, sql);
        } catch (SQLException e) {
            throw new CopyException(what + ": cannot create on PostgreSQL " + Catalog.versionName(version) + ": "
                    + e.getMessage(), e);
        }
    }
}
