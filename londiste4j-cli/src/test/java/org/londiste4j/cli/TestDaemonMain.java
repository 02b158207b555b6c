package org.londiste4j.cli;

import org.londiste4j.config.ConfigKeys;
import org.londiste4j.daemon.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** A daemon with a trivial job, run as a real child process by {@link DaemonProcessIT}. */
@Command(name = "testd", versionProvider = VersionProvider.class)
public final class TestDaemonMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(TestDaemonMain.class);

    @Mixin
    GenericOptions generic;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG.ini")
    Path config;

    @CommandLine.Option(names = "--as-service", description = "Run a JobRunner.Service instead of a Job.")
    boolean asService;

    @CommandLine.Option(names = "--fail-build", description = "The service refuses to be built.")
    boolean failBuild;

    @Override
    public Integer call() {
        if (failBuild) {
            return JobRunner.runService(spec, config, ConfigKeys.LONDISTE_BASE, cf -> {
                throw new org.londiste4j.config.ConfigException("service: cannot be built; fix the test");
            });
        }
        if (asService) {
            return JobRunner.runService(spec, config, ConfigKeys.LONDISTE_BASE, cf -> new TickingService());
        }
        return JobRunner.run(spec, config, ConfigKeys.LONDISTE_BASE, cf -> new Job(cf.jobName(), Job.Policy.of(cf),
                () -> {
                    log.debug("round");
                    return false;
                }, () -> { }));
    }

    /** A service with a thread of its own, as pgqd's supervisor. */
    static final class TickingService implements JobRunner.Service {
        private volatile boolean stop;
        private final Thread thread = new Thread(() -> {
            while (!stop) {
                log.debug("service round");
                try {
                    Thread.sleep(50); // the service's own pacing, not a test wait
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "test-service");

        @Override
        public void start() {
            thread.start();
        }

        @Override
        public void reload(org.londiste4j.config.JobConfig cf) {
            log.info("service reloaded, loop_delay={}", cf.get(ConfigKeys.LOOP_DELAY).toMillis());
        }

        @Override
        public void close() {
            stop = true;
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.info("service closed");
        }
    }

    public static void main(String[] args) {
        System.exit(CliErrorHandler.install(new CommandLine(new TestDaemonMain())).execute(args));
    }
}
