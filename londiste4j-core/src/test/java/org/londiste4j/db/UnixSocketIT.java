package org.londiste4j.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;
import org.postgresql.PGConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code host=/dir} reaches the server through its Unix-domain socket, as libpq does. */
class UnixSocketIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldConnectThroughTheSocketFolderAndReadNotifications(String major) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "l4j-sock");
        try (EmbeddedPostgres pg = PgServers.start(major, Map.of("unix_socket_directories", dir.toString()))) {
            var cs = ConnStr.parse("host=" + dir + " port=" + pg.getPort() + " user=postgres dbname=postgres");
            try (Connection c = Db.connect(cs, "londiste4j socket test");
                 Statement st = c.createStatement()) {
                c.setAutoCommit(true);
                try (ResultSet rs = st.executeQuery(
                        "select inet_server_addr() is null, current_setting('application_name')")) {
                    rs.next();
                    assertTrue(rs.getBoolean(1), "a Unix-domain connection has no server address");
                    assertEquals("londiste4j socket test", rs.getString(2));
                }
                // pgjdbc polls notifications with a 1 ms read timeout: it must not block
                st.execute("listen l4j");
                assertEquals(0, c.unwrap(PGConnection.class).getNotifications().length);
                st.execute("notify l4j, 'x'");
                var n = c.unwrap(PGConnection.class).getNotifications(5000);
                assertEquals("x", n[0].getParameter());
            }
            var wrongPort = ConnStr.parse("host=" + dir + " port=1 user=postgres dbname=postgres");
            var e = assertThrows(Db.DbException.class, () -> Db.connect(wrongPort, "t"));
            assertTrue(e.getMessage().contains("no server socket " + dir + "/.s.PGSQL.1"), e.getMessage());
        }
    }
}
