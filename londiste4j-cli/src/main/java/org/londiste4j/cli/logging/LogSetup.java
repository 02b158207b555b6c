package org.londiste4j.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import org.londiste4j.L4jException;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Logging of a job, configured from its config (logback, programmatically): the {@code logfile} (folder
 * created, SPEC.md 6.2; rotated at {@code log_size} keeping {@code log_count} files), and the console (stderr)
 * unless daemonized. Lines are {@code yyyy-MM-dd HH:mm:ss.SSS <pid> LEVEL <message>}, close to Skytools' so
 * that existing log tooling keeps working. {@code -v} shows DEBUG (twice: also pgjdbc's), {@code -q} only
 * warnings and errors.
 *
 * <p>Stack traces appear only where something logs them (at DEBUG by convention), never on the console at INFO.
 */
public final class LogSetup {
    /** The file and console line format; the pid is fixed per process. */
    static final String FILE_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} " + ProcessHandle.current().pid()
            + " %level %msg%n";
    private static volatile boolean console = true;

    /** What to set up. */
    public record Settings(Optional<Path> logfile, boolean console, int verbosity, boolean quiet, long logSize,
            int logCount) {
    }

    private LogSetup() {
    }

    /** Settings from a job's config and the generic switches. */
    public static Settings settings(JobConfig cf, int verbosity, boolean quiet, boolean daemon) {
        return new Settings(cf.optionalFile(ConfigKeys.LOGFILE), !daemon, verbosity, quiet,
                cf.get(ConfigKeys.LOG_SIZE), cf.get(ConfigKeys.LOG_COUNT));
    }

    /** Console only, before a config is read (or for commands without one). */
    public static void consoleOnly(int verbosity, boolean quiet) {
        configure(new Settings(Optional.empty(), true, verbosity, quiet, 0, 0));
    }

    /** True when log lines reach the terminal; error reporting avoids printing a line twice. */
    public static boolean consoleActive() {
        return console;
    }

    /**
     * Replaces the whole logback configuration.
     *
     * @throws L4jException when the log folder cannot be created
     */
    public static void configure(Settings s) {
        var ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        Level level = s.quiet() ? Level.WARN : s.verbosity() > 0 ? Level.DEBUG : Level.INFO;
        root.setLevel(level);
        // the driver's own DEBUG is noise unless asked for twice
        ctx.getLogger("org.postgresql").setLevel(s.verbosity() > 1 ? level : Level.WARN);
        ctx.getLogger("io.zonky").setLevel(Level.WARN);
        if (s.console()) {
            var app = new ConsoleAppender<ILoggingEvent>();
            app.setContext(ctx);
            app.setName("console");
            app.setTarget("System.err");
            app.setEncoder(encoder(ctx, FILE_PATTERN));
            app.start();
            root.addAppender(app);
        }
        console = s.console();
        s.logfile().ifPresent(f -> root.addAppender(file(ctx, f, s.logSize(), s.logCount())));
    }

    private static FileAppender<ILoggingEvent> file(LoggerContext ctx, Path file, long size, int count) {
        Path abs = file.toAbsolutePath();
        try {
            Files.createDirectories(abs.getParent());
        } catch (IOException e) {
            throw new L4jException("logfile " + file + ": cannot create its folder: " + e.getMessage()
                    + "; check permissions or change logfile");
        }
        FileAppender<ILoggingEvent> app;
        if (size > 0 && count > 0) {
            var rolling = new RollingFileAppender<ILoggingEvent>();
            var policy = new FixedWindowRollingPolicy();
            policy.setContext(ctx);
            policy.setParent(rolling);
            // as Python's RotatingFileHandler: job.log.1 is the newest old file
            policy.setFileNamePattern(abs + ".%i");
            policy.setMinIndex(1);
            policy.setMaxIndex(count);
            var trigger = new SizeBasedTriggeringPolicy<ILoggingEvent>();
            trigger.setContext(ctx);
            trigger.setMaxFileSize(new FileSize(size));
            // as Python's RotatingFileHandler, look at the size on every line (logback's default: once a minute)
            trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(0));
            rolling.setRollingPolicy(policy);
            rolling.setTriggeringPolicy(trigger);
            app = rolling;
            app.setContext(ctx);
            app.setFile(abs.toString());
            policy.start();
            trigger.start();
        } else {
            app = new FileAppender<>();
            app.setContext(ctx);
            app.setFile(abs.toString());
        }
        app.setName("file");
        app.setAppend(true);
        app.setEncoder(encoder(ctx, FILE_PATTERN));
        app.start();
        if (!app.isStarted()) {
            throw new L4jException("logfile " + file + ": cannot be opened for writing; check permissions or "
                    + "change logfile");
        }
        return app;
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx, String pattern) {
        var enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern(pattern);
        enc.start();
        return enc;
    }
}
