package org.londiste4j.cli;

import org.londiste4j.cli.daemon.PgqdCommand;
import picocli.CommandLine;

/** {@code bin/pgqd}: the ticker daemon ({@link PgqdCommand}). */
public final class PgqdMain {
    private PgqdMain() {
    }

    static CommandLine commandLine() {
        return CliErrorHandler.install(new CommandLine(new PgqdCommand()));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
