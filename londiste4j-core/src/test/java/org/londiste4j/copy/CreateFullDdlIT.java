package org.londiste4j.copy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.copy.CopyFixture.count;
import static org.londiste4j.copy.CopyFixture.exec;
import static org.londiste4j.copy.CopyFixture.text;

/**
 * {@link TableDdl#createAll} (issue 3): the sequences column defaults use are created with their table (also for
 * {@code --create}), every table comes before the foreign keys among them whatever their order, and a key to a
 * table that is not there is left out with a warning whose statement adds it later.
 */
class CreateFullDdlIT {
    private static final String SHOP = """
            create sequence public.inv increment by 3 start 1000 cache 2;
            create table public.ext (id int primary key);
            create table public.orders (id int primary key, invoice bigint not null default nextval('public.inv'));
            create table public.lines (order_id int not null references public.orders, line int,
              ext_id int references public.ext, primary key (order_id, line));
            """;

    static Stream<Arguments> pairs() {
        return PgVersionsForTest.pairs();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldCreateTablesThenTheirKeysAndTheSequencesTheirDefaultsUse(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "cfsrc");
        TestDb dst = TestDb.create(to, "cfdst");
        exec(src, SHOP);
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            // lines before orders, as name order has them; ext stays behind
            List<String> w = TableDdl.createAll(s, List.of(TableDdl.read(p, "lines"), TableDdl.read(p, "orders")),
                    true);
            String add = "alter table public.lines add constraint lines_ext_id_fkey FOREIGN KEY (ext_id) REFERENCES"
                    + " public.ext(id)";
            assertEquals(List.of("table public.lines: foreign key lines_ext_id_fkey not created: public.ext is not on"
                    + " the subscriber; once it is, add the key with: " + add), w);
            assertEquals("orders", text(s, "select confrelid::regclass::text from pg_constraint"
                    + " where conname = 'lines_order_id_fkey'"));
            assertEquals(1000, count(s, "select nextval('public.inv')"));
            assertEquals(1003, count(s, "select nextval('public.inv')"));
            exec(s, "insert into public.orders (id) values (1)");
            assertEquals(1006, count(s, "select invoice from public.orders where id = 1"));

            TableDdl.createAll(s, List.of(TableDdl.read(p, "ext")), true);
            exec(s, add);
            assertEquals(2, count(s, "select count(*) from pg_constraint where contype = 'f'"));
            CopyException again = assertThrows(CopyException.class,
                    () -> TableDdl.createAll(s, List.of(TableDdl.read(p, "ext")), true));
            assertTrue(again.getMessage().contains("table public.ext: already exists on the subscriber"),
                    again.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void shouldMakeADefaultValidForTablesOnly(String from, String to) throws Exception {
        TestDb src = TestDb.create(from, "cfsrc");
        TestDb dst = TestDb.create(to, "cfdst");
        exec(src, SHOP);
        try (Connection p = src.connect(); Connection s = dst.connect()) {
            List<String> w = TableDdl.createAll(s, List.of(TableDdl.read(p, "orders")), false);
            assertEquals(List.of(), w);
            exec(s, "insert into public.orders (id) values (1)");
            assertEquals(1000, count(s, "select invoice from public.orders where id = 1"));
            assertEquals(0, count(s, "select count(*) from pg_constraint where contype = 'f'"));
        }
    }
}
