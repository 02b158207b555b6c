package org.londiste4j.londiste;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.schema.InstalledSchema;
import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The script {@code londiste4j sql londiste} prints, applied by hand with {@code psql -v ON_ERROR_STOP=1 -f} over
 * pgq and pgq_node, installs the schema; applied again over a node in use it keeps the registrations, the
 * triggers and the registry's own trigger; without pgq_node it stops at once and changes nothing.
 */
class LondistePrintedScriptIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void installsAndReappliesThroughPsql(String major) throws Exception {
        Assumptions.assumeTrue(OurStack.available(), OurStack.WHY_NOT);
        Assumptions.assumeTrue(psqlFound(), "psql not found on PATH: install postgresql-client (.ci/install-deps)");
        TestDb db = TestDb.create(major, "londiste_byhand");
        Path script = Files.createTempFile("londiste-", ".sql");
        Files.writeString(script, SchemaInstaller.script("londiste"), StandardCharsets.UTF_8);
        try {
            try (Connection c = db.connect()) {
                SchemaInstaller.install(c, "pgq");
            }
            String refused = psql(db, script, 3);
            assertTrue(refused.contains("the pgq_node schema is not installed; install pgq_node first"), refused);
            try (Connection c = db.connect()) {
                assertEquals(InstalledSchema.Kind.ABSENT, SchemaInstaller.detect(c, "londiste").kind());
                SchemaInstaller.install(c, "pgq_node");
            }
            psql(db, script, 0);
            try (Connection c = db.connect()) {
                LondisteApi api = new LondisteApi(c);
                assertEquals("3.8-londiste4j." + SchemaInstaller.revision("londiste"), api.version());
                LondisteApiIT.exec(c, "select * from pgq_node.register_location('q', 'n1', 'dbname=n1', false)",
                        "select * from pgq_node.create_node('q', 'root', 'n1', 'w1', null, null, null)",
                        "create table t1 (id int primary key)");
                api.localAddTable("q", "t1");
            }
            psql(db, script, 0);
            try (Connection c = db.connect()) {
                LondisteApi api = new LondisteApi(c);
                assertEquals("public.t1", api.getTableList("q").get(0).tableName());
                assertEquals("3", LondisteApiIT.scalar(c, "select count(*) from pg_trigger where tgname in"
                        + " ('_londiste_q', '_londiste_q_truncate', 'table_info_trigger_sync')"));
                assertEquals(InstalledSchema.Kind.LONDISTE4J, SchemaInstaller.detect(c, "londiste").kind());
            }
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static String psql(TestDb db, Path script, int expectedExit) throws Exception {
        Process p = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "localhost", "-p",
                Integer.toString(db.port()), "-U", "postgres", "-d", db.name(), "-f", script.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "psql did not finish");
        assertEquals(expectedExit, p.exitValue(), out);
        if (expectedExit == 0) {
            assertFalse(out.contains("ERROR"), out);
        }
        return out;
    }

    private static boolean psqlFound() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "psql"))) {
                return true;
            }
        }
        return false;
    }
}
