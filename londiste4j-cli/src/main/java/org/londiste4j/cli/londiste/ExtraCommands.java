package org.londiste4j.cli.londiste;

import org.londiste4j.admin.AddTableOptions;
import org.londiste4j.admin.StructureCheck;
import org.londiste4j.admin.TableAdmin;
import org.londiste4j.cli.ExitCodes;
import org.londiste4j.cli.GenericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;

/** Replication administration beyond tables and sequences: show-handlers, execute, check, fkeys. */
final class ExtraCommands {
    private ExtraCommands() {
    }

    @Command(name = "show-handlers", description = "List the table handlers (or describe one).")
    static int showHandlers(@Mixin GenericOptions g, @Parameters(paramLabel = "NAME", arity = "0..1") String n) {
        var out = Invocation.out(g);
        var known = new java.util.TreeMap<>(AddTableOptions.HANDLERS);
        if (n != null && !known.containsKey(n)) {
            throw new picocli.CommandLine.ParameterException(g.command().commandLine(), "handler " + n
                    + ": not built into londiste4j; known: " + String.join(", ", known.keySet()));
        }
        known.forEach((name, doc) -> {
            if (n == null || n.equals(name)) {
                out.println(name + ": " + doc);
            }
        });
        out.flush();
        return ExitCodes.OK;
    }

    @Command(name = "execute", description = "Run SQL files on the root and replay them on every node in order.")
    static int execute(@Mixin GenericOptions g, @Parameters(paramLabel = "FILE", arity = "1..*") List<String> f) {
        return Invocation.notYet(g, "issue 4");
    }

    @Command(name = "check", description = {"Compare table structure between provider and this node.",
            "Columns by name and type; exit code 3 when a table differs."})
    static int check(@Mixin GenericOptions g, @Parameters(paramLabel = "TABLE", arity = "0..*") List<String> t) {
        var results = new StructureCheck(TableCommands.settings(g)).run(t == null ? List.of() : t);
        var out = Invocation.out(g);
        results.forEach(r -> {
            if (r.differences().isEmpty()) {
                out.println(r.table() + ": ok");
            }
            r.differences().forEach(d -> out.println(r.table() + ": " + d));
        });
        out.flush();
        return results.stream().anyMatch(r -> !r.differences().isEmpty()) ? ExitCodes.DIFFERENCES : ExitCodes.OK;
    }

    @Command(name = "fkeys", description = {"Show the foreign keys parked during copies.",
            "The worker drops them for an initial copy and restores them once both tables are in sync."})
    static int fkeys(@Mixin GenericOptions g) {
        var rows = new TableAdmin(TableCommands.settings(g)).pendingFkeys();
        TextTable.print(Invocation.out(g), "Pending foreign keys", List.of("from_table", "to_table", "fkey_name",
                "fkey_def"), rows.stream().map(f -> List.of(f.fromTable(), f.toTable(), f.fkeyName(), f.fkeyDef()))
                .toList());
        return ExitCodes.OK;
    }
}
