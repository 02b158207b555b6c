package org.londiste4j.ticker;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PostgreSQL 15 with the original Skytools {@code pgq} extension (package postgresql-15-pgq3), started
 * in a temporary directory for one test class (TESTING.md section 6): the reference pgqd must also work with.
 * As root every tool runs under {@code unshare -U}, as zonky does, because PostgreSQL refuses to run as root.
 */
final class DebianPg15 implements AutoCloseable {
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final Path PGQ_CONTROL = Path.of("/usr/share/postgresql/15/extension/pgq.control");

    private final Path dir;
    private final int port;

    private DebianPg15(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a fresh cluster; the test is skipped, saying why, when the Debian packages are not installed. */
    static DebianPg15 start() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(BIN.resolve("postgres")) && Files.exists(PGQ_CONTROL),
                "Debian postgresql-15 and postgresql-15-pgq3 are not installed: run .ci/install-deps");
        Path dir = Files.createTempDirectory("pgqd-debian15-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DebianPg15 pg = new DebianPg15(dir, port);
        pg.run("initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "-D", pg.data().toString());
        pg.run("pg_ctl", "-D", pg.data().toString(), "-l", dir.resolve("server.log").toString(), "-w", "-o",
                "-p " + port + " -k '' -c listen_addresses=localhost -c fsync=off", "start");
        return pg;
    }

    int port() {
        return port;
    }

    String url(String db) {
        return "jdbc:postgresql://localhost:" + port + "/" + db;
    }

    private Path data() {
        return dir.resolve("data");
    }

    @Override
    public void close() throws IOException {
        try {
            run("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (isRoot()) {
            cmd.add("unshare");
            cmd.add("-U");
        }
        cmd.add(BIN.resolve(tool).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(tool + ".out").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(tool + " failed: " + Files.readString(dir.resolve(tool + ".out")));
        }
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }
}
