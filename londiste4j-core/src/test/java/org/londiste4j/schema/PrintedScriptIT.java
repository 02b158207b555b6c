package org.londiste4j.schema;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.schema.SchemaInstallerIT.scalar;

/**
 * The script {@code londiste4j sql pgq} prints, applied by hand as a DBA under change control would
 * ({@code psql -v ON_ERROR_STOP=1 -f}), installs the schema, and applied again over a database in use keeps its
 * queues and events.
 */
class PrintedScriptIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldInstallAndReapplyThroughPsql(String major) throws Exception {
        Assumptions.assumeTrue(SqlRegressIT.psqlFound(),
                "psql not found on PATH: install postgresql-client (.ci/install-deps)");
        TestDb db = TestDb.create(major, "byhand");
        Path script = Files.createTempFile("pgq-", ".sql");
        Files.writeString(script, SchemaInstaller.script("pgq"), StandardCharsets.UTF_8);
        try {
            assertEquals(0, psql(db, script), "first run");
            try (Connection c = db.connect()) {
                assertEquals("3.5-londiste4j." + SchemaInstaller.revision("pgq"), scalar(c, "select pgq.version()"));
                scalar(c, "select pgq.create_queue('q')");
                scalar(c, "select pgq.insert_event('q', 'x', 'kept')");
            }
            assertEquals(0, psql(db, script), "second run over a queue in use");
            try (Connection c = db.connect()) {
                assertEquals("kept", scalar(c, "select ev_data from pgq.event_template"));
                assertEquals(InstalledSchema.Kind.LONDISTE4J, SchemaInstaller.detect(c, "pgq").kind());
            }
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static int psql(TestDb db, Path script) throws Exception {
        Process p = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "localhost", "-p",
                Integer.toString(db.port()), "-U", "postgres", "-d", db.name(), "-f", script.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "psql did not finish");
        assertTrue(!out.contains("ERROR"), out);
        return p.exitValue();
    }
}
