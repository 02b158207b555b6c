package org.londiste4j.cli.londiste;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The walkthrough's commands as a user types them, each a process of {@code bin/londiste3} and {@code bin/pgqd}:
 * pgqd and both workers started with {@code -d} and stopped with {@code -s}, tables added with {@code --all},
 * the initial copy, later changes, {@code status} and {@code compare}; root and leaf on different majors.
 */
class WalkthroughProcessIT {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static List<Arguments> pairs() {
        return List.of(Arguments.of(PgServers.oldest(), PgServers.newest()),
                Arguments.of(PgServers.newest(), PgServers.oldest()));
    }

    static Path bin(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path cand = p.resolve("bin/" + name);
            if (Files.isExecutable(cand) && Files.isDirectory(p.resolve("londiste4j-cli/target/lib"))) {
                return cand;
            }
        }
        throw new IllegalStateException("bin/" + name + " with a built londiste4j-cli/target/lib not found; run mvn "
                + "package");
    }

    Result run(String program, String... args) throws Exception {
        return run(dir, program, args);
    }

    /** Runs {@code bin/PROGRAM ARGS} in {@code dir}, its output kept in files there; at most two minutes. */
    static Result run(Path dir, String program, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin(program).toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("did not return: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** pgqd and the walkthrough's first steps: the root and a leaf created, both workers running as daemons. */
    static void startRootAndLeaf(Path dir, Path tickerIni, Londiste3.Node master, Londiste3.Node slave)
            throws Exception {
        assertEquals(0, run(dir, "pgqd", "-d", tickerIni.toString()).code());
        ok(run(dir, "londiste3", master.ini().toString(), "create-root", "master", master.connstr()));
        ok(run(dir, "londiste3", "-d", master.ini().toString(), "worker"));
        ok(run(dir, "londiste3", slave.ini().toString(), "create-leaf", "slave", slave.connstr(),
                "--provider=" + master.connstr()));
        ok(run(dir, "londiste3", "-d", slave.ini().toString(), "worker"));
    }

    static void ok(Result r) {
        assertEquals(0, r.code(), r.out() + r.err());
    }

    static void await(String what, Duration max, BooleanSupplier ok) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    static List<String> q(Londiste3.Node n, String sql) {
        try {
            return n.column(sql);
        } catch (Exception e) {
            return List.of("error: " + e.getMessage());
        }
    }

    /** Ends, at once, every daemon whose pidfile is still in {@code pidDir} (after a failed -s, or at JVM exit). */
    static void killDaemons(Path pidDir) {
        try (var files = Files.list(pidDir)) {
            files.filter(f -> f.toString().endsWith(".pid")).forEach(f -> {
                try {
                    long pid = Long.parseLong(Files.readString(f).strip());
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                } catch (Exception e) {
                    // a pidfile being removed right now: its daemon is going anyway
                }
            });
        } catch (java.io.IOException e) {
            // no pid folder: nothing was started
        }
    }

    @ParameterizedTest(name = "root on {0}, leaf on {1}")
    @MethodSource("pairs")
    void walkthroughWithDaemons(String rootMajor, String leafMajor) throws Exception {
        TestDb src = TestDb.create(rootMajor, "myapp");
        TestDb dst = TestDb.create(leafMajor, "myapp");
        var master = Londiste3.node(dir, "master", "myappq", src.connstr(), src.jdbcUrl());
        var slave = Londiste3.node(dir, "slave", "myappq", dst.connstr(), dst.jdbcUrl());
        String ddl = "create table public.accounts (id int primary key, balance numeric, note text)";
        master.sql(ddl, "insert into public.accounts select g, g * 1.5, 'n' || g from generate_series(1, 500) g",
                "create sequence public.ids start 1000");
        slave.sql(ddl, "create sequence public.ids start 1");
        Path ticker = dir.resolve("ticker.ini");
        Files.writeString(ticker, "[pgqd]\nbase_connstr = host=localhost port=" + src.port() + " user=postgres\n"
                + "database_list = " + src.name() + "\nlogfile = " + dir + "/log/pgqd.log\npidfile = " + dir
                + "/pid/pgqd.pid\n");
        // if this JVM is ended before the finally block, the daemons must not outlive it crash-looping
        Thread reaper = new Thread(() -> killDaemons(dir.resolve("pid")), "walkthrough-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        assertEquals(0, run("pgqd", "-d", ticker.toString()).code());
        try {
            var r = run("londiste3", master.ini().toString(), "create-root", "master", master.connstr());
            assertEquals(0, r.code(), r.err());
            assertEquals(0, run("londiste3", "-d", master.ini().toString(), "worker").code());
            r = run("londiste3", slave.ini().toString(), "create-leaf", "slave", slave.connstr(),
                    "--provider=" + master.connstr());
            assertEquals(0, r.code(), r.err());
            r = run("londiste3", "-d", slave.ini().toString(), "worker");
            assertEquals(0, r.code(), r.err());
            ok(run("londiste3", master.ini().toString(), "add-table", "--all"));
            ok(run("londiste3", master.ini().toString(), "add-seq", "--all"));
            ok(run("londiste3", slave.ini().toString(), "add-table", "--all"));
            ok(run("londiste3", slave.ini().toString(), "add-seq", "--all"));
            await("the copy", Duration.ofSeconds(90), () -> q(slave,
                    "select merge_state from londiste.get_table_list('myappq') where local").equals(List.of("ok")));
            ok(run("londiste3", slave.ini().toString(), "resync", "--all"));
            await("the copy after resync", Duration.ofSeconds(90), () -> q(slave,
                    "select merge_state from londiste.get_table_list('myappq') where local").equals(List.of("ok")));
            master.sql("insert into public.accounts values (501, 1, 'later')",
                    "update public.accounts set balance = 0 where id = 1");
            await("the later changes", Duration.ofSeconds(60), () -> q(slave,
                    "select count(*)::text from public.accounts").equals(List.of("501"))
                    && q(slave, "select balance::text from public.accounts where id = 1").equals(List.of("0")));
            var st = run("londiste3", slave.ini().toString(), "status");
            assertEquals(0, st.code(), st.err());
            assertTrue(st.out().contains("+--: slave (leaf)"), st.out());
            assertTrue(st.out().contains("Tables: 1/0/0"), st.out());
            var cmp = run("londiste3", slave.ini().toString(), "compare");
            assertEquals(0, cmp.code(), cmp.out() + cmp.err());
            assertTrue(cmp.out().contains("public.accounts: ok"), cmp.out());
        } finally {
            run("londiste3", slave.ini().toString(), "worker", "-s");
            run("londiste3", master.ini().toString(), "worker", "-s");
            run("pgqd", "-s", ticker.toString());
            killDaemons(dir.resolve("pid"));
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
        assertFalse(Files.exists(dir.resolve("pid/slave.pid")), "the slave worker is gone");
        assertFalse(Files.exists(dir.resolve("pid/master.pid")), "the master worker is gone");
        assertTrue(slave.log().contains("Node \"slave\" initialized for queue \"myappq\" with type \"leaf\""));
    }
}
