package org.londiste4j.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.admin.CopyState;
import org.londiste4j.copy.CopyEstimate;
import org.londiste4j.db.ConnStr;
import org.londiste4j.testkit.PgServers;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The copy thread's progress record as {@code status} reads it back: written live on its own connection (a copy's
 * open transaction does not hide it), each stage, the estimate kept; on the original's londiste extension nothing
 * is written and nothing is read, without an error.
 */
class CopyProgressRecorderIT {
    static List<String> versions() {
        return PgServers.versions();
    }

    /** A leaf of queue q with public.t added, not copied yet. */
    private static void leafWithTable(NodeDb db) throws Exception {
        db.exec("create table public.t (id int primary key)",
                "select * from pgq_node.register_location('q', 'p1', 'dbname=p1', false)",
                "select * from pgq_node.register_location('q', 'n2', 'dbname=n2', false)",
                "select * from pgq_node.create_node('q', 'leaf', 'n2', 'w2', 'p1', 1, null)",
                "select * from londiste.global_add_table('q', 'public.t')",
                "select * from londiste.local_add_table('q', 'public.t')",
                "select * from londiste.local_set_table_state('q', 'public.t', null, 'in-copy')");
    }

    private static CopyState read(NodeDb db) throws Exception {
        try (Connection c = db.connect()) {
            List<CopyState> l = CopyState.read(c, "q");
            assertEquals(1, l.size(), l.toString());
            return l.get(0);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void recordsEachStageLive(String major) throws Exception {
        NodeDb db = NodeDb.ours(major, "recorder");
        leafWithTable(db);
        try (var r = new CopyProgressRecorder(ConnStr.parse(db.connstr()), "test progress", "q", "public.t")) {
            r.start(new CopyEstimate(1000L, 65536L));
            Cascade.await("the start recorded", Duration.ofSeconds(20), () -> "copying".equals(read(db).stage()));
            assertEquals(1000L, read(db).estRows());
            var p = r.progress();
            p.update("public.t", 300, 9000);
            Cascade.await("300 rows recorded", Duration.ofSeconds(20), () -> read(db).rows() == 300);
            p.rebuilding("public.t", 1000, 30000);
            p.update("public.t", 1000, 30000);
            Cascade.await("rebuilding recorded", Duration.ofSeconds(20), () -> "indexing".equals(read(db).stage()));
            r.copied(1000, 30000);
            Cascade.await("copied recorded", Duration.ofSeconds(20), () -> "copied".equals(read(db).stage()));
            CopyState s = read(db);
            assertEquals(1000, s.rows());
            assertEquals(30000, s.bytes());
            assertEquals(65536L, s.estBytes());
            // a new copy starts the record over
            r.start(CopyEstimate.UNKNOWN);
            Cascade.await("restarted", Duration.ofSeconds(20), () -> read(db).rows() == 0
                    && "copying".equals(read(db).stage()));
            assertNull(read(db).estRows());
        }
    }

    @Test
    void nothingOnTheOriginalExtension() throws Exception {
        NodeDb db = NodeDb.original("recorder");
        leafWithTable(db);
        try (var r = new CopyProgressRecorder(ConnStr.parse(db.connstr()), "test progress", "q", "public.t")) {
            r.start(new CopyEstimate(10L, 10L));
            r.progress().update("public.t", 5, 5);
            r.copied(10, 10);
        }
        try (Connection c = db.connect()) {
            assertEquals(List.of(), CopyState.read(c, "q"), "no progress known, no error");
        }
    }
}
