package org.londiste4j.cli.londiste;

import org.londiste4j.cli.GenericOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code repair}: the full row-by-row diff of a table between provider and this node (issue 4). */
final class RepairCommands {
    private RepairCommands() {
    }

    @Command(name = "repair", description = "Find and fix rows that differ (writes fix.TABLE.sql or --apply).")
    static int repair(@Mixin GenericOptions g,
            @Option(names = "--apply", description = "Apply the fixes instead of writing them.") boolean apply,
            @Option(names = "--force", description = "Do not wait for the worker.") boolean force,
            @Option(names = "--sort-bufsize", paramLabel = "SIZE", description = "sort buffer") String bufsize,
            @Option(names = "--repair-where", paramLabel = "COND", description = "only rows matching") String w,
            @Parameters(paramLabel = "TABLE", arity = "0..*") List<String> tables) {
        return Invocation.notYet(g, "issue 4");
    }
}
