package org.londiste4j.daemon;

import org.londiste4j.L4jException;
import org.londiste4j.config.ConfigException;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code -d}: run the daemon in the background. Java cannot fork, so the same java, JVM options, class path, main
 * class and arguments are started again as a detached child ({@code setsid} when available, stdin from
 * {@code /dev/null}, stdout discarded, stderr kept in a start-up file). The child knows it is the child by
 * {@link #CHILD_ENV} and writes the pidfile once it is running.
 *
 * <p>The parent returns once the pidfile names a live child (the daemon is up), or fails with the child's last
 * error line and exit code when it ended before that (bad config, database refused): the user sees the error in
 * the terminal, not only in a log.
 */
public final class Daemonizer {
    /** Set in the child's environment; its value is the parent's pid. */
    public static final String CHILD_ENV = "LONDISTE4J_DAEMON_CHILD";

    /** How the start went. */
    public record Started(long pid, int exitCode, String errorLine) {
        public boolean up() {
            return exitCode < 0;
        }
    }

    private Daemonizer() {
    }

    /** True in the re-launched child: do not daemonize again, do not log to the console. */
    public static boolean isChild() {
        return System.getenv(CHILD_ENV) != null;
    }

    /** The command line that runs {@code mainClass} with {@code args} in a JVM like this one. */
    public static List<String> javaCommand(String mainClass, List<String> args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        var cmd = new ArrayList<String>();
        cmd.add(java);
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // a debugger agent would make the child fight the parent for the debug port
            if (!a.startsWith("-agentlib:jdwp")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Starts {@code command} detached and waits until it has written {@code pidfile}.
     *
     * @param command as {@link #javaCommand}
     * @param pidfile the file the child writes; required
     * @param timeout how long the child may take to come up
     */
    public static Started start(List<String> command, Path pidfile, Duration timeout) {
        if (pidfile == null) {
            throw new ConfigException("-d needs a pidfile: set pidfile in the config, e.g. pidfile = "
                    + "~/pid/%(job_name)s.pid");
        }
        Path startLog;
        try {
            startLog = Files.createTempFile("londiste4j-start-", ".log");
        } catch (IOException e) {
            throw new L4jException("daemon: cannot create a start-up file in " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage(), e);
        }
        var cmd = new ArrayList<String>();
        if (envResetsSignals()) {
            // a parent started with nohup or '&' ignores HUP/INT and the JVM could not undo that in the child
            cmd.addAll(List.of(ENV, "--default-signal=HUP,INT,TERM"));
        }
        if (new File("/usr/bin/setsid").canExecute()) {
            // a session of its own: the terminal's hang-up and Ctrl-C do not reach the daemon
            cmd.add("/usr/bin/setsid");
        }
        cmd.addAll(command);
        var pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(startLog.toFile()));
        pb.environment().put(CHILD_ENV, Long.toString(ProcessHandle.current().pid()));
        Process child;
        try {
            child = pb.start();
        } catch (IOException e) {
            throw new L4jException("daemon: cannot start " + cmd.get(0) + ": " + e.getMessage(), e);
        }
        try {
            return await(child, pidfile, startLog, timeout);
        } finally {
            try {
                Files.deleteIfExists(startLog);
            } catch (IOException e) {
                startLog.toFile().deleteOnExit();
            }
        }
    }

    private static Started await(Process child, Path pidfile, Path startLog, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var pid = PidFile.read(pidfile);
            if (pid.isPresent() && pid.get() == child.pid() && child.isAlive()) {
                return new Started(child.pid(), -1, "");
            }
            if (!child.isAlive()) {
                return new Started(child.pid(), child.exitValue(), lastLine(startLog));
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        child.destroy();
        return new Started(child.pid(), 1, "daemon did not write pidfile " + pidfile + " within "
                + timeout.toSeconds() + " s; it was stopped" + suffix(lastLine(startLog)));
    }

    private static String suffix(String line) {
        return line.isEmpty() ? "" : ": " + line;
    }

    private static final String ENV = "/usr/bin/env";
    private static volatile Boolean envResets;

    /** True when {@code env --default-signal} (GNU coreutils 8.31+) is there. */
    static boolean envResetsSignals() {
        Boolean known = envResets;
        if (known == null) {
            known = false;
            if (new File(ENV).canExecute()) {
                try {
                    var p = new ProcessBuilder(ENV, "--default-signal=INT", "true")
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    known = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
                } catch (IOException e) {
                    known = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            envResets = known;
        }
        return known;
    }

    static String lastLine(Path file) {
        try {
            var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }
}
