package org.londiste4j.cli;

import org.londiste4j.cli.daemon.PgqdCommand;
import picocli.CommandLine;

/** {@code bin/pgqd}: the ticker daemon ({@link PgqdCommand}). */
public final class PgqdMain {
    private PgqdMain() {
    }

    static CommandLine commandLine() {
        var cl = new CommandLine(new PgqdCommand());
        Examples.pgqd(cl);
        return CliErrorHandler.install(cl);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
