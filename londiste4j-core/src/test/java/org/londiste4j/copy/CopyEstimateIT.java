package org.londiste4j.copy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider's estimate of a copy: from statistics scaled to the table's pages now, counted, sampled. */
class CopyEstimateIT {
    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void estimatesFromStatisticsCountsOrSamples(String major) throws Exception {
        TestDb db = TestDb.create(major, "estimate");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("create table analyzed (id int primary key, v text)");
            st.execute("insert into analyzed select g, md5(g::text) from generate_series(1, 20000) g");
            st.execute("analyze analyzed");
            // grown by half since its statistics: the estimate follows the pages it has now
            st.execute("insert into analyzed select g, md5(g::text) from generate_series(20001, 30000) g");
            st.execute("create table \"Never Analyzed\" (id int primary key)");
            st.execute("insert into \"Never Analyzed\" select generate_series(1, 5000)");
            st.execute("create table big_unanalyzed (id int primary key, v text)");
            st.execute("insert into big_unanalyzed select g, md5(g::text) from generate_series(1, 400000) g");
            st.execute("create table empty (id int primary key)");
            c.setAutoCommit(false);

            CopyEstimate a = CopyEstimate.of(c, "public.analyzed");
            assertTrue(Math.abs(a.rows() - 30000) <= 300, "scaled to the pages now: " + a);
            assertTrue(a.bytes() >= 8192L * 200, a.toString());
            // small and never analyzed: counted exactly (autovacuum may have analyzed it meanwhile: close then)
            CopyEstimate n = CopyEstimate.of(c, "public.\"Never Analyzed\"");
            assertTrue(Math.abs(n.rows() - 5000) <= 50, n.toString());
            // big and never analyzed: a page sample, within a few per cent
            CopyEstimate b = CopyEstimate.of(c, "big_unanalyzed");
            assertTrue(Math.abs(b.rows() - 400000) <= 400000 * 0.1, b.toString());
            assertEquals(new CopyEstimate(0L, 0L), CopyEstimate.of(c, "public.empty"));
            c.rollback();
            // a missing table: nothing known, and the transaction is the caller's to roll back
            CopyEstimate missing = CopyEstimate.of(c, "public.nosuch");
            assertNull(missing.rows());
            assertNull(missing.bytes());
            c.rollback();

            if (Integer.parseInt(major.split("\\.")[0]) >= 10) {
                st.execute("create table parted (id int not null) partition by range (id)");
                st.execute("create table parted_1 partition of parted for values from (0) to (1000)");
                st.execute("create table parted_2 partition of parted for values from (1000) to (100000)");
                st.execute("insert into parted select generate_series(1, 3000)");
                st.execute("analyze parted_1");
                CopyEstimate p = CopyEstimate.of(c, "public.parted");
                assertTrue(Math.abs(p.rows() - 3000) <= 30, "the partitions' rows: " + p);
                assertTrue(p.bytes() > 0, p.toString());
                c.rollback();
            }
        }
    }
}
