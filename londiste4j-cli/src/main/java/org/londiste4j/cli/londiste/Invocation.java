package org.londiste4j.cli.londiste;

import org.londiste4j.L4jException;
import org.londiste4j.cli.GenericOptions;
import org.londiste4j.cli.JobRunner;
import org.londiste4j.cli.LondisteMain;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;

/**
 * What a londiste3 admin command gets from its command line: the checked config of {@code CONFIG.ini} (logging
 * set up, daemon switches refused) and the writer its output goes to (never {@code System.out}, so tests can
 * capture it).
 */
final class Invocation {
    private Invocation() {
    }

    static CommandSpec spec(GenericOptions g) {
        return g.command();
    }

    /** The node's config, loaded and checked, logging configured (console and the job's logfile). */
    static JobConfig config(GenericOptions g) {
        CommandSpec spec = g.command();
        return JobRunner.command(spec, LondisteMain.configOf(spec), ConfigKeys.LONDISTE);
    }

    static PrintWriter out(GenericOptions g) {
        return g.command().commandLine().getOut();
    }

    /** For the commands of a later issue: listed in --help, refused with one line and exit code 1. */
    static int notYet(GenericOptions g, String issue) {
        config(g);
        throw new L4jException(g.command().name() + ": not implemented yet (" + issue + ")");
    }
}
