package org.londiste4j.cli.londiste;

import org.londiste4j.admin.AdminSettings;
import org.londiste4j.admin.SeqAdmin;
import org.londiste4j.admin.SyncWaiter;
import org.londiste4j.admin.TableAdmin;
import org.londiste4j.cli.ExitCodes;
import org.londiste4j.cli.GenericOptions;
import org.londiste4j.londiste.MissingObject;
import org.londiste4j.londiste.TableInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Replication administration: tables and sequences of this node. */
final class TableCommands {
    private TableCommands() {
    }

    @Command(name = "add-table", description = {"Add tables: TABLE... (names, globs) or --all",
            "On the root: put the capture triggers on them and register them in the queue.",
            "Elsewhere: add them on this node; its worker copies them, then applies their changes.",
            "A bare name means public.NAME. Tables without a primary key are all named and refused,",
            "and nothing is changed (--force adds the others)."})
    static int addTable(@Mixin GenericOptions g, @Mixin TableArgs a,
            @Parameters(paramLabel = "TABLE", arity = "0..*") List<String> tables) {
        var admin = new TableAdmin(settings(g));
        admin.addTables(nonNull(tables), a.toOptions());
        return ExitCodes.OK;
    }

    @Command(name = "remove-table", description = "Stop replicating tables on this node.")
    static int removeTable(@Mixin GenericOptions g,
            @Option(names = "--skip-non-existing", description = "Ignore names that are not added.") boolean skip,
            @Parameters(paramLabel = "TABLE", arity = "1..*") List<String> tables) {
        new TableAdmin(settings(g)).removeTables(tables, skip);
        return ExitCodes.OK;
    }

    @Command(name = "change-handler", description = "Replace or clear the handler of a table.")
    static int changeHandler(@Mixin GenericOptions g, @Parameters(paramLabel = "TABLE") String table,
            @Option(names = "--handler", paramLabel = "NAME", description = "the new handler") String handler,
            @Option(names = "--handler-arg", paramLabel = "K=V", description = "handler argument (repeatable)")
            List<String> handlerArgs) {
        new TableAdmin(settings(g)).changeHandler(table, handler, nonNull(handlerArgs));
        return ExitCodes.OK;
    }

    @Command(name = "add-seq", description = "Add sequences (names, globs or --all).")
    static int addSeq(@Mixin GenericOptions g,
            @Option(names = "--all", description = "All sequences of the provider.") boolean all,
            @Option(names = "--create", description = "Create missing sequences from the provider.") boolean create,
            @Option(names = "--create-full", description = "Same as --create for sequences.") boolean createFull,
            @Option(names = "--skip-non-existing", description = "Ignore names that do not exist.") boolean skip,
            @Parameters(paramLabel = "SEQ", arity = "0..*") List<String> seqs) {
        new SeqAdmin(settings(g)).addSeqs(nonNull(seqs), all, create || createFull, skip);
        return ExitCodes.OK;
    }

    @Command(name = "remove-seq", description = "Stop replicating sequences on this node.")
    static int removeSeq(@Mixin GenericOptions g,
            @Option(names = "--skip-non-existing", description = "Ignore names that are not added.") boolean skip,
            @Parameters(paramLabel = "SEQ", arity = "1..*") List<String> seqs) {
        new SeqAdmin(settings(g)).removeSeqs(seqs, skip);
        return ExitCodes.OK;
    }

    @Command(name = "tables", description = "List the tables of this node with their state.")
    static int tables(@Mixin GenericOptions g,
            @Option(names = "--names-only", description = "Only the names, one a line.") boolean namesOnly) {
        List<TableInfo> rows = new TableAdmin(settings(g)).tables();
        var out = Invocation.out(g);
        if (namesOnly) {
            rows.forEach(t -> out.println(t.tableName()));
            out.flush();
        } else {
            TextTable.print(out, "Tables on node", List.of("table_name", "merge_state", "table_attrs"),
                    rows.stream().map(t -> Arrays.asList(t.tableName(), t.mergeState(), t.tableAttrs())).toList());
        }
        return ExitCodes.OK;
    }

    @Command(name = "seqs", description = {"List the sequences of this node with their values.",
            "last_value is the value the root published (ahead of the root's own by a safety gap);",
            "current_value is the sequence's value in this database."})
    static int seqs(@Mixin GenericOptions g) {
        List<TableAdmin.SeqRow> rows = new TableAdmin(settings(g)).seqs();
        TextTable.print(Invocation.out(g), "Sequences on node", List.of("seq_name", "local", "last_value",
                "current_value"), rows.stream().map(s -> Arrays.asList(s.seqName(), String.valueOf(s.local()),
                        String.valueOf(s.lastValue()), s.currentValue() == null ? null : s.currentValue().toString()))
                        .toList());
        return ExitCodes.OK;
    }

    @Command(name = "missing", description = "List tables and sequences of the provider not added here.")
    static int missing(@Mixin GenericOptions g) {
        List<MissingObject> rows = new TableAdmin(settings(g)).missing();
        TextTable.print(Invocation.out(g), "Missing objects on node", List.of("obj_kind", "obj_name"),
                rows.stream().map(m -> List.of(m.objKind(), m.objName())).toList());
        return ExitCodes.OK;
    }

    @Command(name = "resync", description = "Copy tables again from scratch (names, globs or --all).")
    static int resync(@Mixin GenericOptions g,
            @Option(names = "--all", description = "Every table added here.") boolean all,
            @Option(names = "--copy-node", paramLabel = "NODE", description = "Copy from this node.") String node,
            @Option(names = "--find-copy-node", description = "Copy from the first node up that has the data.")
            boolean find,
            @Parameters(paramLabel = "TABLE", arity = "0..*") List<String> tables) {
        new TableAdmin(settings(g)).resync(nonNull(tables), all, node, find);
        return ExitCodes.OK;
    }

    @Command(name = "wait-sync", description = "Wait until every table of this node is in sync.")
    static int waitSync(@Mixin GenericOptions g) {
        new SyncWaiter(settings(g)).waitAll();
        return ExitCodes.OK;
    }

    static AdminSettings settings(GenericOptions g) {
        return AdminSettings.from(Invocation.config(g));
    }

    static List<String> nonNull(List<String> l) {
        return l == null ? List.of() : new ArrayList<>(l);
    }
}
