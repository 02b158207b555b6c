package org.londiste4j.cli;

import org.londiste4j.L4jException;
import org.londiste4j.cli.logging.LogSetup;
import org.londiste4j.config.ConfigException;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.ConfigTemplate;
import org.londiste4j.config.JobConfig;
import org.londiste4j.daemon.DaemonControl;
import org.londiste4j.daemon.Daemonizer;
import org.londiste4j.daemon.Job;
import org.londiste4j.daemon.PidFile;
import org.londiste4j.daemon.SignalHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The generic switches' flow shared by every daemon (pgqd, the londiste worker), as Skytools' BaseScript does
 * it: {@code --ini} prints the sample; {@code -s}/{@code -k}/{@code -r} signal the running instance; {@code -d}
 * re-launches in the background and returns once the child is up; otherwise the config is checked, logging set
 * up, the pidfile taken, signals routed to the {@link Job}, and the job run until stopped.
 *
 * <p>Invariant: everything that can be refused (config, pidfile held, log folder) is refused before the job's
 * first round, with one line and exit code 2 (config) or 1 (runtime), and in {@code -d} mode in the terminal that
 * started it.
 */
public final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /** How long -s and -k wait for the process to go. */
    static final Duration STOP_WAIT = Duration.ofSeconds(60);
    /** How long -d waits for the child to write its pidfile. */
    static final Duration START_WAIT = Duration.ofSeconds(60);

    /** Builds the job of a loaded config; told again after each reload (SIGHUP). */
    public interface JobFactory {
        Job create(JobConfig cf);

        /** The config was re-read; apply what can change at run time. */
        default void reloaded(JobConfig cf) {
        }
    }

    private JobRunner() {
    }

    /**
     * Runs the whole flow for the command of {@code spec}.
     *
     * @param configFile the {@code CONFIG.ini} argument (may be null only with {@code --ini})
     * @return the exit code
     */
    public static int run(CommandSpec spec, Path configFile, ConfigKeys.KeySet keys, JobFactory factory) {
        return flow(spec, configFile, keys, (cf, reread) -> {
            Job job = factory.create(cf);
            job.setPolicy(Job.Policy.of(cf));
            job.onReload(() -> {
                JobConfig again = reread.get();
                job.setPolicy(Job.Policy.of(again));
                factory.reloaded(again);
            });
            return () -> {
                SignalHooks.install(job);
                String program = spec.root().name();
                log.info("{} {} started (pid {})", program, job.name(), ProcessHandle.current().pid());
                job.run();
                log.info("{} {} stopped", program, job.name());
            };
        });
    }

    /**
     * A daemon that runs its own threads (pgqd's supervisor and per-database loops) rather than one {@link Job}
     * loop on the main thread.
     */
    public interface Service extends AutoCloseable {
        /** Starts the threads and returns. */
        void start();

        /** The config was re-read (SIGHUP, {@code -r}); apply what can change at run time. */
        default void reload(JobConfig cf) {
        }

        /** Stops every thread and waits for them (SIGINT and SIGTERM both end up here); also when never started. */
        @Override
        void close();
    }

    /**
     * As {@link #run}, for a {@link Service}: built (before the pidfile is written, so that a refusal reaches the
     * terminal of {@code -d}), started, then the main thread waits for SIGINT or SIGTERM and closes it; SIGHUP
     * re-reads the config (a bad edit is logged and the old config kept).
     */
    public static int runService(CommandSpec spec, Path configFile, ConfigKeys.KeySet keys,
            Function<JobConfig, Service> factory) {
        return flow(spec, configFile, keys, (cf, reread) -> {
            String program = spec.root().name();
            Service service = factory.apply(cf);
            return new Main() {
                private boolean closed;

                @Override
                public void run() {
                    var done = new CountDownLatch(1);
                    SignalHooks.install(() -> {
                        try {
                            service.reload(reread.get());
                        } catch (ConfigException e) {
                            log.error("{}: reload failed, keeping the old config: {}", program, e.getMessage());
                        }
                    }, done::countDown, done::countDown);
                    service.start();
                    log.info("{} {} started (pid {})", program, cf.jobName(), ProcessHandle.current().pid());
                    try {
                        done.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    log.info("{} {} stopping", program, cf.jobName());
                }

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        service.close();
                        log.info("{} {} stopped", program, cf.jobName());
                    }
                }
            };
        });
    }

    /** What runs once the pidfile is written; closed afterwards, or when the pidfile is refused (may be twice). */
    private interface Main extends AutoCloseable {
        void run();

        @Override
        default void close() {
        }
    }

    /** Builds the daemon from the checked config (no threads, no pidfile yet) and returns what runs it. */
    private interface Body {
        Main prepare(JobConfig cf, Supplier<JobConfig> reread);
    }

    private static int flow(CommandSpec spec, Path configFile, ConfigKeys.KeySet keys, Body body) {
        var opts = GenericOptions.of(spec);
        opts.validate(spec.commandLine());
        String program = spec.root().name();
        if (opts.ini()) {
            spec.commandLine().getOut().print(ConfigTemplate.render(keys));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        boolean child = Daemonizer.isChild();
        LogSetup.consoleOnly(opts.verbosity(), opts.quiet());
        JobConfig cf = read(spec, configFile, keys);
        if (opts.action() != null) {
            String done = DaemonControl.send(program, cf.optionalFile(ConfigKeys.PIDFILE).orElse(null),
                    opts.action(), STOP_WAIT);
            spec.commandLine().getOut().println(done);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        Path pidfile = cf.optionalFile(ConfigKeys.PIDFILE).orElse(null);
        if (opts.daemon() && !child) {
            cf.check();
            return startDaemon(spec, program, cf, pidfile);
        }
        boolean background = opts.daemon() || child;
        LogSetup.configure(LogSetup.settings(cf, opts.verbosity(), opts.quiet(), background));
        cf.check();
        var current = new JobConfig[] {cf};
        Supplier<JobConfig> reread = () -> {
            JobConfig again = current[0].reload();
            again.check();
            LogSetup.configure(LogSetup.settings(again, opts.verbosity(), opts.quiet(), background));
            current[0] = again;
            return again;
        };
        // the pidfile tells a -d parent "up": build first, so that a refusal still reaches its terminal
        Main main = body.prepare(cf, reread);
        try {
            try (PidFile pf = pidfile == null ? null : PidFile.acquire(pidfile)) {
                if (pf != null) {
                    pf.removeOnExit();
                }
                main.run();
                main.close(); // every thread stopped before the pidfile goes
            }
        } finally {
            main.close();
        }
        return ExitCodes.OK;
    }

    /**
     * For a command that is not a daemon ({@code create-root}, {@code status} ...): the config loaded and checked,
     * logging to the console and to the job's {@code logfile} (as the original's commands do), switches
     * validated. {@code -d}, {@code -s}, {@code -k}, {@code -r} are refused: they mean something only for daemons.
     */
    public static JobConfig command(CommandSpec spec, Path configFile, ConfigKeys.KeySet keys) {
        var opts = GenericOptions.of(spec);
        opts.validate(spec.commandLine());
        if (opts.daemon() || opts.action() != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), spec.name() + " is not a daemon: "
                    + "-d, -s, -k and -r apply to daemons only (e.g. worker)");
        }
        LogSetup.consoleOnly(opts.verbosity(), opts.quiet());
        JobConfig cf = read(spec, configFile, keys);
        LogSetup.configure(LogSetup.settings(cf, opts.verbosity(), opts.quiet(), false));
        cf.check();
        return cf;
    }

    private static JobConfig read(CommandSpec spec, Path configFile, ConfigKeys.KeySet keys) {
        var opts = GenericOptions.of(spec);
        if (configFile == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "no config file given; write " + spec.root().name() + " CONFIG.ini (--ini prints a sample)");
        }
        return JobConfig.load(configFile, keys, JobConfig.parseSets(opts.sets()));
    }

    private static int startDaemon(CommandSpec spec, String program, JobConfig cf, Path pidfile) {
        if (pidfile != null) {
            var pid = PidFile.read(pidfile);
            if (pid.isPresent() && PidFile.alive(pid.get())) {
                throw new L4jException("already running as process " + pid.get() + " (pidfile "
                        + pidfile + "); stop it with -s first");
            }
        }
        List<String> args = spec.root().commandLine().getParseResult().originalArgs();
        String main = spec.root().userObject().getClass().getName();
        var started = Daemonizer.start(Daemonizer.javaCommand(main, args), pidfile, START_WAIT);
        if (started.up()) {
            log.info("{} {} runs in the background as process {}{}", program, cf.jobName(), started.pid(),
                    cf.optionalFile(ConfigKeys.LOGFILE).map(f -> ", logging to " + f).orElse(""));
            return ExitCodes.OK;
        }
        var err = spec.commandLine().getErr();
        String line = started.errorLine().isEmpty() ? program + ": the daemon exited with code " + started.exitCode()
                + " before it was up; see its log" : started.errorLine();
        err.println(line.startsWith(program + ":") ? line : program + ": " + line);
        err.flush();
        return started.exitCode() > 0 ? started.exitCode() : ExitCodes.FAILURE;
    }
}
