package org.londiste4j.schema;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden SQL tests of the PL/pgSQL API, in the form of the original's regression suite: each
 * {@code regress/<schema>/sql/NAME.sql} runs through {@code psql -X -a -q} against a fresh database that has
 * the schemas installed, and its output must equal {@code expected/NAME.out}. The output of a run is kept in
 * {@code target/regress/<major>/NAME.out} so that a new or changed expectation can be reviewed and copied.
 */
class SqlRegressIT {
    private static final Path REGRESS = Path.of("../londiste4j-sql/src/test/resources/regress");
    private static final List<String> SCHEMAS = List.of("pgq", "pgq_node", "londiste");

    @TestFactory
    Stream<DynamicTest> goldenScripts() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String schema : SCHEMAS) {
            Path dir = REGRESS.resolve(schema).resolve("sql");
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path script : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                    for (String major : PgServers.versions()) {
                        tests.add(DynamicTest.dynamicTest(
                                schema + "/" + script.getFileName() + " on PostgreSQL " + major,
                                () -> run(schema, script, major)));
                    }
                }
            }
        }
        return tests.stream();
    }

    private void run(String schema, Path script, String major) throws Exception {
        Assumptions.assumeTrue(psqlFound(), "psql not found on PATH: install postgresql-client (.ci/install-deps)");
        // a script whose first line reads "-- needs PostgreSQL N" runs on N and later only (partitioned tables)
        var needs = java.util.regex.Pattern.compile("^-- needs PostgreSQL (\\d+)")
                .matcher(Files.readString(script, StandardCharsets.UTF_8));
        Assumptions.assumeTrue(!needs.find() || Integer.parseInt(major.split("\\.")[0])
                >= Integer.parseInt(needs.group(1)), script.getFileName() + " needs a later PostgreSQL than " + major);
        TestDb db = TestDb.create(major, "regress");
        try (Connection c = db.connect()) {
            // only the schema under test and those it needs: pgq.maint_operations() lists londiste's
            // maintenance when that schema is there, which would change pgq's own golden output
            for (String s : SchemaInstaller.requires(schema)) {
                SchemaInstaller.install(c, s);
            }
            SchemaInstaller.install(c, schema);
        }
        String name = script.getFileName().toString().replaceFirst("\\.sql$", "");
        Path result = Path.of("target/regress", major, schema, name + ".out");
        Files.createDirectories(result.getParent());
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-a", "-q", "-h", "localhost", "-p",
                Integer.toString(db.port()), "-U", "postgres", "-d", db.name(),
                "-f", script.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(result.toFile());
        pb.environment().put("PGOPTIONS",
                "-c TimeZone=UTC -c DateStyle=ISO -c extra_float_digits=0 -c client_min_messages=warning");
        pb.environment().put("PGTZ", "UTC");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "psql did not finish: " + script);
        // psql names the script file in error lines; make that independent of where the checkout lives
        String actual = Files.readString(result, StandardCharsets.UTF_8)
                .replace(script.toAbsolutePath().toString(), name + ".sql")
                .replace(script.toAbsolutePath().normalize().toString(), name + ".sql");
        Files.writeString(result, actual, StandardCharsets.UTF_8);
        Path expected = REGRESS.resolve(schema).resolve("expected").resolve(name + ".out");
        assertTrue(Files.exists(expected), "no expected output " + expected + "; review and copy " + result);
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual,
                "output of " + script + " differs from " + expected + " (actual in " + result.toAbsolutePath() + ")");
    }

    /** Whether psql is on PATH (the zonky binaries have none; Debian's client has). */
    static boolean psqlFound() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "psql"))) {
                return true;
            }
        }
        return false;
    }
}
