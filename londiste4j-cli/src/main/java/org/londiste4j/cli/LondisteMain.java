package org.londiste4j.cli;

import org.londiste4j.cli.londiste.CommandGroups;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.ConfigTemplate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code bin/londiste3} (and {@code bin/londiste}): {@code londiste3 [switches] CONFIG.ini COMMAND [ARGS]
 * [OPTIONS]}, the original's command line, with the generic switches before or after the command. The commands
 * are those of {@link CommandGroups}, listed by group in {@code --help} (every command, SPEC.md 6.7).
 *
 * <p>{@code -d} starts this class again as the main class of a detached JVM, so it has a {@link #main}.
 */
@Command(name = "londiste3", versionProvider = VersionProvider.class, sortOptions = false,
        customSynopsis = {"londiste3 [switches] CONFIG.ini COMMAND [ARGS] [OPTIONS]",
                "londiste3 --ini | -h | -V"},
        description = {"Londiste: cascaded trigger-based replication of tables and sequences between",
                "PostgreSQL databases (9.6 to 18, either direction). Switches may also follow the command."})
public final class LondisteMain implements Callable<Integer> {
    @Mixin
    GenericOptions generic;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG.ini", description = "the node's ini file")
    Path config;

    /** The {@code CONFIG.ini} argument of the command line {@code spec} belongs to, or null. */
    public static Path configOf(CommandSpec spec) {
        return spec.root().userObject() instanceof LondisteMain m ? m.config : null;
    }

    @Override
    public Integer call() {
        if (GenericOptions.of(spec).ini()) {
            spec.commandLine().getOut().print(ConfigTemplate.render(ConfigKeys.LONDISTE));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        if (config != null && GenericOptions.of(spec).action() != null) {
            // londiste3 -s|-k|-r CONFIG.ini, as the original takes it: the signal goes to the daemon of that
            // config (its worker), found through the pidfile; no job is built for it
            return JobRunner.run(spec, config, ConfigKeys.LONDISTE, cf -> {
                throw new IllegalStateException("a daemon signal never builds a job");
            });
        }
        throw new CommandLine.ParameterException(spec.commandLine(), config == null
                ? "no config file and no command given; write londiste3 CONFIG.ini COMMAND"
                : "no command given after " + config + "; write londiste3 " + config + " COMMAND");
    }

    /** A fresh command line (one per run: the switches' values accumulate). */
    public static CommandLine commandLine() {
        var cl = new CommandLine(new LondisteMain());
        CommandGroups.addTo(cl);
        Examples.londiste3(cl);
        // --ini prints the sample whatever command it comes with (londiste3 x.ini status --ini)
        cl.setExecutionStrategy(parsed -> {
            if (!parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested() && !hasHelp(parsed)
                    && GenericOptions.of(cl.getCommandSpec()).ini()) {
                cl.getOut().print(ConfigTemplate.render(ConfigKeys.LONDISTE));
                cl.getOut().flush();
                return ExitCodes.OK;
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return CliErrorHandler.install(cl);
    }

    private static boolean hasHelp(CommandLine.ParseResult parsed) {
        for (var p = parsed; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
