package org.londiste4j.pgq.triggers;

import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The capture triggers keep what they know about a table per session (pgq._trg_meta, checked by
 * pgq._trg_fingerprint on the table's first row of each transaction). DDL by another session must show in
 * the very next event of a session that cached the table before: new column names, a new key, a new type.
 */
class CaptureCacheIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldSeeAnotherSessionsDdlInTheNextEvent(String major) throws Exception {
        TestDb db = TestDb.create(major, "capcache");
        try (Connection app = db.connect(); Connection dba = db.connect();
             Statement a = app.createStatement(); Statement d = dba.createStatement()) {
            SchemaInstaller.install(dba, "pgq");
            d.execute("select pgq.create_queue('q')");
            d.execute("create table t (id int primary key, v text, n int)");
            d.execute("create trigger l after insert or update on t"
                    + " for each row execute procedure pgq.logutriga('q')");
            d.execute("create trigger j after insert on t for each row execute procedure pgq.jsontriga('q')");

            a.execute("insert into t values (1, 'a', 1)");
            d.execute("alter table t rename column v to w");
            a.execute("insert into t values (2, 'b', 2)");
            d.execute("alter table t drop constraint t_pkey, add primary key (w)");
            a.execute("update t set n = 3 where id = 2");
            d.execute("alter table t alter column n type bool using n > 2");
            a.execute("insert into t values (3, 'c', true)");
            d.execute("alter table t add column x text");
            a.execute("insert into t values (4, 'd', false, 'new')");

            // triggers fire in name order: j (jsontriga) before l (logutriga)
            assertEquals(List.of(
                    "{\"op\":\"INSERT\",\"table\":[\"public\",\"t\"],\"pkey\":[\"id\"]}|{\"id\":1,\"v\":\"a\",\"n\":1}",
                    "I:id|id=1&v=a&n=1",
                    "{\"op\":\"INSERT\",\"table\":[\"public\",\"t\"],\"pkey\":[\"id\"]}|{\"id\":2,\"w\":\"b\",\"n\":2}",
                    "I:id|id=2&w=b&n=2",
                    "U:w|id=2&w=b&n=3",
                    "{\"op\":\"INSERT\",\"table\":[\"public\",\"t\"],\"pkey\":[\"w\"]}"
                            + "|{\"id\":3,\"w\":\"c\",\"n\":true}",
                    "I:w|id=3&w=c&n=t",
                    "{\"op\":\"INSERT\",\"table\":[\"public\",\"t\"],\"pkey\":[\"w\"]}"
                            + "|{\"id\":4,\"w\":\"d\",\"n\":false,\"x\":\"new\"}",
                    "I:w|id=4&w=d&n=f&x=new"),
                    events(d));
        }
    }

    private static List<String> events(Statement st) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("select ev_type || '|' || ev_data from pgq.event_1 order by ev_id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
