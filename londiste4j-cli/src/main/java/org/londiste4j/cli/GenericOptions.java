package org.londiste4j.cli;

import org.londiste4j.daemon.DaemonControl;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The switches every Skytools script takes ({@code -v}, {@code -q}, {@code -d}, {@code -s}, {@code -k},
 * {@code -r}, {@code --ini}, {@code --set key=value}, {@code -h}, {@code -V}), as a picocli mixin. Mix it into the
 * root command and into every subcommand: a switch given after the command lands in the subcommand's instance,
 * which forwards it to the root's, so {@code londiste3 -v x.ini worker} and {@code londiste3 x.ini worker -v}
 * mean the same. Read the values from the root's instance ({@link #of(CommandSpec)}).
 *
 * <p>Values only accumulate: use one {@code CommandLine} per run (one per process, as the mains do).
 */
public final class GenericOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    // per instance (root and subcommand), summed at read time: -v before and after the command both count
    private final Map<GenericOptions, Integer> verbosityBy = new LinkedHashMap<>();
    private final Map<GenericOptions, List<String>> setsBy = new LinkedHashMap<>();
    private boolean quiet;
    private boolean daemon;
    private boolean ini;
    private DaemonControl.Action action;

    @Option(names = {"-h", "--help"}, order = 1, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, order = 2, versionHelp = true, description = "Show the version and exit.")
    boolean version;

    /** The root command's instance, which holds every value given before or after the command. */
    public static GenericOptions of(CommandSpec spec) {
        for (var m : spec.root().mixins().values()) {
            if (m.userObject() instanceof GenericOptions g) {
                return g;
            }
        }
        throw new IllegalStateException("command " + spec.root().name() + " does not mix in GenericOptions");
    }

    /** The command this instance is mixed into (for static {@code @Command} methods, which have no {@code @Spec}). */
    public CommandSpec command() {
        return mixee;
    }

    private GenericOptions root() {
        return mixee == null ? this : of(mixee);
    }

    @Option(names = {"-v", "--verbose"}, order = 3, description = "More log output (debug); twice: also the driver's.")
    void setVerbose(boolean[] v) {
        root().verbosityBy.put(this, v == null ? 0 : v.length);
    }

    @Option(names = {"-q", "--quiet"}, order = 4, description = "Log only warnings and errors.")
    void setQuiet(boolean q) {
        root().quiet |= q;
    }

    @Option(names = {"-d", "--daemon"}, order = 5, description = "Run in the background (needs pidfile in the config).")
    void setDaemon(boolean d) {
        root().daemon |= d;
    }

    @Option(names = {"-s", "--stop"}, order = 6,
            description = "Stop the running daemon gracefully (SIGINT) and wait for it.")
    void setStop(boolean s) {
        if (s) {
            root().setAction(DaemonControl.Action.STOP, mixee);
        }
    }

    @Option(names = {"-k", "--kill"}, order = 7,
            description = "Stop the running daemon at once (SIGTERM) and wait for it.")
    void setKill(boolean k) {
        if (k) {
            root().setAction(DaemonControl.Action.KILL, mixee);
        }
    }

    @Option(names = {"-r", "--reload"}, order = 8, description = "Make the running daemon re-read its config (SIGHUP).")
    void setReload(boolean r) {
        if (r) {
            root().setAction(DaemonControl.Action.RELOAD, mixee);
        }
    }

    @Option(names = "--ini", order = 9, description = "Print a commented sample config and exit.")
    void setIni(boolean i) {
        root().ini |= i;
    }

    @Option(names = "--set", order = 10, paramLabel = "KEY=VALUE", description = "Override a config key (repeatable).")
    void setSet(List<String> kv) {
        root().setsBy.put(this, kv == null ? List.of() : List.copyOf(kv));
    }

    private void setAction(DaemonControl.Action a, CommandSpec where) {
        if (action != null && action != a) {
            throw new CommandLine.ParameterException(where == null ? null : where.commandLine(),
                    "-s, -k and -r exclude each other; give one");
        }
        action = a;
    }

    /** Number of {@code -v}. */
    public int verbosity() {
        return root().verbosityBy.values().stream().mapToInt(Integer::intValue).sum();
    }

    public boolean quiet() {
        return root().quiet;
    }

    public boolean daemon() {
        return root().daemon;
    }

    public boolean ini() {
        return root().ini;
    }

    /** {@code -s}, {@code -k} or {@code -r}, or null. */
    public DaemonControl.Action action() {
        return root().action;
    }

    /** The {@code --set} arguments in order, unparsed. */
    public List<String> sets() {
        var out = new ArrayList<String>();
        root().setsBy.values().forEach(out::addAll);
        return out;
    }

    /**
     * Refuses combinations that mean nothing ({@code -d} with {@code -s}, {@code -q} with {@code -v}).
     *
     * @throws CommandLine.ParameterException a usage error (exit code 2)
     */
    public void validate(CommandLine cl) {
        var r = root();
        if (r.daemon && r.action != null) {
            throw new CommandLine.ParameterException(cl, "-d starts a daemon and -s, -k, -r signal a running one; "
                    + "give one of them");
        }
        if (r.quiet && verbosity() > 0) {
            throw new CommandLine.ParameterException(cl, "-q and -v contradict each other; give one");
        }
    }
}
