package org.londiste4j.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.londiste4j.L4jException;
import org.londiste4j.config.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pidfile life cycle and the -s/-k/-r messages when nothing runs. */
class PidFileTest {
    @TempDir
    Path tmp;

    @Test
    void shouldCreateFoldersWritePidAndRemoveOnClose() {
        Path p = tmp.resolve("a/b/job.pid");
        try (var pf = PidFile.acquire(p)) {
            assertEquals(Optional.of(ProcessHandle.current().pid()), PidFile.read(p));
            assertEquals(pf.pid(), ProcessHandle.current().pid());
        }
        assertFalse(Files.exists(p));
    }

    @Test
    void shouldRefuseWhenALiveProcessHoldsIt() throws Exception {
        Path p = tmp.resolve("job.pid");
        var child = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(p, child.pid() + "\n");
            var e = assertThrows(L4jException.class, () -> PidFile.acquire(p));
            assertEquals("pidfile " + p + ": process " + child.pid() + " is running; stop it first (-s), or remove "
                    + "the file if that process is not this job", e.getMessage());
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void shouldTakeOverAStalePidfileButNotRemoveAnotherInstancesFile() throws Exception {
        Path p = tmp.resolve("job.pid");
        var child = new ProcessBuilder("true").start();
        child.waitFor();
        Files.writeString(p, child.pid() + "\n");
        var pf = PidFile.acquire(p);
        Files.writeString(p, "1\n"); // a newer instance wrote its own pid
        pf.close();
        assertTrue(Files.exists(p));
    }

    @Test
    void shouldSayPlainlyWhenNothingRuns() throws Exception {
        Path p = tmp.resolve("none.pid");
        var e = assertThrows(L4jException.class,
                () -> DaemonControl.send("pgqd", p, DaemonControl.Action.STOP, Duration.ofSeconds(1)));
        assertEquals("not running: no pidfile " + p, e.getMessage());
        var child = new ProcessBuilder("true").start();
        child.waitFor();
        Files.writeString(p, child.pid() + "\n");
        var gone = assertThrows(L4jException.class,
                () -> DaemonControl.send("pgqd", p, DaemonControl.Action.KILL, Duration.ofSeconds(1)));
        assertEquals("not running: process " + child.pid() + " of pidfile " + p + " is gone; remove the "
                + "stale pidfile", gone.getMessage());
        assertThrows(ConfigException.class,
                () -> DaemonControl.send("pgqd", null, DaemonControl.Action.RELOAD, Duration.ofSeconds(1)));
    }

    @Test
    void shouldStopAProcessAndWaitForIt() throws Exception {
        Path p = tmp.resolve("sleep.pid");
        var child = new ProcessBuilder("sleep", "60").start();
        Files.writeString(p, child.pid() + "\n");
        assertEquals("sleep (pid " + child.pid() + ") killed",
                DaemonControl.send("sleep", p, DaemonControl.Action.KILL, Duration.ofSeconds(10)));
        // the JVM reaps its child on a thread of its own: Process.isAlive() may lag behind the exit for a moment
        assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the process is gone");
    }
}
