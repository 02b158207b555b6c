package org.londiste4j.cli.demo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/londiste4j demo} end to end, as a user runs it from a shell: its own two servers (9.6 and 18), the
 * walkthrough through {@code bin/}, status and compare; then nothing of it may still run. A {@code --keep} run
 * leaves servers and daemons up, and the stop command it prints ends them all.
 */
class DemoIT {
    @TempDir
    Path tmp;
    private Path demoDir;

    @AfterEach
    void killLeftovers() {
        // a failed assertion must not leave servers or daemons behind for the next test
        if (demoDir != null) {
            ours(demoDir).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void shouldRunTheWalkthroughAndStopEverything() throws Exception {
        demoDir = tmp.resolve("demo");
        Run r = run(List.of(bin("londiste4j").toString(), "demo", "--dir", demoDir.toString(), "--duration", "3"));

        assertEquals(0, r.code, r::all);
        assertTrue(r.out.contains("compare: 4 table(s) checked, no differences"), r::all);
        assertTrue(r.out.contains("Tables: 4/0/0"), r::all);
        assertTrue(r.out.contains("slave (leaf)"), r::all);
        assertTrue(r.out.contains("$ londiste3 slave.ini add-table --all --create-full"), r::all);
        assertTrue(r.out.contains("log/slave.log"), r::all);
        for (String f : List.of("ticker.ini", "master.ini", "slave.ini", "log/slave.log", "log/commands.log")) {
            assertTrue(Files.exists(demoDir.resolve(f)), f);
        }
        assertFalse(Files.readString(demoDir.resolve("slave.ini")).contains("["), "no section header, as published");
        assertTrue(Files.readString(demoDir.resolve("log/slave.log"))
                .contains("Node \"slave\" initialized for queue \"shopq\" with type \"leaf\""));
        assertNothingRuns(demoDir);
    }

    @Test
    void shouldLeaveItRunningWithKeepAndStopItAsPrinted() throws Exception {
        demoDir = tmp.resolve("kept demo");
        Run r = run(List.of(bin("londiste4j").toString(), "demo", "--keep", "--dir", demoDir.toString(),
                "--duration", "1"));
        assertEquals(0, r.code, r::all);
        assertTrue(r.out.contains("compare: 4 table(s) checked, no differences"), r::all);
        for (String pid : List.of("ticker.pid", "master.pid", "slave.pid", "writer.pid")) {
            assertTrue(Files.exists(demoDir.resolve("pid").resolve(pid)), pid + " " + r.all());
        }
        assertEquals(2, postmasters(demoDir).size(), "both servers run on");
        assertTrue(Files.readString(demoDir.resolve("log/writer.log")).contains("writer: placing orders"));

        // the same command line works a second time: the folder is taken, one clear line
        Run again = run(List.of(bin("londiste4j").toString(), "demo", "--dir", demoDir.toString()));
        assertEquals(1, again.code, again::all);
        assertTrue(again.err.contains("demo --stop --dir"), again::all);

        List<String> lines = r.out.lines().toList();
        int at = lines.indexOf("   To stop it later:");
        assertTrue(at >= 0, r::all);
        String stop = lines.get(at + 1).trim();
        Run stopped = run(List.of("sh", "-c", stop));
        assertEquals(0, stopped.code, stopped::all);
        assertTrue(stopped.out.contains("stopped (2 server(s))"), stopped::all);
        assertNothingRuns(demoDir);
    }

    @Test
    void shouldStopEverythingWhenInterrupted() throws Exception {
        demoDir = tmp.resolve("interrupted");
        Path out = tmp.resolve("interrupted.out");
        Process p = new ProcessBuilder(bin("londiste4j").toString(), "demo", "--dir", demoDir.toString(),
                "--duration", "600").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while (!Files.readString(out).contains("== 8. Live replication")) {
            assertTrue(p.isAlive() && System.nanoTime() < end, () -> "no live replication step:\n" + read(out));
            TimeUnit.MILLISECONDS.sleep(200);
        }
        assertEquals(2, postmasters(demoDir).size(), "both servers run");
        p.destroy(); // SIGTERM: the same shutdown path as Ctrl-C
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), () -> "still running after SIGTERM:\n" + read(out));
        String text = read(out);
        System.out.println(text);
        assertTrue(p.exitValue() != 0, text);
        assertTrue(text.contains("Interrupted: stopping everything the demo started"), text);
        assertFalse(text.contains("Exception"), text);
        assertNothingRuns(demoDir);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void assertNothingRuns(Path dir) throws IOException {
        List<String> left = ours(dir).stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        assertTrue(left.isEmpty(), "still running: " + left);
        try (var pids = Files.list(dir.resolve("pid"))) {
            assertEquals(List.of(), pids.toList(), "pidfiles left");
        }
        assertFalse(Files.exists(dir.resolve(Demo.STATE_FILE)));
        assertFalse(Files.exists(dir.resolve("data")), "the servers' data folders are removed");
    }

    /** The demo's postmasters, daemons and anything else started in its folder that still runs. */
    private static List<ProcessHandle> ours(Path dir) {
        List<ProcessHandle> out = new ArrayList<>(postmasters(dir));
        ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid()).forEach(p -> {
            try {
                Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"));
                if (cwd.startsWith(dir) && p.isAlive()) {
                    out.add(p);
                }
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // gone meanwhile, or not ours to look at
            }
        });
        return out;
    }

    private static List<ProcessHandle> postmasters(Path dir) {
        List<ProcessHandle> out = new ArrayList<>();
        try (var data = Files.list(dir.resolve("data"))) {
            data.forEach(d -> DemoServer.postmaster(d).ifPresent(out::add));
        } catch (IOException e) {
            // no data folder: no server
        }
        return out;
    }

    record Run(int code, String out, String err) {
        String all() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Run run(List<String> cmd) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.destroy(); // as Ctrl-C would: the demo stops what it started
            p.waitFor(2, TimeUnit.MINUTES);
            throw new AssertionError("did not return within 8 minutes: " + cmd + "\n" + Files.readString(out)
                    + Files.readString(err));
        }
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        System.out.println(r.all());
        return r;
    }

    /** {@code bin/<name>} of the checkout, with a built {@code londiste4j-cli/target/lib}. */
    private static Path bin(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path cand = p.resolve("bin").resolve(name);
            if (Files.isExecutable(cand) && Files.isDirectory(p.resolve("londiste4j-cli/target/lib/pg"))) {
                return cand;
            }
        }
        throw new IllegalStateException("bin/" + name + " with a built londiste4j-cli/target/lib/pg not found above "
                + Path.of("").toAbsolutePath() + "; run mvn package");
    }
}
