package org.londiste4j.cli.londiste;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every londiste3 command, grouped and ordered as the original's {@code --help} lists them (SPEC.md 6.7: every
 * command is listed). The small commands are static {@code @Command} methods of a class per group; the large
 * ones ({@code worker}, {@code compare}, {@code copy}) are classes of their own. {@link #addTo} adds them all to
 * the root command line; a command declared but not placed in a group is a bug caught at start.
 */
public final class CommandGroups {
    /** Where the commands are declared. */
    static final List<Class<?>> SOURCES = List.of(NodeInitCommands.class, NodeAdminCommands.class,
            WorkerCommand.class, TableCommands.class, ExtraCommands.class, CompareCommand.class,
            RepairCommands.class, CopyCommand.class);

    /** Group title, then its commands in help order (reference 1.3). */
    static final Map<String, List<String>> GROUPS = groups();

    private CommandGroups() {
    }

    private static Map<String, List<String>> groups() {
        var m = new LinkedHashMap<String, List<String>>();
        m.put("Node initialization", List.of("create-root", "create-branch", "create-leaf"));
        m.put("Node administration", List.of("status", "members", "node-status", "node-info", "show-consumers",
                "pause", "resume", "change-provider", "takeover", "resurrect", "drop-node", "rename-node",
                "tag-dead", "tag-alive", "wait-root", "wait-provider"));
        m.put("Replication daemon", List.of("worker"));
        m.put("Replication administration", List.of("add-table", "remove-table", "change-handler", "add-seq",
                "remove-seq", "tables", "seqs", "missing", "resync", "wait-sync", "show-handlers", "execute",
                "check", "fkeys"));
        m.put("Replication extra", List.of("compare", "repair"));
        m.put("Internal", List.of("copy"));
        return m;
    }

    /** Adds every command to {@code root} and makes its help list them by group. */
    public static void addTo(CommandLine root) {
        var byName = new HashMap<String, CommandLine>();
        for (Class<?> c : SOURCES) {
            if (c.isAnnotationPresent(CommandLine.Command.class)) {
                var cl = new CommandLine(c);
                byName.put(cl.getCommandName(), cl);
            } else {
                for (var m : CommandLine.getCommandMethods(c, null)) {
                    var cl = new CommandLine(m);
                    byName.put(cl.getCommandName(), cl);
                }
            }
        }
        GROUPS.values().forEach(names -> names.forEach(n -> {
            var cl = byName.remove(n);
            if (cl == null) {
                throw new IllegalStateException("command " + n + " is listed in a group but declared nowhere");
            }
            root.addSubcommand(n, cl);
            CommandHelp.install(root, cl);
        }));
        if (!byName.isEmpty()) {
            throw new IllegalStateException("commands " + byName.keySet() + " are declared but in no help group");
        }
        root.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "\n");
        root.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, CommandGroups::commandList);
    }

    private static String commandList(Help help) {
        var subs = help.commandSpec().subcommands();
        int width = subs.keySet().stream().mapToInt(String::length).max().orElse(0);
        var out = new StringBuilder();
        GROUPS.forEach((title, names) -> {
            out.append(title).append(":\n");
            for (String n : names) {
                String[] desc = subs.get(n).getCommandSpec().usageMessage().description();
                out.append("  ").append(String.format("%-" + width + "s", n)).append("  ")
                        .append(desc.length == 0 ? "" : desc[0]).append('\n');
            }
        });
        return out.toString();
    }
}
