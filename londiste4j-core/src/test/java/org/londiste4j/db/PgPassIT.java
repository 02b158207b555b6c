package org.londiste4j.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Passwords from PGPASSFILE / ~/.pgpass against a server that really asks for one (md5 in pg_hba.conf). */
class PgPassIT {
    private static final String PASSWORD = "pw:with\\colon";

    @TempDir
    Path dir;

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldAuthenticateWithThePgpassLineAndSayWhatIsMissingOtherwise(String major) throws Exception {
        Path hba = dir.resolve("hba.conf");
        Files.writeString(hba, "host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n"
                + "host all all 127.0.0.1/32 md5\nhost all all ::1/128 md5\n");
        try (EmbeddedPostgres pg = PgServers.start(major, Map.of("hba_file", hba.toString()))) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("create role l4j_pw login password " + Quote.literal(PASSWORD));
            }
            Path pass = dir.resolve("pgpass");
            Files.writeString(pass, "localhost:" + pg.getPort() + ":postgres:l4j_pw:pw\\:with\\\\colon\n");
            Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
            var cs = ConnStr.parse("host=localhost port=" + pg.getPort() + " dbname=postgres user=l4j_pw");

            var env = Map.of("PGPASSFILE", pass.toString());
            try (Connection c = Db.connect(JdbcTarget.of(cs, "pgpass-it", env, dir, "nobody"), "pgpass-it");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select current_user")) {
                rs.next();
                assertEquals("l4j_pw", rs.getString(1));
            }

            var none = assertThrows(Db.DbException.class,
                    () -> Db.connect(JdbcTarget.of(cs, "x", Map.of(), dir, "nobody"), "x"));
            assertTrue(none.getMessage().endsWith("; give password= in the connection string, PGPASSWORD or a "
                    + "~/.pgpass line"), none.getMessage());

            var wrong = assertThrows(Db.DbException.class, () -> Db.connect(
                    JdbcTarget.of(cs.with("password", "wrong-secret"), "x", env, dir, "nobody"), "x"));
            assertEquals("28P01", wrong.sqlState());
            assertTrue(wrong.permanent());
            assertFalse(wrong.getMessage().contains("wrong-secret"), wrong.getMessage());
            assertTrue(wrong.getMessage().startsWith("database dbname=postgres host=localhost port=" + pg.getPort()
                    + " user=l4j_pw: "), wrong.getMessage());
        }
    }
}
