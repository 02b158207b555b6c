package org.londiste4j.copy;

import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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

class TableCopyIT {
    private static final String WEIRD = "\"Odd Schema\".\"Weird Table\"";
    private static final String INDEXES_OF =
            "select count(*) from pg_indexes where schemaname = '%s' and tablename = '%s'";
    private static final String CONSTRAINTS_OF = "select count(*) from pg_constraint where conrelid = '%s'::regclass"
            + " and contype <> 'n'";

    static Stream<Arguments> pairs() {
        return PgVersionsForTest.pairs();
    }

    static Stream<Arguments> pairsAndPaths() {
        return pairs().flatMap(a -> Stream.of(Arguments.of(a.get()[0], a.get()[1], true),
                Arguments.of(a.get()[0], a.get()[1], false)));
    }

    @ParameterizedTest(name = "{0} -> {1}, binary allowed {2}")
    @MethodSource("pairsAndPaths")
    void shouldCopyAwkwardTypesAndNamesEqualRowByRow(String from, String to, boolean binary) throws Exception {
        TestDb src = TestDb.create(from, "copysrc");
        TestDb dst = TestDb.create(to, "copydst");
        exec(src, CopyFixture.AWKWARD_DDL + CopyFixture.AWKWARD_ROWS + CopyFixture.BUILTIN_DDL
                + CopyFixture.BUILTIN_ROWS);
        exec(dst, CopyFixture.AWKWARD_DDL + CopyFixture.BUILTIN_DDL
                + "create index on " + WEIRD + " (t);"
                + "create index \"Odd idx\" on " + WEIRD + " (lower(t)) where f8 > 0;"
                + "alter table " + WEIRD + " add constraint ck check (\"Id\" > 0), add constraint un unique (u);"
                + "create index on public.\"Plain\" (ts); insert into public.\"Plain\" (id) values (-1);");
        var tuning = new TableCopy.Tuning(binary, true, true, false);
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            long idx = count(s, INDEXES_OF.formatted("Odd Schema", "Weird Table"));
            long cons = count(s, CONSTRAINTS_OF.formatted(WEIRD.replace("'", "''")));
            String dateStyle = text(s, "show DateStyle");
            s.setAutoCommit(false);
            List<long[]> seen = new ArrayList<>();
            CopyResult r1 = TableCopy.copy(p, s, CopyRequest.of("Odd Schema.Weird Table"),
                    (t, rows, bytes) -> seen.add(new long[] {rows, bytes}), tuning);
            CopyResult r2 = TableCopy.copy(p, s, CopyRequest.of("public.Plain"), CopyProgress.NONE, tuning);
            s.commit();
            s.setAutoCommit(true);
            assertTrue(p.getAutoCommit(), "provider autocommit restored");
            assertEquals(3003, r1.rows());
            assertEquals(5001, r2.rows());
            assertTrue(r1.bytes() > 200_000, "bytes " + r1.bytes());
            assertTrue(r1.snapshot().matches("\\d+:\\d+:[\\d,]*"), r1.snapshot());
            assertTrue(r1.warnings().isEmpty(), r1.warnings().toString());
            assertFalse(seen.isEmpty());
            assertEquals(3003, seen.get(seen.size() - 1)[0]);
            assertEquals(rows(p, WEIRD, "\"Id\", k2"), rows(s, WEIRD, "\"Id\", k2"));
            assertEquals(rows(p, "public.\"Plain\"", "id"), rows(s, "public.\"Plain\"", "id"));
            for (String t : List.of("Odd Schema.Weird Table", "public.Plain")) {
                List<String> cols = TableChecksum.commonColumns(p, t, s, t);
                assertEquals(TableChecksum.compute(p, t, cols, false), TableChecksum.compute(s, t, cols, false), t);
            }
            assertEquals(idx, count(s, INDEXES_OF.formatted("Odd Schema", "Weird Table")), "indexes rebuilt");
            assertEquals(cons, count(s, CONSTRAINTS_OF.formatted(WEIRD.replace("'", "''"))), "constraints rebuilt");
            assertEquals(2, count(s, INDEXES_OF.formatted("public", "Plain")));
            assertEquals(dateStyle, text(s, "show DateStyle"), "settings restored");
            assertEquals("origin", text(s, "show session_replication_role"));
            // the rebuilt constraints hold: a duplicate u is refused
            Exception dup = assertThrows(Exception.class, () -> exec(s, "insert into " + WEIRD
                    + " (\"Id\", k2, u) values (99999, 'z', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')"));
            assertTrue(dup.getMessage().contains("un"), dup.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldCopyExactlyWhatTheSnapshotSeesWhileAWriterWrites(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "copysrc");
        TestDb dst = TestDb.create(to, "copydst");
        String ddl = "create table w (id bigint primary key, v text, x bigint);";
        exec(src, ddl + "insert into w select i, md5(i::text), 0 from generate_series(1, 200000) i");
        exec(dst, ddl + "create index on w (v)");
        Map<Long, Long> committed = new ConcurrentHashMap<>(); // id -> txid of its insert
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong next = new AtomicLong(1_000_000);
        Thread writer = new Thread(() -> {
            try (Connection w = src.connect(); PreparedStatement ins = w.prepareStatement(
                    "insert into w values (?, 'w', txid_current()) returning x")) {
                while (!stop.get()) {
                    long id = next.incrementAndGet();
                    ins.setLong(1, id);
                    try (ResultSet rs = ins.executeQuery()) {
                        rs.next();
                        committed.put(id, rs.getLong(1));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "copy-it-writer");
        writer.start();
        try {
            awaitAtLeast(committed, 50);
            CopyResult r;
            try (Connection p = src.connect(); Connection s = dst.connect()) {
                s.setAutoCommit(false);
                r = TableCopy.copy(p, s, CopyRequest.of("w"), CopyProgress.NONE);
                s.commit();
            }
            int before = committed.size();
            awaitAtLeast(committed, before + 50);
            stop.set(true);
            writer.join(10_000);
            try (Connection p = src.connect(); Connection s = dst.connect()) {
                int visible = 0;
                int invisible = 0;
                try (PreparedStatement vis = p.prepareStatement("select txid_visible_in_snapshot(?, ?::txid_snapshot)");
                     PreparedStatement has = s.prepareStatement("select count(*) from w where id = ?")) {
                    for (var e : committed.entrySet()) {
                        vis.setLong(1, e.getValue());
                        vis.setString(2, r.snapshot());
                        boolean seenBySnapshot;
                        try (ResultSet rs = vis.executeQuery()) {
                            rs.next();
                            seenBySnapshot = rs.getBoolean(1);
                        }
                        has.setLong(1, e.getKey());
                        try (ResultSet rs = has.executeQuery()) {
                            rs.next();
                            assertEquals(seenBySnapshot ? 1 : 0, rs.getInt(1), "row " + e.getKey() + " txid "
                                    + e.getValue() + " snapshot " + r.snapshot());
                        }
                        if (seenBySnapshot) {
                            visible++;
                        } else {
                            invisible++;
                        }
                    }
                }
                assertTrue(visible >= 50 && invisible >= 50, visible + " seen, " + invisible + " not seen");
                assertEquals(200_000 + visible, count(s, "select count(*) from w"));
                assertEquals(200_000 + visible, r.rows());
            }
        } finally {
            stop.set(true);
            writer.join(10_000);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldLeaveTheTableAsItWasWhenTheSubscriberRollsBack(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "copysrc");
        TestDb dst = TestDb.create(to, "copydst");
        String ddl = "create table r (id int primary key, v text check (v <> 'bad'));";
        exec(src, ddl + "insert into r select i, 'new' from generate_series(1, 1000) i");
        exec(dst, ddl + "create unique index r_v on r (v, id); insert into r values (1, 'old'), (2, 'old')");
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            s.setAutoCommit(false);
            CopyResult r = TableCopy.copy(p, s, CopyRequest.of("public.r"), CopyProgress.NONE);
            assertEquals(1000, r.rows());
            assertEquals(1000, count(s, "select count(*) from r"));
            s.rollback();
            s.setAutoCommit(true);
            assertEquals(List.of("1|old", "2|old"), rows(s, "r", "id"));
            assertEquals(2, count(s, INDEXES_OF.formatted("public", "r")));
            assertEquals(2, count(s, CONSTRAINTS_OF.formatted("r")));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldCopyCommonColumnsAppendWithSkipTruncateAndFilter(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "copysrc");
        TestDb dst = TestDb.create(to, "copydst");
        exec(src, "create table c (id int primary key, a text, only_src text, b int);"
                + "insert into c select i, 'a' || i, 'x', i from generate_series(1, 100) i");
        exec(dst, "create table c2 (b int, id int primary key, a text, only_dst text default 'dflt');"
                + "insert into c2 values (0, 0, 'kept', 'own')");
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            s.setAutoCommit(false);
            CopyResult r = TableCopy.copy(p, s, new CopyRequest("c", "c2", true, "id % 10 = 0"), CopyProgress.NONE);
            s.commit();
            assertEquals(10, r.rows());
            assertEquals(2, r.warnings().size(), r.warnings().toString());
            assertTrue(r.warnings().get(0).contains("only_src"), r.warnings().toString());
            assertTrue(r.warnings().get(1).contains("only_dst"), r.warnings().toString());
            assertEquals(11, count(s, "select count(*) from c2"));
            assertEquals("a50|50|dflt", text(s, "select a || '|' || b || '|' || only_dst from c2 where id = 50"));
            assertEquals("kept", text(s, "select a from c2 where id = 0"));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldCopyAPartitionedParentWholeIntoWhateverTheDestinationIs(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "copysrc");
        TestDb dst = TestDb.create(to, "copydst");
        boolean srcParts = atLeast(from, 10);
        boolean dstParts = atLeast(to, 11);
        exec(src, srcParts
                ? "create table pt (id int not null, day date not null, v text) partition by range (day);"
                  + "create table pt_2020 partition of pt for values from ('2020-01-01') to ('2021-01-01');"
                  + "create table pt_2021 partition of pt for values from ('2021-01-01') to ('2022-01-01');"
                : "create table pt (id int primary key, day date not null, v text);");
        exec(src, "insert into pt select i, date '2020-01-01' + i % 700, 'v' || i from generate_series(1, 3000) i");
        exec(dst, dstParts
                ? "create table pt (id int not null, day date not null, v text, primary key (id, day))"
                  + " partition by range (id);"
                  + "create table pt_a partition of pt for values from (minvalue) to (1500);"
                  + "create table pt_b partition of pt for values from (1500) to (maxvalue);"
                : "create table pt (id int primary key, day date not null, v text); create index on pt (day)");
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            s.setAutoCommit(false);
            CopyResult r = TableCopy.copy(p, s, CopyRequest.of("pt"), CopyProgress.NONE);
            s.commit();
            assertEquals(3000, r.rows());
            assertEquals(rows(p, "pt", "id"), rows(s, "pt", "id"));
            if (dstParts) {
                assertEquals(1499, count(s, "select count(*) from only pt_a"));
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldNeverWriteGeneratedColumns(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "copysrc");
        TestDb dst = TestDb.create(to, "copydst");
        exec(src, "create table g (id int primary key, a int, twice int);"
                + "insert into g select i, i, -1 from generate_series(1, 500) i");
        boolean gen = atLeast(to, 12);
        exec(dst, "create table g (id int primary key, a int, twice int"
                + (gen ? " generated always as (a * 2) stored)" : ")"));
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            s.setAutoCommit(false);
            TableCopy.copy(p, s, CopyRequest.of("g"), CopyProgress.NONE);
            s.commit();
            assertEquals(gen ? 1000 : -1, count(s, "select twice from g where id = 500"));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldCopyRegTypesByNameNotByOid(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "copysrc");
        TestDb dst = TestDb.create(to, "copydst");
        String ddl = "create table target1 (x int); create table regs (id int primary key, rc regclass, rt regtype,"
                + " ra regclass[]);";
        exec(src, ddl + "insert into regs values (1, 'target1', 'target1', '{target1,regs}')");
        exec(dst, "create table shifts_the_oids (x int);" + ddl);
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            s.setAutoCommit(false);
            TableCopy.copy(p, s, CopyRequest.of("regs"), CopyProgress.NONE);
            s.commit();
            assertEquals("target1|target1|{target1,regs}",
                    text(s, "select rc || '|' || rt || '|' || ra::text from regs"));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldStopWhenProgressThrowsAndLeaveBothConnectionsUsable(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "copysrc");
        TestDb dst = TestDb.create(to, "copydst");
        exec(src, "create table big (id int primary key, v text);"
                + "insert into big select i, repeat('v', 100) from generate_series(1, 300000) i");
        exec(dst, "create table big (id int primary key, v text); create index big_v on big (v);"
                + "insert into big values (1, 'old')");
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            s.setAutoCommit(false);
            long[] seen = new long[1];
            // as the worker stops a copy: its progress callback throws
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TableCopy.copy(p, s,
                    CopyRequest.of("big"), (t, rows, bytes) -> {
                        seen[0] = rows;
                        throw new IllegalStateException("stop");
                    }, new TableCopy.Tuning(true, true, true, true)));
            assertEquals("stop", e.getMessage());
            assertTrue(seen[0] > 0 && seen[0] < 300_000, "stopped after " + seen[0] + " rows");
            s.rollback();
            s.setAutoCommit(true);
            assertTrue(p.getAutoCommit());
            assertEquals(300_000, count(p, "select count(*) from big"));
            assertEquals(List.of("1|old"), rows(s, "big", "id"));
            assertEquals(2, count(s, INDEXES_OF.formatted("public", "big")));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldNameTheTableWhenTheSubscriberRefusesARowAndLeaveTheProviderUsable(String from, String to)
            throws Exception {
        TestDb src = TestDb.create(from, "copysrc");
        TestDb dst = TestDb.create(to, "copydst");
        exec(src, "create table nn (id int primary key, v text);"
                + "insert into nn select i, case when i = 150000 then null else 'v' end"
                + " from generate_series(1, 200000) i");
        exec(dst, "create table nn (id int primary key, v text not null)");
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            s.setAutoCommit(false);
            CopyException e = assertThrows(CopyException.class,
                    () -> TableCopy.copy(p, s, CopyRequest.of("nn"), CopyProgress.NONE));
            assertTrue(e.getMessage().startsWith("table public.nn: copy from the provider's public.nn failed:"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("\"v\""), e.getMessage());
            s.rollback();
            assertTrue(p.getAutoCommit());
            assertEquals(200_000, count(p, "select count(*) from nn"));
            assertEquals(0, count(s, "select count(*) from nn"));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldCopyIntoOtherColumnTypesAsTheTableOwnerWithoutSuperuser(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "copysrc");
        TestDb dst = TestDb.create(to, "copydst");
        exec(src, "create table ty (id int primary key, n int, t text, f float8);"
                + "insert into ty select i, i * 7, 't' || i, i / 3.0 from generate_series(1, 1000) i");
        String role = "copier_" + dst.name();
        exec(dst, "create role " + role + " login; create table ty (id bigint primary key, n numeric, t varchar(20),"
                + " f float8, created timestamptz default now()); create index ty_t on ty (t);"
                + "create function ty_deny() returns trigger language plpgsql as $$ begin"
                + " raise exception 'trigger fired'; end $$;"
                + "create trigger ty_deny before insert on ty for each row execute procedure ty_deny();"
                + "alter table ty disable trigger ty_deny; alter table ty owner to " + role);
        try (Connection p = src.connect();
             Connection s = java.sql.DriverManager.getConnection(dst.jdbcUrl(), role, "")) {
            s.setAutoCommit(false);
            CopyResult r = TableCopy.copy(p, s, CopyRequest.of("ty"), CopyProgress.NONE);
            s.commit();
            assertEquals(1000, r.rows());
            // public is not writable by others from 15 on: the indexes then stay during the copy
            boolean schemaCreate = !atLeast(to, 15);
            assertEquals(schemaCreate ? 2 : 3, r.warnings().size(), r.warnings().toString());
            assertTrue(r.warnings().get(0).contains("created"), r.warnings().toString());
            assertTrue(r.warnings().get(1).contains("not a superuser"), r.warnings().toString());
            if (!schemaCreate) {
                assertTrue(r.warnings().get(2).contains("indexes kept during the copy"), r.warnings().toString());
            }
            String row = "select n || '|' || t || '|' || encode(float8send(f), 'hex') from ty where id = 1000";
            assertEquals(text(p, row), text(s, row));
            assertEquals(1000, count(s, "select count(*) from ty where created is not null"));
            assertEquals(2, count(s, INDEXES_OF.formatted("public", "ty")));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldWriteFrozenRowsAfterItsOwnTruncate(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "copysrc");
        TestDb dst = TestDb.create(to, "copydst");
        exec(src, "create table fz (id int primary key, v text);"
                + "insert into fz select i, 'v' from generate_series(1, 50) i");
        exec(dst, "create extension pageinspect; create table fz (id int primary key, v text)");
        // HEAP_XMIN_FROZEN: both xmin hint bits set, what COPY FREEZE writes
        String frozen = "select count(*) from heap_page_items(get_raw_page('fz', 0)) where t_infomask & 768 = 768";
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            s.setAutoCommit(false);
            TableCopy.copy(p, s, CopyRequest.of("fz"), CopyProgress.NONE);
            s.commit();
            assertEquals(50, count(s, frozen));
            s.setAutoCommit(false);
            TableCopy.copy(p, s, new CopyRequest("fz", "fz", false, null), CopyProgress.NONE,
                    new TableCopy.Tuning(true, false, true, true));
            s.commit();
            assertEquals(0, count(s, frozen), "no FREEZE, no frozen rows: the check can fail");
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldCopyInACallersRepeatableReadTransactionThatAlreadyRead(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "copysrc");
        TestDb dst = TestDb.create(to, "copydst");
        exec(src, "create table rr (id int primary key, v text);"
                + "insert into rr select i, 'v' from generate_series(1, 99) i");
        exec(dst, "create table rr (id int primary key, v text); create table other (x int)");
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            s.setAutoCommit(false);
            s.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            // a held snapshot makes COPY FREEZE refuse: the copy goes on without it
            assertEquals(0, count(s, "select count(*) from other"));
            CopyResult r = TableCopy.copy(p, s, CopyRequest.of("rr"), CopyProgress.NONE);
            exec(s, "insert into other values (1)");
            s.commit();
            assertEquals(99, r.rows());
            assertEquals(99, count(s, "select count(*) from rr"));
            assertEquals(1, count(s, "select count(*) from other"));
        }
    }

    @Test
    void shouldNameTheMissingTableAndRefuseAutocommit() throws Exception {
        String v = PgServers.newest();
        TestDb src = TestDb.create(v, "copysrc");
        TestDb dst = TestDb.create(v, "copydst");
        exec(src, "create table here (id int primary key)");
        exec(dst, "create table here (id int primary key)");
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            CopyException auto = assertThrows(CopyException.class,
                    () -> TableCopy.copy(p, s, CopyRequest.of("here"), CopyProgress.NONE));
            assertTrue(auto.getMessage().startsWith("table public.here: the subscriber connection is in autocommit"),
                    auto.getMessage());
            s.setAutoCommit(false);
            CopyException e = assertThrows(CopyException.class,
                    () -> TableCopy.copy(p, s, new CopyRequest("nothere", "here", false, null), CopyProgress.NONE));
            assertEquals("table public.nothere: not found on the provider", e.getMessage());
            s.rollback();
            assertTrue(p.getAutoCommit());
            assertNotNull(text(p, "select 1"));
        }
    }

    static void awaitAtLeast(Map<?, ?> map, int n) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (map.size() < n) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("writer wrote only " + map.size() + " rows, wanted " + n);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
    }
}
