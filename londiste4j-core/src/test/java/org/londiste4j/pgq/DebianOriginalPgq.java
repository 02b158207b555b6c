package org.londiste4j.pgq;

import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PostgreSQL 15 with the original C {@code pgq} extension (postgresql-15-pgq3, installed by
 * {@code .ci/install-deps}), started once per JVM for the consumer scenarios on the original and stopped at exit
 * (TESTING.md section 6). As root, each tool runs under {@code unshare -U}, as zonky does.
 *
 * <p>The ticker tests have a per-class twin ({@code ticker.DebianPg15}); both belong in the testkit.
 */
final class DebianOriginalPgq {
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final Path PGQ_CONTROL = Path.of("/usr/share/postgresql/15/extension/pgq.control");
    private static String url;

    private DebianOriginalPgq() {
    }

    /** A JDBC URL of the {@code postgres} database of the shared server; aborts the test when not installed. */
    static synchronized String url() {
        if (url != null) {
            return url;
        }
        if (!Files.isExecutable(BIN.resolve("postgres")) || !Files.exists(PGQ_CONTROL)) {
            throw new TestAbortedException("Debian postgresql-15 and postgresql-15-pgq3 are not installed"
                    + " (run .ci/install-deps) and -Dpgq.original.url is not set");
        }
        try {
            Path dir = Files.createTempDirectory("consumer-debian15-");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path data = dir.resolve("data");
            run(dir, "initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "-D", data.toString());
            run(dir, "pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-o",
                    "-p " + port + " -k '' -c listen_addresses=localhost -c fsync=off", "start");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dir, data), "debian15-stop"));
            url = "jdbc:postgresql://localhost:" + port + "/postgres";
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Path dir, Path data) {
        try {
            run(dir, "pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | InterruptedException e) {
            // the JVM is exiting; the temp dir stays behind at worst
        }
    }

    private static void run(Path dir, String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
            cmd.add("unshare");
            cmd.add("-U");
        }
        cmd.add(BIN.resolve(tool).toString());
        cmd.addAll(List.of(args));
        Path out = dir.resolve(tool + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(tool + " failed: " + Files.readString(out));
        }
    }
}
