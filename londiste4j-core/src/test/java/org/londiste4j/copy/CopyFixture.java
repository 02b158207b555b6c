package org.londiste4j.copy;

import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Tables with awkward types and names, valid on 9.6 to 18, and an independent row-by-row reader. */
final class CopyFixture {
    /** User types (enum, domain, composite, hstore): the text COPY path. */
    static final String AWKWARD_DDL = """
            create extension if not exists hstore;
            create type "Mood" as enum ('sad', 'ok', 'happy');
            create domain posint as integer check (value > 0);
            create type pair as (a int, b text);
            create schema "Odd Schema";
            create table "Odd Schema"."Weird Table" (
              "Id" int, "select" text, k2 text, t text, b bytea, ia int[], ta text[], j json, jb jsonb,
              n numeric, n2 numeric(10,3), f8 float8, f4 float4, ts timestamp, tstz timestamptz, d date,
              iv interval, m "Mood", dm posint, cp pair, u uuid, ip inet, cn cidr, h hstore, fa float8[],
              tm time, ttz timetz, bo boolean, mo money, "Space col" varchar(20),
              primary key ("Id", k2));
            """;

    static final String AWKWARD_ROWS = """
            insert into "Odd Schema"."Weird Table" values
              (1, 'sel', 'a', '', '', '{}', '{}', '{"b": 1,  "a": [1, 2.50]}', '{"b": 1, "a": [1, 2.50, null]}',
               1.500, 2.5, 'NaN', 'Infinity', 'infinity', '-infinity', 'infinity', '1 year 2 mons -3 days 04:05:06.7',
               'happy', 7, row(1, 'x,y"z'), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '10.1.2.3/16', '10.1.0.0/16',
               'a=>1, b=>NULL, "c d"=>"e,f"', '{0.1, NaN, -0, 1e308, NULL}', '24:00:00', '12:34:56.789+05:30', true,
               12.34, 'x'),
              (2, null, 'b', null, null, null, null, null, null, null, null, null, null, null, null, null, null,
               null, null, null, null, null, null, null, null, null, null, null, null, null),
              (3, 'żółw 🐢 日本', 'c', repeat('long ', 40000), '\\x00ff10', '{1, NULL, -3}',
               '{"", NULL, "a b", "\\""}',
               '[]', '{}', '1e-20', -0.001, -0.0, 0.1, '2020-02-29 23:59:59.999999', '2020-06-01 12:34:56.789+05:30',
               '-infinity', '-178000000 years', 'sad', 1, row(null, ''), '00000000-0000-0000-0000-000000000000',
               '::1', '2001:db8::/32', '', '{-Infinity}', '00:00', '00:00+00', false, -0.01, 'Tab	and
            newline');
            insert into "Odd Schema"."Weird Table" ("Id", k2, t, n, f8, f4, tstz, iv, m, dm, jb, ia, fa)
              select i, 'g' || i, md5(i::text), i / 7.0, i / 3.0, i / 3.0, timestamptz '2001-01-01 00:00+00'
                     + i * interval '1 hour 1 second', i * interval '1 day 3 microseconds',
                     (array['sad', 'ok', 'happy'])[i % 3 + 1]::"Mood", i, jsonb_build_object('i', i, 'f', i / 3.0),
                     array[i, i + 1], array[i / 3.0, sqrt(i)]
                from generate_series(10, 3009) i;
            """;

    /** Built-in types only: the binary COPY path. */
    static final String BUILTIN_DDL = """
            create table public."Plain" (id bigint primary key, t text, b bytea, n numeric, f8 float8, f4 real,
              ts timestamptz, d date, iv interval, jb jsonb, ia int[], u uuid, ip inet, x varchar(10), c char(3),
              bo bool);
            """;

    static final String BUILTIN_ROWS = """
            insert into public."Plain"
              select i, repeat('t', i % 50), decode(md5(i::text), 'hex'), i * 1.25, i / 3.0, i / 7.0,
                     timestamptz '2020-01-01 00:00+00' + i * interval '1 minute', date '2000-01-01' + i,
                     i * interval '1 hour 1 microsecond', jsonb_build_object('k', i, 'a', array[i, null]),
                     array[i, -i], md5(i::text)::uuid, ('10.0.' || i % 256 || '.1')::inet, left(md5(i::text), 10),
                     'ab', i % 2 = 0
                from generate_series(1, 5000) i;
            insert into public."Plain" values (0, null, null, 'NaN', '-Infinity', 'NaN', '-infinity', 'infinity',
              null, 'null', '{}', null, null, '', '', null);
            """;

    private CopyFixture() {
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static void exec(TestDb db, String sql) throws SQLException {
        try (Connection c = db.connect()) {
            exec(c, sql);
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * Every row of {@code table} as text, ordered by {@code orderBy}: floats by their bits, float arrays element by
     * element, the rest in fixed text settings. Independent of the code under test (no Catalog, no checksum).
     */
    static List<String> rows(Connection c, String table, String orderBy) throws SQLException {
        exec(c, "set DateStyle = 'ISO'; set TimeZone = 'UTC'; set IntervalStyle = 'postgres';"
                + " set extra_float_digits = 0; set lc_monetary = 'C'; set bytea_output = 'hex'");
        List<String> exprs = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "select quote_ident(attname), format_type(atttypid, null) from pg_attribute where attrelid = '"
                        + table.replace("'", "''")
                        + "'::regclass and attnum > 0 and not attisdropped order by attnum")) {
            while (rs.next()) {
                String col = rs.getString(1);
                String type = rs.getString(2);
                exprs.add(switch (type) {
                    case "double precision", "real" -> "encode(float8send(" + col + "::float8), 'hex')";
                    case "double precision[]" -> "(select array_agg(encode(float8send(x), 'hex')) from unnest("
                            + col + ") x)::text";
                    default -> col + "::text";
                });
            }
        }
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "select " + String.join(" || '|' || ", exprs.stream().map(e -> "coalesce(" + e + ", '<null>')")
                        .toList()) + " from " + table + " order by " + orderBy)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        exec(c, "reset all");
        return out;
    }
}
