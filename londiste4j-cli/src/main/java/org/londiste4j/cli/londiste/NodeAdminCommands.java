package org.londiste4j.cli.londiste;

import org.londiste4j.admin.CascadeLayout;
import org.londiste4j.admin.NodeAdmin;
import org.londiste4j.admin.NodeReport;
import org.londiste4j.admin.StatusReport;
import org.londiste4j.admin.SyncWaiter;
import org.londiste4j.admin.Takeover;
import org.londiste4j.cli.ExitCodes;
import org.londiste4j.cli.GenericOptions;
import org.londiste4j.node.NodeType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Node administration and information: the cascade's members and state ({@code status}, {@code members},
 * {@code node-status}, {@code node-info}, {@code show-consumers}) and the layout changes of issue 4
 * ({@code takeover}, {@code change-provider}, ...), listed now and refused with one line until then.
 */
final class NodeAdminCommands {
    private static final String ISSUE_4 = "issue 4";

    private NodeAdminCommands() {
    }

    @Command(name = "status", description = "Show the cascade: every member with lag, last tick, errors, tables.")
    static int status(@Mixin GenericOptions g,
            @Option(names = "--compact", description = "One line per node.") boolean compact) {
        var settings = TableCommands.settings(g);
        var out = Invocation.out(g);
        out.print(StatusReport.render(new StatusReport(settings).collect(), compact));
        out.flush();
        return ExitCodes.OK;
    }

    @Command(name = "members", description = "List the members of the cascade: node_name, dead, node_location.")
    static int members(@Mixin GenericOptions g) {
        var settings = TableCommands.settings(g);
        var m = new NodeReport(settings).members();
        TextTable.print(Invocation.out(g), "Member info on " + m.localNode() + "@" + settings.queue() + ":",
                List.of("node_name", "dead", "node_location"), m.members().stream()
                        .map(x -> List.of(x.nodeName(), String.valueOf(x.dead()), x.nodeLocation())).toList());
        return ExitCodes.OK;
    }

    @Command(name = "node-status", description = "Show this node: provider, subscribers, info lines.")
    static int nodeStatus(@Mixin GenericOptions g) {
        return lines(g, new NodeReport(TableCommands.settings(g)).nodeStatus());
    }

    @Command(name = "node-info", description = "Show this node: type, queue, state, connection strings.")
    static int nodeInfo(@Mixin GenericOptions g) {
        return lines(g, new NodeReport(TableCommands.settings(g)).nodeInfo());
    }

    @Command(name = "show-consumers", description = "List the consumers of this node's queue with their lag.")
    static int showConsumers(@Mixin GenericOptions g) {
        var rows = new NodeReport(TableCommands.settings(g)).consumers();
        TextTable.print(Invocation.out(g), "Consumers on queue " + TableCommands.settings(g).queue(),
                List.of("consumer_name", "lag", "last_seen", "last_tick", "provider", "paused", "uptodate", "error"),
                rows.stream().map(c -> Arrays.asList(c.name(), seconds(c.lagSeconds()), seconds(c.lastSeenSeconds()),
                        String.valueOf(c.lastTick()), c.provider(), str(c.paused()), str(c.uptodate()),
                        c.error() == null ? null : c.error().lines().findFirst().orElse(""))).toList());
        return ExitCodes.OK;
    }

