package org.londiste4j.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Real PostgreSQL servers of several major versions in one JVM, one shared server per major, started on
 * first use and stopped when the JVM exits. Tests get their own database on it ({@link TestDb}).
 *
 * <p>Each zonky binaries jar holds one entry of the same name, so they are copied aside by Maven
 * ({@code target/pg-binaries/pg-<major>.jar}) and opened here one per server (TESTING.md section 2).
 */
public final class PgServers {
    private static final Map<String, EmbeddedPostgres> SHARED = new ConcurrentHashMap<>();
    private static final AtomicInteger SEQ = new AtomicInteger();

    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private PgServers() {
    }

    /** The majors this test run covers: {@code -Dpg.versions=9.6,18} (the default), or the whole matrix. */
    public static List<String> versions() {
        String prop = System.getProperty("pg.versions", "9.6,18");
        List<String> out = new ArrayList<>();
        for (String v : prop.split(",")) {
            if (!v.isBlank()) {
                out.add(v.trim());
            }
        }
        return out;
    }

    /** The oldest and the newest major of this run, for tests that need one server of each. */
    public static String oldest() {
        return versions().get(0);
    }

    public static String newest() {
        List<String> v = versions();
        return v.get(v.size() - 1);
    }

    /** The shared server of one major, started on first use. */
    public static EmbeddedPostgres shared(String major) {
        return SHARED.computeIfAbsent(major, m -> {
            EmbeddedPostgres pg = start(m, Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(pg), "pg-stop-" + m));
            return pg;
        });
    }

    /**
     * A server of its own, for tests that stop, restart or break it. The caller closes it.
     * {@code dataDir} may be null for a fresh temporary one; a given one that already holds a cluster is reused.
     */
    public static EmbeddedPostgres start(String major, Map<String, String> conf) {
        return start(major, conf, null, 0);
    }

    public static EmbeddedPostgres start(String major, Map<String, String> conf, Path dataDir, int port) {
        try {
            Path work = workDir();
            Path data = dataDir != null ? dataDir
                    : work.resolve("data").resolve("pg" + major + "-" + ProcessHandle.current().pid() + "-"
                    + SEQ.incrementAndGet());
            boolean reuse = Files.exists(data.resolve("postgresql.conf"));
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(resolverFor(major))
                    .setOverrideWorkingDirectory(work.toFile())
                    .setDataDirectory(data)
                    .setCleanDataDirectory(!reuse)
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_wal_senders", "4")
                    .setServerConfig("max_replication_slots", "4")
                    .setDataDirectoryCustomizer(PgServers::allowReplication);
            if (port > 0) {
                b.setPort(port);
            }
            conf.forEach(b::setServerConfig);
            return b.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL " + major, e);
        }
    }

    static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException | RuntimeException e) {
            // the JVM is going away; nothing to report to
        }
    }

    private static Path workDir() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "londiste4j-pg");
        Files.createDirectories(dir);
        if (SWEPT.compareAndSet(false, true)) {
            sweepDeadDataDirs(dir.resolve("data"));
        }
        return dir;
    }

    /**
     * Removes the data folders of test JVMs that are gone ({@code pg<major>-<pid>-<n>} whose process no longer
     * runs): a JVM killed before its shutdown hooks leaves its clusters behind, a few hundred MB each. Folders
     * of JVMs still running (other builds on this machine) are left alone.
     */
    private static void sweepDeadDataDirs(Path data) {
        if (!Files.isDirectory(data)) {
            return;
        }
        try (var dirs = Files.list(data)) {
            dirs.forEach(d -> {
                String[] parts = d.getFileName().toString().split("-");
                if (parts.length != 3 || !parts[0].startsWith("pg")) {
                    return;
                }
                try {
                    if (!alive(Long.parseLong(parts[1])) && !serverRunsIn(d)) {
                        deleteTree(d);
                    }
                } catch (NumberFormatException | IOException | java.io.UncheckedIOException e) {
                    // not ours, busy, or swept by another test JVM at the same moment: leave it
                }
            });
        } catch (IOException e) {
            // nothing to sweep
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** A postmaster outlived its JVM and still runs in {@code d} (its pid file's first line is a live process). */
    private static boolean serverRunsIn(Path d) throws IOException {
        Path pidFile = d.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return false;
        }
        List<String> lines = Files.readAllLines(pidFile);
        return !lines.isEmpty() && alive(Long.parseLong(lines.get(0).trim()));
    }

    private static void deleteTree(Path d) throws IOException {
        try (var all = Files.walk(d)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void allowReplication(java.io.File dataDir) {
        // 10+ initdb already allows replication from localhost; 9.6 does not
        Path hba = dataDir.toPath().resolve("pg_hba.conf");
        try {
            Files.writeString(hba, "\nhost replication all 127.0.0.1/32 trust\nhost replication all ::1/128 trust\n",
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the copied binaries jars are: {@code -Dpg.binaries.dir}, else {@code target/pg-binaries} above cwd. */
    static Path binariesDir() {
        String prop = System.getProperty("pg.binaries.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path cand = p.resolve("target/pg-binaries");
            if (Files.isDirectory(cand)) {
                return cand;
            }
        }
        throw new IllegalStateException(
                "PostgreSQL binaries not found: set -Dpg.binaries.dir or run 'mvn generate-resources'");
    }

    private static PgBinaryResolver resolverFor(String major) {
        Path jar = binariesDir().resolve("pg-" + major + ".jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no binaries for PostgreSQL " + major + " at " + jar + "; known majors: "
                    + Arrays.toString(binariesDir().toFile().list()));
        }
        return (system, arch) -> {
            try (ZipFile z = new ZipFile(jar.toFile())) {
                ZipEntry e = z.getEntry("postgres-" + system.toLowerCase() + "-" + arch + ".txz");
                return new ByteArrayInputStream(z.getInputStream(e).readAllBytes());
            }
        };
    }
}
