package org.londiste4j.cli.londiste;

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
        return Invocation.notYet(g, "issue 4");
    }

    @Command(name = "execute", description = "Run SQL files on the root and replay them on every node in order.")
    static int execute(@Mixin GenericOptions g, @Parameters(paramLabel = "FILE", arity = "1..*") List<String> f) {
        return Invocation.notYet(g, "issue 4");
    }

    @Command(name = "check", description = "Compare table structure between provider and this node.")
    static int check(@Mixin GenericOptions g, @Parameters(paramLabel = "TABLE", arity = "0..*") List<String> t) {
        return Invocation.notYet(g, "issue 4");
    }

    @Command(name = "fkeys", description = "Show the foreign keys parked during copies.")
    static int fkeys(@Mixin GenericOptions g) {
        return Invocation.notYet(g, "issue 4");
    }
}