    private static String seconds(Double s) {
        return s == null ? null : String.format(java.util.Locale.ROOT, "%.1fs", s);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static int lines(GenericOptions g, List<String> lines) {
        var out = Invocation.out(g);
        lines.forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code --node} and {@code --consumer}: which worker pause/resume/change-provider act on. */
    static final class ConsumerArgs {
        @Option(names = "--node", paramLabel = "NODE", description = "act on this node (default: this one)")
        String node;
        @Option(names = "--consumer", paramLabel = "NAME", description = "act on this consumer (default: the "
                + "node's worker)")
        String consumer;
    }

    @Command(name = "pause", description = "Pause a node's worker.")
    static int pause(@Mixin GenericOptions g, @Mixin ConsumerArgs a) {
        new NodeAdmin(TableCommands.settings(g)).setPaused(a.node, a.consumer, true);
        return ExitCodes.OK;
    }

    @Command(name = "resume", description = "Resume a paused worker.")
    static int resume(@Mixin GenericOptions g, @Mixin ConsumerArgs a) {
        new NodeAdmin(TableCommands.settings(g)).setPaused(a.node, a.consumer, false);
        return ExitCodes.OK;
    }

    @Command(name = "change-provider", description = "Make a node's worker read from another provider.")
    static int changeProvider(@Mixin GenericOptions g, @Mixin ConsumerArgs a,
            @Option(names = "--provider", paramLabel = "NODE", description = "the new provider") String provider,
            @Parameters(paramLabel = "NODE", arity = "0..1", description = "the new provider (as --provider)")
            String positional) {
        if (provider != null && positional != null && !provider.equals(positional)) {
            throw new picocli.CommandLine.ParameterException(Invocation.spec(g).commandLine(),
                    "change-provider: two different providers given: --provider=" + provider + " and " + positional);
        }
        new CascadeLayout(TableCommands.settings(g)).changeProvider(a.node, a.consumer,
                provider != null ? provider : positional);
        return ExitCodes.OK;
    }

    @Command(name = "takeover", description = "Make this node take the place of another (switchover, failover).")
    static int takeover(@Mixin GenericOptions g,
            @Parameters(paramLabel = "OLD_NODE", arity = "0..1", description = "the node to replace") String old,
            @Option(names = "--all", description = "Also move every subscriber of OLD_NODE here.") boolean all,
            @Option(names = "--dead-root", description = "OLD_NODE is a dead root.") boolean deadRoot,
            @Option(names = "--dead-branch", description = "OLD_NODE is a dead branch.") boolean deadBranch,
            @Option(names = "--dead", paramLabel = "NODE", description = "a node known dead (repeatable)")
            List<String> dead,
            @Option(names = "--target", paramLabel = "NODE", description = "the node that takes over")
            String target) {
        if (deadRoot || deadBranch) {
            return FailoverCommands.takeover(g, old, deadRoot, deadBranch, dead);
        }
        var settings = TableCommands.settings(g);
        var r = new Takeover(settings, Takeover.Limits.DEFAULT,
                (node, provider) -> new CascadeLayout(settings).changeProvider(node, null, provider))
                .run(old, target, all);
        var out = Invocation.out(g);
        if (r.oldType() == NodeType.ROOT) {
            out.printf(Locale.ROOT, "Takeover %s -> %s: %s is the root from tick %d, %s a branch reading from it;"
                    + " writes paused %.3f s%n", r.oldNode(), r.newNode(), r.newNode(), r.lastTick(), r.oldNode(),
                    r.writePause().toNanos() / 1e9);
        } else {
            out.printf("Takeover %s -> %s: %s reads from %s%n", r.oldNode(), r.newNode(), r.oldNode(), r.newNode());
        }
        for (var s : r.seqs()) {
            out.printf("Sequence %s: %s handed out %d; %s had %d, now %d%s%n", s.seq(), r.oldNode(), s.oldRoot(),
                    r.newNode(), s.before(), s.after(), s.kept() == null ? "" : " (kept: " + s.kept() + ")");
        }
        if (!r.moved().isEmpty()) {
            out.println("Moved to " + r.newNode() + ": " + String.join(", ", r.moved()));
        }
        r.warnings().forEach(w -> out.println("WARNING: " + w));
        out.flush();
        return ExitCodes.OK;
    }

    @Command(name = "resurrect", description = "Turn a failed-over old root into a branch, saving lost events.")
    static int resurrect(@Mixin GenericOptions g,
            @Option(names = "--dump-file", paramLabel = "FILE", description = "where the lost events go (default: "
                    + "resurrect-lost-events.json in the current directory)") java.nio.file.Path dumpFile) {
        return FailoverCommands.resurrect(g, dumpFile);
    }

    @Command(name = "drop-node", description = "Remove a node from the cascade.")
    static int dropNode(@Mixin GenericOptions g, @Parameters(paramLabel = "NODE") String node) {
        new CascadeLayout(TableCommands.settings(g)).dropNode(node);
        return ExitCodes.OK;
    }

    @Command(name = "rename-node", description = "Rename a node.")
    static int renameNode(@Mixin GenericOptions g, @Parameters(paramLabel = "OLD") String old,
            @Parameters(paramLabel = "NEW") String renamed) {
        new CascadeLayout(TableCommands.settings(g)).renameNode(old, renamed);
        return ExitCodes.OK;
    }

    @Command(name = "tag-dead", description = "Mark a node dead on every live node.")
    static int tagDead(@Mixin GenericOptions g, @Parameters(paramLabel = "NODE", arity = "1..*") List<String> n) {
        new NodeAdmin(TableCommands.settings(g)).tagDead(n, true);
        return ExitCodes.OK;
    }

    @Command(name = "tag-alive", description = "Mark a node alive again on every live node.")
    static int tagAlive(@Mixin GenericOptions g, @Parameters(paramLabel = "NODE", arity = "1..*") List<String> n) {
        new NodeAdmin(TableCommands.settings(g)).tagDead(n, false);
        return ExitCodes.OK;
    }

    @Command(name = "wait-root", description = "Wait until this node's worker has passed the root's last tick.")
    static int waitRoot(@Mixin GenericOptions g) {
        new SyncWaiter(TableCommands.settings(g)).waitUpstream(true);
        return ExitCodes.OK;
    }

    @Command(name = "wait-provider", description = "Wait until this node's worker has passed the provider's "
            + "last tick.")
    static int waitProvider(@Mixin GenericOptions g) {
        new SyncWaiter(TableCommands.settings(g)).waitUpstream(false);
        return ExitCodes.OK;
    }
}
