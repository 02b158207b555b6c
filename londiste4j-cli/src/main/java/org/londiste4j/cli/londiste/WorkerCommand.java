package org.londiste4j.cli.londiste;

import org.londiste4j.L4jException;
import org.londiste4j.cli.GenericOptions;
import org.londiste4j.cli.JobRunner;
import org.londiste4j.cli.LondisteMain;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.daemon.Job;
import org.londiste4j.worker.LondisteWorker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code londiste3 [-d] CONFIG.ini worker}: the node's replication daemon ({@link LondisteWorker}), run through the
 * generic daemon flow ({@code -d}, {@code -s}, {@code -k}, {@code -r}, pidfile, logfile). When the job ends the
 * worker is closed, its copy threads included (SPEC.md 6.11: nothing outlives {@code -s}).
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
        if (register || unregister || rewind || reset) {
            throw new L4jException("worker: --register, --unregister, --rewind and --reset are not implemented yet "
                    + "(issue 4); create-* registers the worker, drop-node unregisters it");
        }
        var made = new LondisteWorker[1];
        try {
            return JobRunner.run(spec, LondisteMain.configOf(spec), ConfigKeys.LONDISTE, cf -> {
                made[0] = new LondisteWorker(cf);
                return made[0].job(Job.Policy.of(cf));
            });
        } finally {
            if (made[0] != null) {
                made[0].close();
            }
        }
    }
}
