package org.londiste4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.londiste4j.daemon.PidFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** -d, -r, -s, -k and the pidfile with real processes: each call is a new JVM, as from a shell. */
class DaemonProcessIT {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    Result cli(String... args) throws Exception {
        var cmd = new ArrayList<String>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), TestDaemonMain.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        var p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "command did not finish: " + cmd);
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    Path ini(String name, String body) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, body);
        return f;
    }

    @Test
    void shouldDaemonizeReloadStopAndKillThroughThePidfile() throws Exception {
        // the walkthrough's shape: no [section] line, log and pid folders that do not exist yet
        Path cfg = ini("master.ini", "logfile = " + dir + "/log/%(job_name)s.log\npidfile = " + dir
                + "/pid/%(job_name)s.pid\nloop_delay = 0.2\n");
        Path pidfile = dir.resolve("pid/master.pid");
        Path logfile = dir.resolve("log/master.log");

        var started = cli("-d", cfg.toString());
        assertEquals(0, started.code(), started.err());
        long pid = PidFile.read(pidfile).orElseThrow();
        assertTrue(PidFile.alive(pid));
        awaitTrue(() -> log(logfile).contains(" " + pid + " INFO testd master started (pid " + pid + ")"));
        assertTrue(log(logfile).matches("(?s)\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} " + pid
                + " INFO .*"), log(logfile));

        var twice = cli("-d", cfg.toString());
        assertEquals(1, twice.code());
        assertTrue(twice.err().startsWith("testd: already running as process " + pid), twice.err());

        var reload = cli(cfg.toString(), "-r");
        assertEquals(0, reload.code(), reload.err());
        assertEquals("testd (pid " + pid + ") asked to reload its config\n", reload.out());
        awaitTrue(() -> log(logfile).contains("job master: reloading config"));

        var stop = cli("-s", cfg.toString());
        assertEquals(0, stop.code(), stop.err());
        assertEquals("testd (pid " + pid + ") stopped\n", stop.out());
        assertFalse(PidFile.alive(pid));
        assertFalse(Files.exists(pidfile), "pidfile removed on exit");
        assertTrue(log(logfile).contains("testd master stopped"));

        assertEquals(0, cli("-d", cfg.toString()).code());
        long pid2 = PidFile.read(pidfile).orElseThrow();
        var kill = cli("-k", cfg.toString());
        assertEquals(0, kill.code(), kill.err());
        assertEquals("testd (pid " + pid2 + ") killed\n", kill.out());
        assertFalse(Files.exists(pidfile));

        var none = cli("-s", cfg.toString());
        assertEquals(1, none.code());
        assertEquals("testd: not running: no pidfile " + pidfile + "\n", none.err());
    }

    @Test
    void shouldReportAChildThatCannotStartInTheParentsTerminal() throws Exception {
        Path bad = ini("bad.ini", "[londiste]\npidfile = " + dir + "/bad.pid\nloop_delay = soon\n");
        var r = cli("-d", bad.toString());
        assertEquals(2, r.code());
        assertEquals("testd: --set loop_delay: 'soon' is not a number of seconds; write e.g. 30 or 0.5\n",
                cli("-d", bad.toString(), "--set", "loop_delay=soon").err());
        assertTrue(r.err().endsWith("bad.ini: key loop_delay (line 3): 'soon' is not a number of seconds; write "
                + "e.g. 30 or 0.5\n"),
                r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        Path good = ini("good.ini", "[londiste]\npidfile = " + dir + "/good.pid\n");
        var build = cli("-d", "--fail-build", good.toString());
        assertEquals(2, build.code());
        assertEquals("testd: service: cannot be built; fix the test\n", build.err());
        assertFalse(Files.exists(dir.resolve("good.pid")));

        Path nopid = ini("nopid.ini", "[londiste]\nloop_delay = 1\n");
        var n = cli("-d", nopid.toString());
        assertEquals(2, n.code());
        assertTrue(n.err().startsWith("testd: -d needs a pidfile"), n.err());

        var missing = cli(dir.resolve("nope.ini").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().endsWith("nope.ini: file not found; give the path of an ini file (--ini prints a "
                + "sample)\n"), missing.err());
    }

    @Test
    void shouldStopAForegroundJobOnSigint() throws Exception {
        Path cfg = ini("fg.ini", "[londiste]\npidfile = " + dir + "/fg.pid\nloop_delay = 0.2\n");
        var cmd = List.of("env", "--default-signal=HUP,INT,TERM", ProcessHandle.current().info().command()
                .orElseThrow(), "-cp", System.getProperty("java.class.path"), TestDaemonMain.class.getName(),
                cfg.toString());
        Path err = dir.resolve("fg.err");
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        try {
            awaitTrue(() -> PidFile.read(dir.resolve("fg.pid")).isPresent());
            awaitTrue(() -> log(err).contains("testd fg started"));
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            assertTrue(log(err).contains("got SIGINT: graceful stop"), log(err));
            assertFalse(Files.exists(dir.resolve("fg.pid")));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void shouldRunAServiceReloadItAndCloseItOnSigint() throws Exception {
        Path cfg = ini("svc.ini", "[londiste]\npidfile = " + dir + "/svc.pid\nloop_delay = 0.2\n");
        var cmd = List.of("env", "--default-signal=HUP,INT,TERM", ProcessHandle.current().info().command()
                .orElseThrow(), "-cp", System.getProperty("java.class.path"), TestDaemonMain.class.getName(),
                "--as-service", cfg.toString());
        Path out = dir.resolve("svc.out");
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            awaitTrue(() -> log(out).contains("testd svc started"));
            Files.writeString(cfg, "[londiste]\npidfile = " + dir + "/svc.pid\nloop_delay = 0.7\n");
            var reload = cli(cfg.toString(), "-r");
            assertEquals(0, reload.code(), reload.err());
            awaitTrue(() -> log(out).contains("service reloaded, loop_delay=700"));
            var stop = cli(cfg.toString(), "-s");
            assertEquals(0, stop.code(), stop.err());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            assertTrue(log(out).contains("service closed"), log(out));
            assertFalse(Files.exists(dir.resolve("svc.pid")));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void shouldWarnWhenStartedWithSigintIgnoredAndStillStopWithMinusK() throws Exception {
        Path cfg = ini("ign.ini", "[londiste]\npidfile = " + dir + "/ign.pid\nloop_delay = 0.2\n");
        // what nohup or '&' in a script does: SIGINT ignored before java starts
        String java = ProcessHandle.current().info().command().orElseThrow();
        var cmd = List.of("bash", "-c", "trap '' INT; exec env --default-signal=TERM \"$0\" \"$@\"", java, "-cp",
                System.getProperty("java.class.path"), TestDaemonMain.class.getName(), cfg.toString());
        Path out = dir.resolve("ign.out");
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            awaitTrue(() -> log(out).contains("testd ign started"));
            assertTrue(log(out).contains("SIGINT was ignored when this process started"), log(out));
            var kill = cli(cfg.toString(), "-k");
            assertEquals(0, kill.code(), kill.err());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
    }

    static String log(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static void awaitTrue(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
