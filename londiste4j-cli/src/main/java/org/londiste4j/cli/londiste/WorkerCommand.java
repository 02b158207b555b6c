package org.londiste4j.cli.londiste;

import org.londiste4j.L4jException;
import org.londiste4j.cli.GenericOptions;
import org.londiste4j.cli.JobRunner;
import org.londiste4j.cli.ExitCodes;
import org.londiste4j.cli.LondisteMain;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;
import org.londiste4j.db.ConnStr;
import org.londiste4j.db.Db;
import org.londiste4j.daemon.Job;
import org.londiste4j.node.NodeApi;
import org.londiste4j.worker.LondisteWorker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.sql.Connection;
import java.sql.SQLException;
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
            return positionCommand();
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

    /**
     * {@code --register}, {@code --unregister}, {@code --rewind}, {@code --reset}: one change of this worker's
     * queue position, then exit. {@code --register} registers at {@code initial_provider_location} when the ini
     * names it, else at the node's current provider.
     */
    private int positionCommand() {
        JobConfig cf = Invocation.config(generic);
        try (LondisteWorker w = new LondisteWorker(cf)) {
            if (register) {
                w.register(cf.find(ConfigKeys.INITIAL_PROVIDER_LOCATION).orElseGet(() -> providerOf(cf)));
            }
            if (unregister) {
                w.unregister();
            }
            if (rewind) {
                w.rewind();
            }
            if (reset) {
                w.resetPosition();
            }
            return ExitCodes.OK;
        } catch (SQLException e) {
            throw new Db.DbException("worker: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private static String providerOf(JobConfig cf) {
        try (Connection c = Db.connect(ConnStr.parse(cf.get(ConfigKeys.DB)), "londiste3")) {
            String loc = new NodeApi(c).getWorkerState(cf.get(ConfigKeys.QUEUE_NAME)).providerLocation();
            if (loc == null) {
                throw new L4jException("worker --register: this node has no provider; name one with "
                        + "initial_provider_location");
            }
            return loc;
        } catch (SQLException e) {
            throw new Db.DbException("worker: " + e.getMessage(), e.getSQLState(), e);
        }
    }
}
