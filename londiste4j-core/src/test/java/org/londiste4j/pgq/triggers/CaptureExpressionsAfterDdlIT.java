package org.londiste4j.pgq.triggers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A capture trigger with when= and ev_extra3= expressions keeps working in a session that captured rows before
 * another session changed a column's type: before PostgreSQL 11 a PL/pgSQL helper taking the row as a polymorphic
 * argument kept the old row type and misread the row ("invalid input syntax for integer").
 */
class CaptureExpressionsAfterDdlIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldEvaluateExpressionsOnTheRowTypeAsItIsNow(String major) throws Exception {
        TestDb db = TestDb.create(major, "capexpr");
        try (Connection writer = db.connect(); Connection ddl = db.connect();
             Statement w = writer.createStatement(); Statement d = ddl.createStatement()) {
            SchemaInstaller.install(writer, "pgq");
            w.execute("select pgq.create_queue('q')");
            w.execute("create table t (id int primary key, n int, flag bool, note text)");
            w.execute("create trigger cap after insert or update or delete on t for each row execute procedure "
                    + "pgq.logutriga('q', 'backup', 'when=flag', 'ev_extra3=note || ''/'' || n')");
            w.execute("insert into t values (1, 10, true, 'a')");
            w.execute("insert into t values (2, 20, false, 'b')");
            d.execute("alter table t alter column n type text using n::text || 'x'");
            w.execute("insert into t values (3, 'thirty', true, 'c')");
            w.execute("update t set note = 'aa' where id = 1");
            d.execute("alter table t alter column flag type int using flag::int");
            d.execute("alter table t alter column flag type bool using flag <> 0");
            w.execute("delete from t where id = 3");
            List<String> got = new ArrayList<>();
            try (ResultSet rs = w.executeQuery("select ev_type || '|' || ev_data || '|' || ev_extra3 "
                    + "from pgq.event_template order by ev_id")) {
                while (rs.next()) {
                    got.add(rs.getString(1));
                }
            }
            assertEquals(List.of(
                    "I:id|id=1&n=10&flag=t&note=a|a/10",
                    "I:id|id=3&n=thirty&flag=t&note=c|c/thirty",
                    "U:id|id=1&n=10x&flag=t&note=aa|aa/10x",
                    "D:id|id=3&n=thirty&flag=t&note=c|c/thirty"), got);
        }
    }
}
