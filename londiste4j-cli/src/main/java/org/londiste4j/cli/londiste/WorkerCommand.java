package org.londiste4j.cli.londiste;

import org.londiste4j.L4jException;
import org.londiste4j.cli.GenericOptions;
import org.londiste4j.cli.JobRunner;
import org.londiste4j.cli.LondisteMain;
import org.londiste4j.config.ConfigKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * {@code londiste3 [-d] CONFIG.ini worker}: the node's replication daemon, run through the generic daemon flow
 * ({@code -d}, {@code -s}, {@code -k}, {@code -r}, pidfile, logfile).
 */
@Command(name = "worker", description = "Run the replication daemon of this node (-d: in the background).")
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    GenericOptions generic;
    @Spec
    CommandSpec spec;
    @Option(names = "--register", description = "Register the worker on its provider's queue and exit.")
    boolean register;
    @Option(names = "--unregister", description = "Unregister the worker from its provider's queue and exit.")
    boolean unregister;
    @Option(names = "--rewind", description = "Move the queue position to match this node's last applied tick.")
    boolean rewind;
    @Option(names = "--reset", description = "Set this node's last applied tick to the queue position.")
    boolean reset;

    @Override
    public Integer call() {
        return JobRunner.run(spec, LondisteMain.configOf(spec), ConfigKeys.LONDISTE, cf -> {
            throw new L4jException("worker: not available yet (the worker lands later in this issue)");
        });
    }
}
