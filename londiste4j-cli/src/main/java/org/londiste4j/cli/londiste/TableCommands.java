package org.londiste4j.cli.londiste;

import org.londiste4j.cli.GenericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** Replication administration: tables and sequences of this node. */
final class TableCommands {
    private TableCommands() {
    }

    @Command(name = "add-table", description = {"Add tables: TABLE... (names, globs) or --all",
            "A bare name means public.NAME. On the root: register the tables and create their triggers;",
            "elsewhere: add them here, the worker copies them. Tables without a primary key are refused."})
    static int addTable(@Mixin GenericOptions g, @Mixin TableArgs a,
            @Parameters(paramLabel = "TABLE", arity = "0..*") List<String> tables) {
        return Invocation.notYet(g, "coming in this issue");
    }

    @Command(name = "remove-table", description = "Stop replicating tables on this node.")
    static int removeTable(@Mixin GenericOptions g,
            @Option(names = "--skip-non-existing", description = "Ignore names that are not added.") boolean skip,
            @Parameters(paramLabel = "TABLE", arity = "1..*") List<String> tables) {
        return Invocation.notYet(g, "coming in this issue");
    }

    @Command(name = "change-handler", description = "Replace or clear the handler of a table.")
    static int changeHandler(@Mixin GenericOptions g, @Parameters(paramLabel = "TABLE") String table,
            @Option(names = "--handler", paramLabel = "NAME", description = "the new handler") String handler,
            @Option(names = "--handler-arg", paramLabel = "K=V", description = "handler argument (repeatable)")
            List<String> handlerArgs) {
        return Invocation.notYet(g, "coming in this issue");
    }

    @Command(name = "add-seq", description = "Add sequences (names, globs or --all).")
    static int addSeq(@Mixin GenericOptions g,
            @Option(names = "--all", description = "All sequences of the provider.") boolean all,
            @Option(names = "--create", description = "Create missing sequences from the provider.") boolean create,
            @Option(names = "--create-full", description = "Same as --create for sequences.") boolean createFull,
            @Option(names = "--skip-non-existing", description = "Ignore names that do not exist.") boolean skip,
            @Parameters(paramLabel = "SEQ", arity = "0..*") List<String> seqs) {
        return Invocation.notYet(g, "coming in this issue");
    }

    @Command(name = "remove-seq", description = "Stop replicating sequences on this node.")
    static int removeSeq(@Mixin GenericOptions g,
            @Option(names = "--skip-non-existing", description = "Ignore names that are not added.") boolean skip,
            @Parameters(paramLabel = "SEQ", arity = "1..*") List<String> seqs) {
        return Invocation.notYet(g, "coming in this issue");
    }

    @Command(name = "tables", description = "List the tables of this node with their state.")
    static int tables(@Mixin GenericOptions g,
            @Option(names = "--names-only", description = "Only the names, one a line.") boolean namesOnly) {
        return Invocation.notYet(g, "coming in this issue");
    }

    @Command(name = "seqs", description = "List the sequences of this node with their values.")
    static int seqs(@Mixin GenericOptions g) {
        return Invocation.notYet(g, "coming in this issue");
    }

    @Command(name = "missing", description = "List tables and sequences of the provider not added here.")
    static int missing(@Mixin GenericOptions g) {
        return Invocation.notYet(g, "coming in this issue");
    }

    @Command(name = "resync", description = "Copy tables again from scratch (names, globs or --all).")
    static int resync(@Mixin GenericOptions g,
            @Option(names = "--all", description = "Every table added here.") boolean all,
            @Option(names = "--copy-node", paramLabel = "NODE", description = "Copy from this node.") String node,
            @Option(names = "--find-copy-node", description = "Copy from the first node up that has the data.")
            boolean find,
            @Parameters(paramLabel = "TABLE", arity = "0..*") List<String> tables) {
        return Invocation.notYet(g, "coming in this issue");
    }

    @Command(name = "wait-sync", description = "Wait until every table of this node is in sync.")
    static int waitSync(@Mixin GenericOptions g) {
        return Invocation.notYet(g, "coming in this issue");
    }

    static List<String> nonNull(List<String> l) {
        return l == null ? List.of() : new ArrayList<>(l);
    }
}
