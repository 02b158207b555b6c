package org.londiste4j.schema;

import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaInstallerIT {

    static java.util.List<String> versions() {
        return org.londiste4j.testkit.PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldInstallThenReapplyIdempotently(String major) throws Exception {
        TestDb db = TestDb.create(major, "install");
        try (Connection c = db.connect()) {
            assertEquals(InstalledSchema.Kind.ABSENT, SchemaInstaller.install(c, "pgq").kind());
            int rev = SchemaInstaller.revision("pgq");
            assertEquals("3.5-londiste4j." + rev, scalar(c, "select pgq.version()"));
            InstalledSchema again = SchemaInstaller.install(c, "pgq");
            assertEquals(InstalledSchema.Kind.LONDISTE4J, again.kind());
            assertEquals(rev, again.revision());
            assertEquals("1", scalar(c, "select count(*) from pgq.schema_version"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldRefuseNewerRevisionAndChangeNothing(String major) throws Exception {
        TestDb db = TestDb.create(major, "install");
        try (Connection c = db.connect()) {
            SchemaInstaller.install(c, "pgq");
            try (Statement st = c.createStatement()) {
                st.execute("update pgq.schema_version set schema_rev = 999");
            }
            SchemaException e = assertThrows(SchemaException.class, () -> SchemaInstaller.install(c, "pgq"));
            assertTrue(e.getMessage().contains("installed revision 999 is newer"), e.getMessage());
            assertEquals("3.5-londiste4j.999", scalar(c, "select pgq.version()"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void printedScriptRefusesNewerRevisionOnItsOwn(String major) throws Exception {
        TestDb db = TestDb.create(major, "install");
        try (Connection c = db.connect()) {
            SchemaInstaller.install(c, "pgq");
            try (Statement st = c.createStatement()) {
                st.execute("update pgq.schema_version set schema_rev = 999");
                Exception e = assertThrows(Exception.class, () -> st.execute(SchemaInstaller.script("pgq")));
                assertTrue(e.getMessage().contains("newer than this londiste4j"), e.getMessage());
                st.execute("rollback");
            }
            assertEquals("3.5-londiste4j.999", scalar(c, "select pgq.version()"));
        }
    }

    static String scalar(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
