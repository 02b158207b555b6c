package org.londiste4j.cli.daemon;

import org.londiste4j.cli.GenericOptions;
import org.londiste4j.cli.JobRunner;
import org.londiste4j.cli.PgqdMain;
import org.londiste4j.cli.VersionProvider;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;
import org.londiste4j.daemon.Job;
import org.londiste4j.db.ConnStr;
import org.londiste4j.ticker.DbConnector;
import org.londiste4j.ticker.Pgqd;
import org.londiste4j.ticker.PgqdSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code pgqd [-q|-v|-d] CONFIG.ini}, {@code pgqd -s|-k|-r CONFIG.ini}, {@code pgqd --ini}: the ticker and
 * maintenance daemon of one PostgreSQL cluster, with the original pgqd's switches and {@code [pgqd]} keys.
 * The generic flow (sample, signals, background start, pidfile, logging) is {@link JobRunner}'s; the work is the
 * {@link Pgqd} engine, which runs threads of its own: the job's loop only starts it, and stopping the job stops it.
 *
 * <p>{@code -d} starts this class again as the main class of a detached JVM, so it has a {@link #main} too.
 */
@Command(name = "pgqd", versionProvider = VersionProvider.class, sortOptions = false,
        description = {"The PgQ ticker of one PostgreSQL cluster: ticks the queues of every database",
                "(or of database_list), moves retry events back, rotates and vacuums event tables.",
                "A queue created while pgqd runs is ticked within a second or two."})
public final class PgqdCommand implements Callable<Integer> {
    @Mixin
    GenericOptions generic;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG.ini", description = "the pgqd ini file")
    Path config;

    private volatile Pgqd engine;

    @Override
    public Integer call() {
        try {
            return JobRunner.run(spec, config, ConfigKeys.PGQD, new Factory());
        } finally {
            Pgqd e = engine;
            if (e != null) {
                e.close();
            }
        }
    }

    /** Builds the engine from a checked config; a bad period or connection string is a config error (exit 2). */
    static Pgqd engine(JobConfig cf) {
        return new Pgqd(PgqdSettings.from(cf), connector(cf));
    }

    static DbConnector connector(JobConfig cf) {
        return DbConnector.of(ConnStr.parse(cf.get(ConfigKeys.BASE_CONNSTR)));
    }

    private final class Factory implements JobRunner.JobFactory {
        @Override
        public Job create(JobConfig cf) {
            Pgqd e = engine(cf);
            engine = e;
            boolean[] started = {false};
            return new Job(cf.jobName(), Job.Policy.of(cf), () -> {
                if (!started[0]) {
                    started[0] = true;
                    e.start();
                }
                return false;
            }, () -> { });
        }

        @Override
        public void reloaded(JobConfig cf) {
            Pgqd e = engine;
            if (e != null) {
                e.reload(PgqdSettings.from(cf), connector(cf));
            }
        }
    }

    public static void main(String[] args) {
        PgqdMain.main(args);
    }
}
