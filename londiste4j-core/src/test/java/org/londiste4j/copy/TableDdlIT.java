package org.londiste4j.copy;

import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.copy.CopyFixture.count;
import static org.londiste4j.copy.CopyFixture.exec;
import static org.londiste4j.copy.CopyFixture.rows;
import static org.londiste4j.copy.CopyFixture.text;
import static org.londiste4j.copy.PgVersionsForTest.atLeast;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TableDdlIT {
    /** pgbench's four tables as {@code pgbench -i -I dtgpf} makes them (history with the howto's primary key). */
    static final String PGBENCH = """
            create table pgbench_branches (bid int not null, bbalance int, filler char(88)) with (fillfactor = 100);
            create table pgbench_tellers (tid int not null, bid int, tbalance int, filler char(84));
            create table pgbench_accounts (aid int not null, bid int, abalance int, filler char(84));
            create table pgbench_history (hid serial primary key, tid int, bid int, aid int, delta int,
              mtime timestamp, filler char(22));
            alter table pgbench_branches add primary key (bid);
            alter table pgbench_tellers add primary key (tid);
            alter table pgbench_accounts add primary key (aid);
            alter table pgbench_tellers add constraint pgbench_tellers_bid_fkey foreign key (bid)
              references pgbench_branches;
            alter table pgbench_accounts add constraint pgbench_accounts_bid_fkey foreign key (bid)
              references pgbench_branches;
            insert into pgbench_branches select i, 0 from generate_series(1, 2) i;
            insert into pgbench_tellers select i, (i - 1) / 10 + 1, 0 from generate_series(1, 20) i;
            insert into pgbench_accounts select i, (i - 1) / 100000 + 1, 0, '' from generate_series(1, 20000) i;
            insert into pgbench_history (tid, bid, aid, delta, mtime) values (1, 1, 1, 5, now());
            """;

    static Stream<Arguments> pairs() {
        return PgVersionsForTest.pairs();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldCreatePgbenchTablesFullThatAcceptACopy(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "ddlsrc");
        TestDb dst = TestDb.create(to, "ddldst");
        exec(src, PGBENCH);
        List<String> tables = List.of("pgbench_accounts", "pgbench_branches", "pgbench_history", "pgbench_tellers");
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            for (String t : tables) {
                TableDefinition def = TableDdl.read(p, t);
                List<String> w = TableDdl.create(s, def, true);
                assertTrue(TableDdl.exists(s, t));
                if (t.equals("pgbench_accounts")) {
                    assertEquals(1, w.size(), "the FK to pgbench_branches waits: " + w);
                }
            }
            for (String t : tables) {
                assertEquals(columns(p, t), columns(s, t), t);
            }
            assertEquals(0, count(s, "select count(*) from pg_constraint where conname = 'pgbench_accounts_bid_fkey'"));
            assertEquals(1, count(s, "select count(*) from pg_constraint where conname = 'pgbench_tellers_bid_fkey'"));
            assertNotNull(text(s, "select pg_get_serial_sequence('pgbench_history', 'hid')"));
            s.setAutoCommit(false);
            // as the worker does: foreign keys parked for the copy (a referenced table cannot be truncated)
            exec(s, "alter table pgbench_tellers drop constraint pgbench_tellers_bid_fkey");
            for (String t : tables) {
                TableCopy.copy(p, s, CopyRequest.of(t), CopyProgress.NONE);
            }
            exec(s, "alter table pgbench_tellers add constraint pgbench_tellers_bid_fkey foreign key (bid)"
                    + " references pgbench_branches");
            s.commit();
            s.setAutoCommit(true);
            for (String t : tables) {
                assertEquals(rows(p, t, "1"), rows(s, t, "1"), t);
            }
            assertThrows(CopyException.class, () -> TableDdl.create(s, TableDdl.read(p, "pgbench_tellers"), false));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldCreateSerialIdentityAndGeneratedColumnsAcrossMajors(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "ddlsrc");
        TestDb dst = TestDb.create(to, "ddldst");
        boolean identity = atLeast(from, 10);
        boolean generated = atLeast(from, 12);
        exec(src, "create schema \"App\"; create table \"App\".\"Items\" ("
                + (identity ? "id bigint generated by default as identity (start with 100 increment by 5)"
                            : "id bigserial")
                + ", s serial, a int not null default 3, name text collate \"C\" default 'x',"
                + " at timestamptz default now(), price numeric(12,2) check (price >= 0), tags text[] default '{}'"
                + (generated ? ", twice int generated always as (a * 2) stored" : "")
                + ", primary key (id)); comment on table \"App\".\"Items\" is 'the items';"
                + " create unique index items_name on \"App\".\"Items\" (lower(name)) where a > 0;"
                + " insert into \"App\".\"Items\" (a, name, price)"
                + " select i, 'n' || i, i from generate_series(1, 50) i");
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            TableDefinition def = TableDdl.read(p, "App.Items");
            assertEquals(generated ? 8 : 7, def.columns().size());
            List<String> warnings = TableDdl.create(s, def, true);
            boolean degradedIdentity = identity && !atLeast(to, 10);
            boolean degradedGenerated = generated && !atLeast(to, 12);
            assertEquals((degradedIdentity ? 1 : 0) + (degradedGenerated ? 1 : 0), warnings.size(),
                    warnings.toString());
            assertEquals(1, count(s, "select count(*) from pg_indexes where indexname = 'items_name'"));
            assertEquals("the items", text(s, "select obj_description('\"App\".\"Items\"'::regclass)"));
            assertEquals("C", text(s, "select collname from pg_attribute a join pg_collation c on c.oid = attcollation"
                    + " where attrelid = '\"App\".\"Items\"'::regclass and attname = 'name'"));
            for (String col : List.of("id", "s")) {
                assertNotNull(text(s, "select pg_get_serial_sequence('\"App\".\"Items\"', '" + col + "')"), col);
            }
            s.setAutoCommit(false);
            TableCopy.copy(p, s, CopyRequest.of("App.Items"), CopyProgress.NONE);
            s.commit();
            s.setAutoCommit(true);
            assertEquals(rows(p, "\"App\".\"Items\"", "id"), rows(s, "\"App\".\"Items\"", "id"));
            if (identity) {
                assertEquals(100, count(s, "select nextval(pg_get_serial_sequence('\"App\".\"Items\"', 'id'))"),
                        "the identity's own start");
                assertEquals(105, count(s, "select nextval(pg_get_serial_sequence('\"App\".\"Items\"', 'id'))"));
            }
            exec(s, "insert into \"App\".\"Items\" (id, a, name) values (9999, 7, 'new')");
            if (generated && atLeast(to, 12)) {
                assertEquals(14, count(s, "select twice from \"App\".\"Items\" where name = 'new'"));
            }
            assertThrows(Exception.class, () -> exec(s, "insert into \"App\".\"Items\" (a, name, price)"
                    + " values (8, 'neg', -1)"), "check constraint came along");
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldCreateAPartitionedTableOrOnePlainTable(String from, String to) throws Exception {
        assumeTrue(atLeast(from, 11), "hash and default partitions on the provider need 11");
        TestDb src = TestDb.create(from, "ddlsrc");
        TestDb dst = TestDb.create(to, "ddldst");
        String pk = atLeast(from, 11) ? ", primary key (id, day)" : "";
        exec(src, "create table pt (id int not null, day date not null, v text" + pk + ") partition by range (day);"
                + "create table pt_2020 partition of pt for values from ('2020-01-01') to ('2021-01-01')"
                + " partition by hash (id);"
                + "create table pt_2020_a partition of pt_2020 for values with (modulus 2, remainder 0);"
                + "create table pt_2020_b partition of pt_2020 for values with (modulus 2, remainder 1);"
                + "create table pt_rest partition of pt default;"
                + "create index pt_v on pt (v);"
                + "insert into pt select i, date '2019-06-01' + i % 900, 'v' || i from generate_series(1, 2000) i");
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            TableDefinition def = TableDdl.read(p, "pt");
            assertTrue(def.partitioned());
            assertEquals(2, def.partitions().size());
            List<String> w = TableDdl.create(s, def, true);
            boolean parts = atLeast(to, 11);
            assertEquals(parts ? 0 : 1, w.size(), w.toString());
            assertEquals(parts ? 4 : 0, count(s, "select count(*) from pg_inherits h"
                    + " join pg_class c on c.oid = h.inhrelid"
                    + " where c.relkind in ('r', 'p')"));
            s.setAutoCommit(false);
            CopyResult r = TableCopy.copy(p, s, CopyRequest.of("pt"), CopyProgress.NONE);
            s.commit();
            assertEquals(2000, r.rows());
            assertEquals(rows(p, "pt", "id"), rows(s, "pt", "id"));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldRefuseWhatTheSubscriberCannotKeepNamingIt(String from, String to) throws Exception {
        assumeTrue(atLeast(from, 15) && !atLeast(to, 11), "a provider of 15+ and a subscriber before 11");
        TestDb src = TestDb.create(from, "ddlsrc");
        TestDb dst = TestDb.create(to, "ddldst");
        exec(src, "create table inc (id int primary key, a int, b text);"
                + "create unique index inc_cover on inc (a) include (b);"
                + "create table nnd (id int primary key, a int, constraint nnd_a unique nulls not distinct (a))");
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            CopyException e = assertThrows(CopyException.class, () -> TableDdl.create(s, TableDdl.read(p, "inc"),
                    true));
            assertTrue(e.getMessage().startsWith("index public.inc_cover of table public.inc: INCLUDE columns need"
                    + " PostgreSQL 11"), e.getMessage());
            assertFalse(TableDdl.exists(s, "inc"), "nothing created");
            TableDdl.create(s, TableDdl.read(p, "inc"), false);
            assertTrue(TableDdl.exists(s, "inc"), "--create without the index works");
            e = assertThrows(CopyException.class, () -> TableDdl.create(s, TableDdl.read(p, "nnd"), true));
            assertTrue(e.getMessage().startsWith("constraint nnd_a of table public.nnd: NULLS NOT DISTINCT needs"),
                    e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldCreateSequencesWithTheirOwners(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "ddlsrc");
        TestDb dst = TestDb.create(to, "ddldst");
        exec(src, "create schema s; create sequence s.plain increment by 7 minvalue -100 maxvalue 1000 start with 3"
                + " cache 4 cycle; create table s.t (id serial primary key);"
                + (atLeast(from, 10) ? "create sequence s.small as smallint;"
                                     : "create sequence s.small maxvalue 32767;"));
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            SequenceDefinition plain = TableDdl.readSequence(p, "s.plain");
            assertEquals(new SequenceDefinition("s", "plain", "bigint", 3, 7, -100, 1000, 4, true, null, null), plain);
            TableDdl.createSequence(s, plain);
            TableDdl.createSequence(s, plain); // again: nothing to do
            assertEquals(3, count(s, "select nextval('s.plain')"));
            assertEquals(10, count(s, "select nextval('s.plain')"));
            SequenceDefinition small = TableDdl.readSequence(p, "s.small");
            TableDdl.createSequence(s, small);
            assertEquals(32767, count(s, atLeast(to, 10)
                    ? "select seqmax from pg_sequence where seqrelid = 's.small'::regclass"
                    : "select max_value from s.small"));
            SequenceDefinition owned = TableDdl.readSequence(p, "s.t_id_seq");
            assertEquals("s.t", owned.ownedByTable());
            assertEquals(1, TableDdl.createSequence(s, owned).size(), "no table yet: created without owner");
            TableDdl.create(s, TableDdl.read(p, "s.t"), false);
            assertEquals("s.t_id_seq", text(s, "select pg_get_serial_sequence('s.t', 'id')"));
            CopyException e = assertThrows(CopyException.class, () -> TableDdl.readSequence(p, "s.nope"));
            assertEquals("sequence s.nope: not found on the provider", e.getMessage());
        }
    }

    /** Column names, types, NOT NULL and defaults as the subscriber's catalog shows them. */
    static List<String> columns(Connection c, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "select attname || ' ' || format_type(atttypid, atttypmod) || ' ' || attnotnull || ' '"
                        + " || coalesce(pg_get_expr(d.adbin, d.adrelid), '') from pg_attribute a left join pg_attrdef d"
                        + " on d.adrelid = a.attrelid and d.adnum = a.attnum where attrelid = '" + table
                        + "'::regclass and attnum > 0 and not attisdropped order by attnum")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
