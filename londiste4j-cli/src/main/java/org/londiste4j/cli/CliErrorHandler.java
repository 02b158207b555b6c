package org.londiste4j.cli;

import org.londiste4j.L4jException;
import org.londiste4j.config.ConfigException;
import org.londiste4j.cli.logging.LogSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * How every londiste4j program answers bad input and failures: one line on stderr,
 * {@code <program>: <message>} (a config error with several problems: one line each), at most a hint such as
 * {@code see 'pgqd --help'}, never a stack trace (that goes to the log at DEBUG). Exit codes as {@link ExitCodes}:
 * 2 for usage and config errors, 1 for runtime failures.
 *
 * <p>Install it on the root {@link CommandLine} with {@link #install}; it serves as parameter exception handler,
 * execution exception handler and exit code mapper, so that the mapping lives in one place.
 */
public final class CliErrorHandler implements CommandLine.IParameterExceptionHandler,
        CommandLine.IExecutionExceptionHandler, CommandLine.IExitCodeExceptionMapper {
    private static final Logger log = LoggerFactory.getLogger(CliErrorHandler.class);

    /** Sets this handler on {@code cl} (and its subcommands); returns {@code cl}. */
    public static CommandLine install(CommandLine cl) {
        var h = new CliErrorHandler();
        cl.setParameterExceptionHandler(h);
        cl.setExecutionExceptionHandler(h);
        cl.setExitCodeExceptionMapper(h);
        return cl;
    }

    /** The exit code for an exception that ended a command. */
    public static int exitCode(Throwable e) {
        if (e instanceof ConfigException || e instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILURE;
    }

    @Override
    public int getExitCode(Throwable exception) {
        return exitCode(exception);
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String prog = cl.getCommandSpec().root().name();
        String qualified = cl.getCommandSpec().qualifiedName();
        String hint = "see '" + qualified + " --help'";
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = "did you mean " + String.join(" or ", u.getSuggestions()) + "? " + hint;
        }
        PrintWriter err = cl.getErr();
        err.println(prog + ": " + oneLine(ex.getMessage()) + " (" + hint + ")");
        err.flush();
        log.debug("usage error", ex);
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        String prog = cl.getCommandSpec().root().name();
        PrintWriter err = cl.getErr();
        if (ex instanceof ConfigException c) {
            for (String p : c.problems()) {
                report(err, prog, p);
            }
        } else if (ex instanceof L4jException) {
            report(err, prog, ex.getMessage());
        } else {
            // a bug, not bad input: still one line, the stack goes to the log (-v shows it)
            report(err, prog, "internal error: " + ex + "; run with -v for details, and report it");
        }
        err.flush();
        log.debug("{} failed", prog, ex);
        return exitCode(ex);
    }

    private static void report(PrintWriter err, String prog, String message) {
        for (String line : String.valueOf(message).split("\n")) {
            err.println(prog + ": " + line);
            // a daemon without a console still leaves the reason in its log
            if (!LogSetup.consoleActive()) {
                log.error("{}", line);
            }
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "bad usage";
        }
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).strip();
    }
}
