package org.londiste4j.cli.daemon;

import org.londiste4j.cli.GenericOptions;
import org.londiste4j.cli.JobRunner;
import org.londiste4j.cli.PgqdMain;
import org.londiste4j.cli.VersionProvider;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;
import org.londiste4j.daemon.Daemonizer;
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
 * {@link Pgqd} engine, a service with threads of its own (a supervisor, and loops per database).
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

    @Override
    public Integer call() {
        GenericOptions opts = GenericOptions.of(spec);
        if (opts.daemon() && !opts.ini() && opts.action() == null && config != null && !Daemonizer.isChild()) {
            // the detached child builds the engine only after it wrote its pidfile, when the parent has already
            // said "runs in the background": refuse a bad period or base_connstr here, in the user's terminal
            JobConfig cf = JobConfig.load(config, ConfigKeys.PGQD, JobConfig.parseSets(opts.sets()));
            PgqdSettings.from(cf);
            connector(cf);
        }
        return JobRunner.runService(spec, config, ConfigKeys.PGQD, cf -> new Service(engine(cf)));
    }

    /** Builds the engine from a checked config; a bad period or connection string is a config error (exit 2). */
    static Pgqd engine(JobConfig cf) {
        return new Pgqd(PgqdSettings.from(cf), connector(cf));
    }

    static DbConnector connector(JobConfig cf) {
        return DbConnector.of(ConnStr.parse(cf.get(ConfigKeys.BASE_CONNSTR)));
    }

    /** The engine as the daemon flow drives it: started once, reloaded on SIGHUP, closed on SIGINT/SIGTERM. */
    private record Service(Pgqd engine) implements JobRunner.Service {
        @Override
        public void start() {
            engine.start();
        }

        @Override
        public void reload(JobConfig cf) {
            engine.reload(PgqdSettings.from(cf), connector(cf));
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    public static void main(String[] args) {
        PgqdMain.main(args);
    }
}
