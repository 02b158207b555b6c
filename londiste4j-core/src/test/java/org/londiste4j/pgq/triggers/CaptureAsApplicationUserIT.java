package org.londiste4j.pgq.triggers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The application writes to captured tables as its own, unprivileged user: the capture triggers must work for it
 * without any grant on the pgq schema beyond what the install gives PUBLIC, as with the original.
 */
class CaptureAsApplicationUserIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldCaptureWritesOfAnUnprivilegedUser(String major) throws Exception {
        AppRoleDb db = AppRoleDb.create(major, "appuser", "app_");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("create table orders (id int primary key, note text)");
            st.execute("grant select, insert, update, delete, truncate on orders to " + db.role());
            for (String fn : List.of("logutriga", "sqltriga", "jsontriga")) {
                st.execute("create trigger cap_" + fn + " after insert or update or delete on orders "
                        + "for each row execute procedure pgq." + fn + "('q')");
            }
            st.execute("create trigger cap_trunc after truncate on orders "
                    + "for each statement execute procedure pgq.logutriga('q')");
        }
        try (Connection app = db.connectAsRole(); Statement st = app.createStatement()) {
            st.execute("insert into orders values (1, 'a')");
            st.execute("update orders set note = 'b' where id = 1");
            st.execute("delete from orders where id = 1");
            st.execute("truncate orders");
        }
        List<String> types = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select ev_type from pgq.event_template order by ev_id")) {
            while (rs.next()) {
                types.add(rs.getString(1).startsWith("{") ? "json" : rs.getString(1));
            }
        }
        // row triggers fire in name order: cap_jsontriga, cap_logutriga, cap_sqltriga
        assertEquals(List.of("json", "I:id", "I", "json", "U:id", "U", "json", "D:id", "D", "R"), types);
    }
}
