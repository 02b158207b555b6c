package org.londiste4j.daemon;

import org.londiste4j.L4jException;
import org.londiste4j.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code -s}, {@code -k} and {@code -r}: read the daemon's pidfile, send it SIGINT (graceful stop), SIGTERM
 * (prompt exit) or SIGHUP (reload), and for the first two wait until the process is gone, so that a script can
 * start a new instance right after. Missing pidfile and dead process are said plainly, never as a stack trace.
 */
public final class DaemonControl {
    /** What to ask of the running daemon. */
    public enum Action {
        STOP("INT", "stopped"), KILL("TERM", "killed"), RELOAD("HUP", "asked to reload its config");

        final String signal;
        final String done;

        Action(String signal, String done) {
            this.signal = signal;
            this.done = done;
        }
    }

    private DaemonControl() {
    }

    /**
     * Signals the process named in {@code pidfile} and, for STOP and KILL, waits for it to go.
     *
     * @param pidfile null when the config has none (a config error: exit 2)
     * @return a line saying what happened, e.g. {@code pgqd (pid 1234) stopped}
     * @throws L4jException when there is no pidfile or no process, or it outlives {@code wait}; the message does
     *                      not repeat the program name, which the command line puts before it
     */
    public static String send(String program, Path pidfile, Action action, Duration wait) {
        if (pidfile == null) {
            throw new ConfigException("no pidfile in the config; -s, -k and -r find the daemon through it: set "
                    + "pidfile");
        }
        Optional<Long> pid = PidFile.read(pidfile);
        if (pid.isEmpty()) {
            throw new L4jException("not running: " + (Files.exists(pidfile) ? "pidfile " + pidfile
                    + " holds no pid" : "no pidfile " + pidfile));
        }
        long p = pid.get();
        if (!PidFile.alive(p)) {
            throw new L4jException("not running: process " + p + " of pidfile " + pidfile
                    + " is gone; remove the stale pidfile");
        }
        kill(action.signal, p);
        if (action == Action.RELOAD) {
            return program + " (pid " + p + ") " + action.done;
        }
        if (!awaitExit(p, wait)) {
            throw new L4jException("process " + p + " still runs " + wait.toSeconds() + " s after SIG"
                    + action.signal + (action == Action.STOP ? "; it may be finishing a batch; -k stops it at once"
                    : "; kill -9 " + p + " if it hangs"));
        }
        return program + " (pid " + p + ") " + action.done;
    }

    static void kill(String signal, long pid) {
        try {
            var proc = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes()).strip();
            if (!proc.waitFor(10, TimeUnit.SECONDS) || proc.exitValue() != 0) {
                throw new L4jException("process " + pid + ": cannot send SIG" + signal + ": " + out);
            }
        } catch (IOException e) {
            throw new L4jException("process " + pid + ": cannot run kill: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new L4jException("process " + pid + ": interrupted while sending SIG" + signal, e);
        }
    }

    /** Polls until the process has gone or the time is up. */
    static boolean awaitExit(long pid, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (PidFile.alive(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !PidFile.alive(pid);
            }
        }
        return true;
    }
}
