package org.londiste4j.cli;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The examples at the end of each command's {@code --help}, kept in one place so that they read as one set
 * (the same ini names as the tutorial: {@code master.ini} on the source, {@code slave.ini} on the target) and so
 * that a command without one is caught by a test. A command whose annotation already declares a footer keeps
 * it. An example for a command that does not exist fails at start, so a renamed command cannot leave a stale
 * example behind.
 */
final class Examples {
    private static final Map<String, List<String>> LONDISTE3 = londiste3();
    private static final Map<String, List<String>> LONDISTE4J = Map.of(
            "version", List.of("londiste4j version"),
            "sql", List.of("londiste4j sql pgq > pgq.sql",
                    "londiste4j sql pgq | psql -v ON_ERROR_STOP=1 -d myapp"));
    private static final List<String> PGQD = List.of(
            "pgqd --ini > ticker.ini      # then set base_connstr, logfile, pidfile",
            "pgqd -d ticker.ini           # start in the background",
            "pgqd -r ticker.ini           # re-read the config",
            "pgqd -s ticker.ini           # stop");

    private Examples() {
    }

    private static Map<String, List<String>> londiste3() {
        var m = new LinkedHashMap<String, List<String>>();
        m.put("create-root", List.of("londiste3 master.ini create-root master 'host=src dbname=myapp'"));
        m.put("create-branch", List.of("londiste3 branch.ini create-branch branch1 'host=b1 dbname=myapp' \\",
                "    --provider='host=src dbname=myapp'"));
        m.put("create-leaf", List.of("londiste3 slave.ini create-leaf slave 'host=dst dbname=myapp' \\",
                "    --provider='host=src dbname=myapp'"));
        m.put("status", List.of("londiste3 slave.ini status", "londiste3 slave.ini status --compact"));
        m.put("members", List.of("londiste3 slave.ini members"));
        m.put("node-status", List.of("londiste3 slave.ini node-status"));
        m.put("node-info", List.of("londiste3 slave.ini node-info"));
        m.put("show-consumers", List.of("londiste3 master.ini show-consumers"));
        m.put("pause", List.of("londiste3 slave.ini pause", "londiste3 master.ini pause --node=slave"));
        m.put("resume", List.of("londiste3 slave.ini resume", "londiste3 master.ini resume --node=slave"));
        m.put("change-provider", List.of("londiste3 slave.ini change-provider --provider=branch1"));
        m.put("takeover", List.of("londiste3 slave.ini takeover master      # switchover: slave becomes the root",
                "londiste3 slave.ini takeover master --dead-root    # failover from a lost root"));
        m.put("resurrect", List.of("londiste3 master.ini resurrect    # on the old root, after --dead-root"));
        m.put("drop-node", List.of("londiste3 master.ini drop-node slave"));
        m.put("rename-node", List.of("londiste3 master.ini rename-node slave target"));
        m.put("tag-dead", List.of("londiste3 slave.ini tag-dead master"));
        m.put("tag-alive", List.of("londiste3 slave.ini tag-alive master"));
        m.put("wait-root", List.of("londiste3 slave.ini wait-root"));
        m.put("wait-provider", List.of("londiste3 slave.ini wait-provider"));
        m.put("worker", List.of("londiste3 -d slave.ini worker     # start in the background",
                "londiste3 -s slave.ini            # stop it"));
        m.put("add-table", List.of("londiste3 master.ini add-table --all",
                "londiste3 slave.ini add-table --all --create --wait-sync",
                "londiste3 slave.ini add-table public.orders 'shop.*'"));
        m.put("remove-table", List.of("londiste3 slave.ini remove-table public.orders"));
        m.put("change-handler", List.of("londiste3 slave.ini change-handler public.orders --handler=londiste"));
        m.put("add-seq", List.of("londiste3 master.ini add-seq --all", "londiste3 slave.ini add-seq --all"));
        m.put("remove-seq", List.of("londiste3 slave.ini remove-seq public.orders_id_seq"));
        m.put("tables", List.of("londiste3 slave.ini tables"));
        m.put("seqs", List.of("londiste3 slave.ini seqs"));
        m.put("missing", List.of("londiste3 slave.ini missing"));
        m.put("resync", List.of("londiste3 slave.ini resync public.orders", "londiste3 slave.ini resync --all"));
        m.put("wait-sync", List.of("londiste3 slave.ini wait-sync"));
        m.put("show-handlers", List.of("londiste3 slave.ini show-handlers"));
        m.put("execute", List.of("londiste3 master.ini execute add_column.sql"));
        m.put("check", List.of("londiste3 slave.ini check"));
        m.put("fkeys", List.of("londiste3 slave.ini fkeys", "londiste3 slave.ini fkeys --restore-valid"));
        m.put("compare", List.of("londiste3 slave.ini compare", "londiste3 slave.ini compare --count-only"));
        m.put("repair", List.of("londiste3 slave.ini repair public.orders            # writes fix.public.orders.sql",
                "londiste3 slave.ini repair public.orders --apply"));
        m.put("copy", List.of("londiste3 slave.ini copy public.orders    # the worker runs this itself"));
        return m;
    }

    /** Adds the examples to londiste3's commands. */
    static void londiste3(CommandLine root) {
        footer(root, List.of("londiste3 --ini > slave.ini        # a commented sample config",
                "londiste3 slave.ini status",
                "londiste3 -d slave.ini worker      # the node's daemon, in the background",
                "londiste3 slave.ini add-table --help"));
        install(root.getSubcommands(), LONDISTE3, "londiste3");
    }

    /** Adds the examples to londiste4j's commands. */
    static void londiste4j(CommandLine root) {
        footer(root, List.of("londiste4j version", "londiste4j help sql"));
        install(root.getSubcommands(), LONDISTE4J, "londiste4j");
    }

    /** Adds the examples to pgqd, a launcher without commands. */
    static void pgqd(CommandLine pgqd) {
        footer(pgqd, PGQD);
    }

    private static void install(Map<String, CommandLine> commands, Map<String, List<String>> examples,
            String launcher) {
        var unknown = new ArrayList<>(examples.keySet());
        unknown.removeAll(commands.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(launcher + ": examples for commands that do not exist: " + unknown);
        }
        examples.forEach((name, lines) -> footer(commands.get(name), lines));
    }

    private static void footer(CommandLine cl, List<String> lines) {
        var usage = cl.getCommandSpec().usageMessage();
        if (usage.footer().length > 0) {
            return; // the command's own footer wins
        }
        var footer = new ArrayList<String>();
        footer.add("");
        footer.add(lines.size() == 1 ? "Example:" : "Examples:");
        lines.forEach(l -> footer.add("  " + l));
        usage.footer(footer.toArray(String[]::new));
    }
}
