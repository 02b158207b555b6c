package org.londiste4j.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throw-away cluster of the machine's Debian PostgreSQL 15 ({@code /usr/lib/postgresql/15/bin}), the server the
 * original Skytools packages (postgresql-15-pgq3, ...) install into: the reference oracle for comparing londiste4j
 * with the original (TESTING.md section 6). Not a zonky server: Debian's binaries and extensions are not
 * relocatable, so this is initdb + pg_ctl in a temporary directory, each tool under {@code unshare -U} as root
 * (PostgreSQL refuses to run as root; zonky does the same).
 *
 * <p>When the packages are absent the calling test is skipped with an explicit reason (a JUnit assumption),
 * never silently; {@code .ci/install-deps} installs them.
 */
public final class SystemPg implements AutoCloseable {
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final Path EXTENSIONS = Path.of("/usr/share/postgresql/15/extension");
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final Path dir;
    private final int port;

    private SystemPg(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts a fresh cluster, after assuming the server and the given extensions are installed.
     *
     * @param extensions control file names without {@code .control}, e.g. {@code "pgq"}
     */
    public static SystemPg start(String... extensions) {
        Assumptions.assumeTrue(Files.isExecutable(BIN.resolve("postgres")),
                "Debian PostgreSQL 15 is not installed at " + BIN + ": run .ci/install-deps");
        for (String ext : extensions) {
            Assumptions.assumeTrue(Files.exists(EXTENSIONS.resolve(ext + ".control")),
                    "extension " + ext + " is not installed for Debian PostgreSQL 15: run .ci/install-deps");
        }
        try {
            Path dir = Files.createTempDirectory("londiste4j-syspg-");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            SystemPg pg = new SystemPg(dir, port);
            pg.run("initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "-D", pg.data().toString());
            pg.run("pg_ctl", "-D", pg.data().toString(), "-l", dir.resolve("server.log").toString(), "-w", "-o",
                    "-p " + port + " -k '' -c listen_addresses=localhost -c fsync=off", "start");
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Debian PostgreSQL 15", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Debian PostgreSQL 15", e);
        }
    }

    /** Creates database {@code <prefix>_<n>} and returns its JDBC URL. */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + SEQ.incrementAndGet()).toLowerCase();
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on Debian PostgreSQL 15", e);
        }
        return url(name);
    }

    public int port() {
        return port;
    }

    public String url(String db) {
        return "jdbc:postgresql://localhost:" + port + "/" + db;
    }

    private Path data() {
        return dir.resolve("data");
    }

    @Override
    public void close() {
        try {
            run("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "stop");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp directory is harmless
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
        Path out = dir.resolve(tool + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(tool + " failed: " + Files.readString(out));
        }
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }
}
