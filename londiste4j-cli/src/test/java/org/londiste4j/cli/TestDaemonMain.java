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

    @Override
    public Integer call() {
        return JobRunner.run(spec, config, ConfigKeys.LONDISTE_BASE, cf -> new Job(cf.jobName(), Job.Policy.of(cf),
                () -> {
                    log.debug("round");
                    return false;
                }, () -> { }));
    }

    public static void main(String[] args) {
        System.exit(CliErrorHandler.install(new CommandLine(new TestDaemonMain())).execute(args));
    }
}
