package org.londiste4j.cli.demo;

import org.londiste4j.L4jException;
import org.londiste4j.cli.ExitCodes;
import org.londiste4j.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/**
 * {@code londiste4j demo}: the upgrade walkthrough of SPEC.md section 1 on two embedded servers, 9.6 to 18, with
 * the real launchers (see {@link Demo}); {@code --stop} ends a demo that {@code --keep} left running.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, description = {
        "Run the upgrade walkthrough on your machine: two embedded PostgreSQL servers (9.6 as the old one,",
        "18 as the new one), a small shop with a live writer, pgqd and londiste3 started as daemons through",
        "bin/, the initial copy, status and compare. Everything it writes (ini files, logs, data) goes into",
        "one folder; Ctrl-C or the end of the run stops it all, unless --keep."},
        footer = {"", "Examples:", "  londiste4j demo                      # about a minute, then everything stops",
                "  londiste4j demo --keep --dir mydemo  # leave it running to play with",
                "  londiste4j demo --stop --dir mydemo  # stop what --keep left running"})
public final class DemoCommand implements Callable<Integer> {
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Folder for the ini files, logs and data (default: ./londiste4j-demo-<time>).")
    Path dir;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "20",
            description = "How long the writer keeps going after the initial copy (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--keep", description = "Leave servers and daemons running at the end; prints how to stop them.")
    boolean keep;

    @Option(names = "--stop", description = "Stop the demo that --keep left running in --dir.")
    boolean stop;

    @Option(names = "--writer-port", paramLabel = "PORT", hidden = true,
            description = "Run the shop's writer against the source on PORT until stopped (what --keep leaves).")
    int writerPort;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (writerPort > 0) {
            if (dir == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--writer-port: needs --dir DIR");
            }
            return Demo.runWriter(dir.toAbsolutePath().normalize(), writerPort, out);
        }
        if (stop) {
            if (dir == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--stop: needs --dir DIR, the folder of the demo to stop");
            }
            return Demo.stopKept(dir.toAbsolutePath().normalize(), out) ? ExitCodes.OK : ExitCodes.FAILURE;
        }
        if (durationSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--duration: must not be negative");
        }
        Path folder = (dir != null ? dir : Path.of("londiste4j-demo-" + LocalDateTime.now().format(STAMP)))
                .toAbsolutePath().normalize();
        if (Files.exists(folder.resolve(Demo.STATE_FILE))) {
            throw new L4jException("demo folder " + folder + ": a demo may still run there; stop it with"
                    + " 'londiste4j demo --stop --dir " + Demo.shellQuote(folder.toString())
                    + "' or choose another --dir");
        }
        return new Demo(folder, Duration.ofSeconds(durationSeconds), keep, out).run();
    }
}
