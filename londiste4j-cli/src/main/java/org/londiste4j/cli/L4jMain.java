package org.londiste4j.cli;

import org.londiste4j.cli.demo.DemoCommand;
import org.londiste4j.schema.SchemaInstaller;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code londiste4j}: what is new in this project and has no counterpart in the original
 * ({@code version}, {@code sql}, {@code demo}).
 */
@Command(name = "londiste4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "londiste4j: PgQ, pgqd and Londiste for PostgreSQL 9.6 to 18, in Java.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class})
public final class L4jMain {
    static final List<String> SCHEMAS = List.of("pgq", "pgq_node", "londiste");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Command(name = "version", description = "Print the version of londiste4j and of the SQL schemas it installs.")
    int version() {
        var out = spec.commandLine().getOut();
        out.println("londiste4j " + SchemaInstaller.toolVersion());
        for (String s : SCHEMAS) {
            out.println("schema " + s + " revision " + SchemaInstaller.revision(s));
        }
        out.flush();
        return ExitCodes.OK;
    }

    @Command(name = "sql", description = {
            "Print the install-or-upgrade script of a schema (pgq, pgq_node, londiste).",
            "For review, or to apply by hand; the create-* commands of londiste3 install it themselves.",
            "It runs in one transaction, is safe to run again, and refuses to touch an original",
            "Skytools install or a newer londiste4j revision."})
    int sql(@Parameters(paramLabel = "SCHEMA", description = "pgq, pgq_node, londiste") String schema) {
        if (!SCHEMAS.contains(schema)) {
            throw new CommandLine.ParameterException(spec.commandLine().getSubcommands().get("sql"),
                    "schema " + schema + ": unknown; known schemas: " + String.join(", ", SCHEMAS));
        }
        spec.commandLine().getOut().print(SchemaInstaller.script(schema));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    static CommandLine commandLine() {
        var cl = new CommandLine(new L4jMain());
        Examples.londiste4j(cl);
        return CliErrorHandler.install(cl);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
