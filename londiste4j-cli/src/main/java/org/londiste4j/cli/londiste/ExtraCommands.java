package org.londiste4j.cli.londiste;

import org.londiste4j.L4jException;
import org.londiste4j.admin.AdminSettings;
import org.londiste4j.admin.ExecuteScript;
import org.londiste4j.admin.Handlers;
import org.londiste4j.admin.PendingFkeys;
import org.londiste4j.admin.StructureCheck;
import org.londiste4j.cli.ExitCodes;
import org.londiste4j.cli.GenericOptions;
import org.londiste4j.config.ConfigException;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Replication administration beyond tables and sequences: show-handlers, execute, check, fkeys. */
final class ExtraCommands {
    private ExtraCommands() {
    }

    @Command(name = "show-handlers", description = {"List the table handlers (or describe one).",
            "This build has the default handler; naming one of the original's others says it is not supported."})
    static int showHandlers(@Mixin GenericOptions g, @Parameters(paramLabel = "NAME", arity = "0..1") String n) {
        PrintWriter out = Invocation.out(g);
        if (n == null) {
            Handlers.ALL.stream().filter(Handlers.Handler::supported)
                    .forEach(h -> out.println(h.name() + ": " + h.summary()));
            out.println("not supported (handlers of the original): " + String.join(", ", Handlers.ALL.stream()
                    .filter(h -> !h.supported()).map(Handlers.Handler::name).toList()));
        } else {
            Handlers.Handler h = Handlers.find(n).orElseThrow(() -> new CommandLine.ParameterException(
                    g.command().commandLine(), "show-handlers: no handler " + n + "; handlers: " + String.join(", ",
                    Handlers.ALL.stream().map(Handlers.Handler::name).toList())));
            if (!h.supported()) {
                throw new CommandLine.ParameterException(g.command().commandLine(), "show-handlers: handler "
                        + h.name() + " (" + h.summary() + ") is not supported by londiste4j");
            }
            out.println(h.name() + ": " + h.summary());
            out.println("arguments: " + String.join(", ", h.args()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    @Command(name = "execute", description = {"Run SQL files on the root and replay them on every node in order.",
            "Each file runs in its own transaction; a file name applied before is skipped.",
            "Header lines '--*-- Local-Table: t' (Local-Sequence, Local-Destination, Need-Table,",
            "Need-Sequence, Need-Function, Need-Schema, Need-View) limit the nodes it runs on;",
            "@t@ in the SQL becomes the table's local name."})
    static int execute(@Mixin GenericOptions g, @Parameters(paramLabel = "FILE", arity = "1..*") List<Path> f) {
        JobConfig cf = Invocation.config(g);
        List<ExecuteScript.Script> scripts = new ArrayList<>();
        for (Path p : f) {
            if (!Files.isRegularFile(p)) {
                throw new CommandLine.ParameterException(g.command().commandLine(), "execute: no file " + p);
            }
            scripts.add(ExecuteScript.Script.read(p));
        }
        String queue = queue(cf);
        try (Connection c = local(cf)) {
            PrintWriter out = Invocation.out(g);
            for (ExecuteScript.Result r : new ExecuteScript(c, queue).run(scripts)) {
                out.println(r.name() + ": " + switch (r.outcome()) {
                    case EXECUTED -> "executed";
                    case NOT_NEEDED -> "queued, not needed on this node";
                    case ALREADY_APPLIED -> "skipped, applied before";
                });
            }
            out.flush();
        } catch (SQLException e) {
            throw new L4jException("execute: " + e.getMessage());
        }
        return ExitCodes.OK;
    }

    @Command(name = "check", description = {"Compare table structure between provider and this node.",
            "Columns, types, NOT NULL and primary keys; exit code 3 when a table differs."})
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
    static int fkeys(@Mixin GenericOptions g, @Option(names = "--restore-valid", description = "Restore now the "
            + "parked keys whose tables are both in sync.") boolean restore) {
        JobConfig cf = Invocation.config(g);
        PrintWriter out = Invocation.out(g);
        String queue = queue(cf);
        try (Connection c = local(cf)) {
            PendingFkeys f = new PendingFkeys(c, queue);
            if (restore) {
                int failed = 0;
                for (PendingFkeys.Restored r : f.restoreValid()) {
                    out.println(r.key().fromTable() + " " + r.key().fkeyName() + ": "
                            + (r.error() == null ? "restored" : "not restored: " + r.error()));
                    failed += r.error() == null ? 0 : 1;
                }
                out.flush();
                return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
            }
            List<PendingFkeys.Parked> parked = f.list();
            List<String> header = List.of("from_table", "to_table", "fkey_name", "fkey_def");
            TextTable.print(out, "Pending foreign keys", header, parked.stream().map(p -> row(p)).toList());
            List<List<String>> now = parked.stream().filter(PendingFkeys.Parked::restorable).map(p -> row(p))
                    .toList();
            if (!now.isEmpty()) {
                out.println();
                TextTable.print(out, "Restorable now (both tables in sync; fkeys --restore-valid)", header, now);
            }
            out.flush();
            return ExitCodes.OK;
        } catch (SQLException e) {
            throw new L4jException("fkeys: " + e.getMessage());
        }
    }

    private static List<String> row(PendingFkeys.Parked p) {
        return List.of(p.key().fromTable(), p.key().toTable(), p.key().fkeyName(), p.key().fkeyDef());
    }

    // ---- connections (what repair and check share)

    static String queue(JobConfig cf) {
        String q = cf.get(ConfigKeys.QUEUE_NAME);
        if (q == null || q.isBlank()) {
            throw new ConfigException("config: key queue_name is not set; add 'queue_name = ...'");
        }
        return q;
    }

    static Connection local(JobConfig cf) {
        return AdminSettings.from(cf).connectLocal();
    }

    /** The provider of this node, from its registry; a root has none. */
    static Connection provider(JobConfig cf, Connection local, String what) {
        return connect(cf, providerLocation(cf, local, what));
    }

    /** Where this node's provider is, named for messages. */
    record Remote(String name, String location) {
    }

    static Remote providerLocation(JobConfig cf, Connection local, String what) {
        NodeInfo info = new NodeApi(local).getNodeInfo(queue(cf));
        if (info.nodeType() == NodeType.ROOT || info.providerLocation() == null) {
            throw new L4jException(what + ": node " + info.nodeName() + " is the root: it has no provider to "
                    + "compare with; run " + what + " on a branch or leaf");
        }
        return new Remote("provider " + info.providerNode(), info.providerLocation());
    }

    /** Opens the provider ({@code remote_extra_connstr} added), autocommit off. */
    static Connection connect(JobConfig cf, Remote r) {
        return AdminSettings.from(cf).connectRemote(r.name(), r.location());
    }
}
