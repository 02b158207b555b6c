package org.londiste4j.cli.londiste;

import org.londiste4j.L4jException;
import org.londiste4j.admin.Repair;
import org.londiste4j.admin.RepairJob;
import org.londiste4j.cli.ExitCodes;
import org.londiste4j.cli.GenericOptions;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code repair}: the full row-by-row diff of a table between provider and this node, at the same tick; the
 * fixes go to {@code fix.TABLE.sql} in the current directory, or are applied here with {@code --apply}.
 */
final class RepairCommands {
    private RepairCommands() {
    }

    @Command(name = "repair", description = {"Find and fix rows that differ (writes fix.TABLE.sql or --apply).",
            "Both sides are read at the same tick (needs this node's worker running) in primary key",
            "order and merged; exit code 3 when fixes were written, 0 when the tables are equal or fixed."})
    static int repair(@Mixin GenericOptions g,
            @Option(names = "--apply", description = "Apply the fixes instead of writing them.") boolean apply,
            @Option(names = "--force", description = "Wait for the worker as long as it takes (not lock_timeout).")
            boolean force,
            @Option(names = "--sort-bufsize", paramLabel = "SIZE", description = "Accepted for compatibility: "
                    + "nothing is sorted outside the databases.") String bufsize,
            @Option(names = "--repair-where", paramLabel = "COND", description = "Only rows matching this SQL "
                    + "condition, on both sides.") String where,
            @Parameters(paramLabel = "TABLE", arity = "0..*") List<String> tables) {
        JobConfig cf = Invocation.config(g);
        String queue = ExtraCommands.queue(cf);
        ExtraCommands.Remote remote;
        try (Connection l = ExtraCommands.local(cf)) {
            remote = ExtraCommands.providerLocation(cf, l, "repair");
        } catch (SQLException e) {
            throw new L4jException("repair: " + e.getMessage());
        }
        // both open with autocommit off, as RepairJob wants them
        Supplier<Connection> local = () -> ExtraCommands.local(cf);
        Supplier<Connection> provider = () -> ExtraCommands.connect(cf, remote);
        List<Repair.Stats> stats = new RepairJob(queue, cf.get(ConfigKeys.LOCK_TIMEOUT), provider, local)
                .run(tables == null ? List.of() : tables,
                        new RepairJob.Options(apply, force, where, Path.of("").toAbsolutePath()));
        PrintWriter out = Invocation.out(g);
        long fixes = 0;
        for (Repair.Stats s : stats) {
            out.printf("%s: %d rows on the provider, %d here; %d to insert, %d to update, %d to delete%s%n",
                    s.table(), s.providerRows(), s.localRows(), s.inserts(), s.updates(), s.deletes(),
                    s.fixes() == 0 ? "" : apply ? " (applied)" : " (fix." + s.table() + ".sql)");
            fixes += s.fixes();
        }
        out.flush();
        return fixes > 0 && !apply ? ExitCodes.DIFFERENCES : ExitCodes.OK;
    }
}
