package org.londiste4j.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.SystemPg;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.schema.SchemaInstallerIT.scalar;

/**
 * A database with the original Skytools pgq is used as it is: neither the installer nor the printed script writes
 * over it.
 */
class OriginalSchemaIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @Test
    void shouldLeaveTheOriginalExtensionAlone() throws Exception {
        try (SystemPg pg = SystemPg.start("pgq");
             Connection c = DriverManager.getConnection(pg.createDatabase("orig"), "postgres", "")) {
            try (Statement st = c.createStatement()) {
                st.execute("create extension pgq");
                st.execute("select pgq.create_queue('q')");
            }
            String version = scalar(c, "select pgq.version()");
            String functions = scalar(c, "select count(*) from pg_proc where pronamespace = 'pgq'::regnamespace");

            InstalledSchema found = SchemaInstaller.install(c, "pgq");
            assertEquals(InstalledSchema.Kind.ORIGINAL_EXTENSION, found.kind());
            assertEquals(version, found.version());
            assertUnchanged(c, version, functions);

            // the script a DBA applies by hand refuses too, and rolls back whole
            try (Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(SchemaInstaller.script("pgq")));
                assertTrue(e.getMessage().contains("the original pgq extension is installed"), e.getMessage());
                st.execute("rollback");
            }
            assertUnchanged(c, version, functions);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldLeaveAnOriginalPlainSqlInstallAlone(String major) throws Exception {
        TestDb db = TestDb.create(major, "plain");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            // the shape of pgq_pl_only.sql as far as detection goes: a pgq schema with pgq.version(), no extension
            st.execute("create schema pgq");
            st.execute("create table pgq.queue (queue_id serial primary key, queue_name text)");
            st.execute("create function pgq.version() returns text as $$ select '3.2.6'::text $$ language sql");
            InstalledSchema found = SchemaInstaller.install(c, "pgq");
            assertEquals(InstalledSchema.Kind.ORIGINAL_PLAIN, found.kind());
            assertUnchanged(c, "3.2.6", "1");
        }
    }

    private static void assertUnchanged(Connection c, String version, String functions) throws Exception {
        assertEquals(version, scalar(c, "select pgq.version()"));
        assertEquals(functions, scalar(c, "select count(*) from pg_proc where pronamespace = 'pgq'::regnamespace"));
        assertEquals("f", scalar(c, "select to_regclass('pgq.schema_version') is not null"));
    }
}
