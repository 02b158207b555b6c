package org.londiste4j.londiste;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.schema.InstalledSchema;
import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.SystemPg;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * londiste4j's londiste schema against the original londiste 3.8 extension (Debian's postgresql-15-londiste-sql
 * on Debian PostgreSQL 15, {@link SystemPg}): the same walk through the API ({@link LondisteScenario}) must give
 * the same transcript, answers, states, triggers and events alike. Once on the original pgq and pgq_node with
 * our londiste on top, and once with londiste4j's whole stack (pgq with its generated capture triggers, pgq_node,
 * londiste) on each embedded version. Skipped, saying why, when the Debian packages are not installed.
 */
class OriginalLondisteIT {
    private static SystemPg pg;

    @BeforeAll
    static void start() {
        pg = SystemPg.start("pgq", "pgq_node", "londiste");
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    static List<String> versions() {
        return PgServers.versions();
    }

    @Test
    void ourLondisteOnOriginalPgqAnswersAsTheOriginal() throws Exception {
        List<String> expected = original();
        String url = pg.createDatabase("ours");
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            exec(c, "create extension pgq", "create extension pgq_node");
            assertEquals(InstalledSchema.Kind.ABSENT, SchemaInstaller.install(c, "londiste").kind());
            assertEquals("3.8-londiste4j." + SchemaInstaller.revision("londiste"), scalar(c, "select londiste.version()"));
            assertTranscript(expected, walk(c));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void ourWholeStackAnswersAsTheOriginal(String major) throws Exception {
        Assumptions.assumeTrue(OurStack.available(), OurStack.WHY_NOT);
        List<String> expected = original();
        TestDb db = TestDb.create(major, "londiste_cmp");
        try (Connection c = db.connect()) {
            OurStack.install(c);
            assertTranscript(expected, walk(c));
            // the row triggers on tables of plain columns are our generated ones, their events the same
            assertTrue(Integer.parseInt(scalar(c, "select count(*) from pg_trigger t join pg_proc p on p.oid = t.tgfoid"
                    + " where p.proname like '\\_cap\\_%'")) >= 2, "no generated capture trigger was made");
        }
    }

    @Test
    void installerLeavesAnOriginalLondisteAlone() throws Exception {
        String url = pg.createDatabase("orig_keep");
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            exec(c, "create extension pgq", "create extension pgq_node", "create extension londiste");
            assertEquals(InstalledSchema.Kind.ORIGINAL_EXTENSION, SchemaInstaller.install(c, "londiste").kind());
            assertEquals("3.8", scalar(c, "select londiste.version()"));
            assertEquals("0", scalar(c, "select count(*) from pg_class where relname = 'schema_version'"
                    + " and relnamespace = 'londiste'::regnamespace"));
            try (Statement st = c.createStatement()) {
                Exception e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        () -> st.execute(SchemaInstaller.script("londiste")));
                assertTrue(e.getMessage().contains("original londiste extension is installed"), e.getMessage());
                st.execute("rollback");
            }
        }
    }

    private static List<String> original() throws SQLException {
        String url = pg.createDatabase("orig");
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            exec(c, "create extension pgq", "create extension pgq_node", "create extension londiste");
            return walk(c);
        }
    }

    private static List<String> walk(Connection c) throws SQLException {
        List<String> out = new ArrayList<>(new LondisteScenario(c).root());
        out.add("---- leaf");
        out.addAll(new LondisteScenario(c).leaf());
        return out;
    }

    /** Compares line by line; both transcripts are kept in target/transcripts for review. */
    static void assertTranscript(List<String> expected, List<String> actual) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target/transcripts");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.write(dir.resolve("original.txt"), expected);
        java.nio.file.Files.write(dir.resolve("londiste4j-" + SEQ.incrementAndGet() + ".txt"), actual);
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    private static final java.util.concurrent.atomic.AtomicInteger SEQ = new java.util.concurrent.atomic.AtomicInteger();

    static void exec(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
