package org.londiste4j.copy;

import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.copy.CopyFixture.exec;
import static org.londiste4j.copy.CopyFixture.text;

class TableChecksumIT {
    private static final String WEIRD = "Odd Schema.Weird Table";

    /**
     * The oldest and newest majors, each session in settings of its own that change the text forms (pgjdbc insists
     * on an ISO DateStyle).
     */
    @Test
    void shouldBeEqualForEqualDataAcrossMajorsAndSessionSettings() throws Exception {
        TestDb a = TestDb.create(PgServers.oldest(), "sum");
        TestDb b = TestDb.create(PgServers.newest(), "sum");
        for (TestDb db : List.of(a, b)) {
            exec(db, CopyFixture.AWKWARD_DDL + CopyFixture.AWKWARD_ROWS + CopyFixture.BUILTIN_DDL
                    + CopyFixture.BUILTIN_ROWS);
        }
        try (Connection ca = a.connect(); Connection cb = b.connect()) {
            exec(ca, "set TimeZone = 'America/New_York'; set DateStyle = 'ISO, DMY'; set extra_float_digits = 3;"
                    + " set IntervalStyle = 'sql_standard'; set bytea_output = 'escape'");
            exec(cb, "set TimeZone = 'Asia/Kathmandu'; set DateStyle = 'ISO, YMD'; set extra_float_digits = 1;"
                    + " set IntervalStyle = 'iso_8601'");
            for (String t : List.of(WEIRD, "public.Plain")) {
                Checksum sa = TableChecksum.compute(ca, t, null, false);
                Checksum sb = TableChecksum.compute(cb, t, null, false);
                assertNotNull(sa.checksum());
                assertEquals(sa, sb, t + " on " + a + " and " + b);
                Checksum count = TableChecksum.compute(ca, t, null, true);
                assertEquals(sa.rows(), count.rows());
                assertNull(count.checksum());
            }
            assertEquals(3003, TableChecksum.compute(cb, WEIRD, null, true).rows());
            assertEquals("America/New_York", text(ca, "show TimeZone"), "settings restored");
            assertEquals("sql_standard", text(ca, "show IntervalStyle"));
            assertEquals("ISO, YMD", text(cb, "show DateStyle"));
            assertTrue(ca.getAutoCommit());

            // a column subset, in a caller's transaction
            cb.setAutoCommit(false);
            Checksum sub = TableChecksum.compute(cb, WEIRD, List.of("Id", "k2", "jb", "f8"), false);
            assertEquals("Asia/Kathmandu", text(cb, "show TimeZone"));
            cb.commit();
            cb.setAutoCommit(true);
            assertEquals(sub, TableChecksum.compute(ca, WEIRD, List.of("Id", "k2", "jb", "f8"), false));
            assertNotEquals(sub, TableChecksum.compute(ca, WEIRD, null, false));

            // one value differs in the last bit of a float, then in a jsonb number's scale, then a NULL vs ''
            Checksum before = TableChecksum.compute(cb, WEIRD, null, false);
            exec(cb, "update \"Odd Schema\".\"Weird Table\" set f8 = f8 + 1e-15 where \"Id\" = 11");
            Checksum after = TableChecksum.compute(cb, WEIRD, null, false);
            assertEquals(before.rows(), after.rows());
            assertNotEquals(before.checksum(), after.checksum());
            exec(cb, "update \"Odd Schema\".\"Weird Table\" set f8 = f8 - 1e-15 where \"Id\" = 11");
            assertEquals(before, TableChecksum.compute(cb, WEIRD, null, false), "restored value, same sum");
            exec(cb, "update \"Odd Schema\".\"Weird Table\" set t = '' where \"Id\" = 2");
            assertNotEquals(before, TableChecksum.compute(cb, WEIRD, null, false));
            exec(cb, "update \"Odd Schema\".\"Weird Table\" set t = null where \"Id\" = 2;"
                    + "update \"Odd Schema\".\"Weird Table\" set n = 1.50 where \"Id\" = 1");
            assertNotEquals(before, TableChecksum.compute(cb, WEIRD, null, false), "numeric scale is data");
        }
    }

    @Test
    void shouldNameMissingTablesAndColumns() throws Exception {
        TestDb db = TestDb.create(PgServers.newest(), "sum");
        exec(db, "create table t (id int primary key)");
        try (Connection c = db.connect()) {
            CopyException e = assertThrows(CopyException.class,
                    () -> TableChecksum.compute(c, "public.t", List.of("id", "nope"), false));
            assertEquals("table public.t: no column nope", e.getMessage());
            e = assertThrows(CopyException.class, () -> TableChecksum.compute(c, "nope", null, true));
            assertTrue(e.getMessage().startsWith("table public.nope: not found"), e.getMessage());
            assertEquals(new Checksum(0, "0"), TableChecksum.compute(c, "t", null, false));
            exec(c, "create table u (x text, id int primary key, y int)");
            assertEquals(List.of("id"), TableChecksum.commonColumns(c, "t", c, "u"));
            assertEquals(List.of("x", "id", "y"), TableChecksum.commonColumns(c, "u", c, "u"));
            assertTrue(c.getAutoCommit());
        }
    }
}
