package org.londiste4j.cli.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The demo's application: a small shop (customers, products, orders, order lines with foreign keys, serial keys
 * and a free-standing sequence) with a few thousand rows of types that tend to go wrong between two majors
 * (numeric, float specials, bytea, arrays, json and jsonb, timestamps with time zone and infinities, intervals,
 * inet, uuid, Unicode, NULL beside empty strings), and a writer that keeps placing orders while it replicates.
 *
 * <p>Only the source gets the schema: the leaf's {@code add-table --create-full} builds it from there.
 */
final class Shop {
    static final List<String> TABLES = List.of("public.customers", "public.products", "public.orders",
            "public.order_lines");

    private Shop() {
    }

    /** Creates the tables and fills them (about 2,000 customers, 300 products, 4,000 orders, 10,000 lines). */
    static void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("create table customers (id serial primary key, name text not null, email text unique,"
                    + " country char(2), tags text[], prefs jsonb, joined timestamptz not null default now(),"
                    + " vip_until timestamp)");
            st.execute("create table products (id serial primary key, sku text not null unique, title text not null,"
                    + " price numeric(12,2) not null check (price >= 0), weight_kg double precision, photo bytea,"
                    + " attrs json, lead_time interval)");
            st.execute("create sequence invoice_no start 100000");
            st.execute("create table orders (id bigserial primary key, customer_id int not null references customers,"
                    + " placed_at timestamptz not null default now(), status text not null default 'new',"
                    + " invoice bigint not null default nextval('invoice_no'), note text, client_ip inet,"
                    + " token uuid)");
            st.execute("create index orders_customer_idx on orders (customer_id)");
            st.execute("create table order_lines (order_id bigint not null references orders on delete cascade,"
                    + " line int not null, product_id int not null references products, qty int not null,"
                    + " unit_price numeric(12,2) not null, primary key (order_id, line))");
            st.execute("insert into customers (name, email, country, tags, prefs, joined, vip_until)"
                    + " select (array['Zoë','Łukasz','東京 Shop','O''Brien','Ана','Jean-Luc','🛒 Emma'])[1 + i % 7]"
                    + " || ' ' || i, case when i % 11 = 0 then null else 'c' || i || '@example.com' end,"
                    + " (array['FI','DE','JP','IE','BR',null])[1 + i % 6],"
                    + " case when i % 4 = 0 then '{}'::text[] else array['t' || i % 5, 'a,b', 'quote\"d'] end,"
                    + " jsonb_build_object('newsletter', i % 2 = 0, 'lang', 'fi', 'score', i * 0.5),"
                    + " timestamptz '2020-01-01 00:00:00+02' + i * interval '37 minutes',"
                    + " case when i % 9 = 0 then timestamp 'infinity' when i % 9 = 1 then null"
                    + " else timestamp '2030-06-01' end from generate_series(1, 2000) i");
            st.execute("insert into products (sku, title, price, weight_kg, photo, attrs, lead_time)"
                    + " select 'SKU-' || lpad(i::text, 5, '0'), 'Product ' || i || case when i % 10 = 0 then ''"
                    + " else ' – ″deluxe″' end, round((i * 3.17)::numeric, 2),"
                    + " case i % 50 when 0 then 'NaN'::float8 when 1 then 'Infinity'::float8 else i / 7.0 end,"
                    + " case when i % 3 = 0 then null when i % 3 = 1 then ''::bytea"
                    + " else decode(md5(i::text), 'hex') end,"
                    + " json_build_object('color', case when i % 2 = 0 then 'red' else '' end,"
                    + " 'sizes', json_build_array(i, i + 1)),"
                    + " i * interval '1 day 3 hours' from generate_series(1, 300) i");
            st.execute("insert into orders (customer_id, placed_at, status, note, client_ip, token)"
                    + " select 1 + i % 2000, timestamptz '2024-01-01 12:00:00+00' - i * interval '13 minutes',"
                    + " (array['new','paid','shipped','cancelled'])[1 + i % 4],"
                    + " case when i % 5 = 0 then '' when i % 5 = 1 then null else 'leave at door #' || i end,"
                    + " ('10.0.' || i % 256 || '.' || i / 256 % 256)::inet, md5('o' || i)::uuid"
                    + " from generate_series(1, 4000) i");
            st.execute("insert into order_lines select o.id, l, 1 + (o.id * 7 + l) % 300, 1 + l % 4,"
                    + " round((o.id % 90 + 0.99)::numeric, 2) from orders o, generate_series(1, 3) l"
                    + " where l <= 1 + o.id % 3");
            st.execute("analyze");
        }
    }

    /** Rows of each table, for the progress lines. */
    static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The application: small transactions (a new order with its lines, a status change, now and then a new
     * customer, a price change or a cancelled order deleted), about 30 a second, until stopped.
     */
    static final class Writer implements Runnable {
        private final Supplier<Connection> connect;
        final AtomicLong transactions = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean running = true;
        private Thread thread;

        Writer(Supplier<Connection> connect) {
            this.connect = connect;
        }

        void start() {
            thread = new Thread(this, "demo-writer");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
            if (thread != null) {
                try {
                    thread.join(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void run() {
            Random rnd = new Random();
            try (Connection c = connect.get()) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    while (running) {
                        writeOne(st, rnd);
                        c.commit();
                        transactions.incrementAndGet();
                        Thread.sleep(30);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        private static void writeOne(Statement st, Random rnd) throws SQLException {
            int customer = 1 + rnd.nextInt(2000);
            int roll = rnd.nextInt(20);
            if (roll == 0) {
                try (ResultSet rs = st.executeQuery("insert into customers (name, email, tags, prefs) values"
                        + " ('Walk-in ' || clock_timestamp(), null, array['new'], '{\"src\": \"demo\"}')"
                        + " returning id")) {
                    rs.next();
                    customer = rs.getInt(1);
                }
            } else if (roll == 1) {
                st.execute("update products set price = price + 0.01 where id = " + (1 + rnd.nextInt(300)));
            } else if (roll == 2) {
                st.execute("delete from orders where id = (select min(id) from orders where status = 'cancelled')");
            } else if (roll < 6) {
                st.execute("update orders set status = case status when 'new' then 'paid' when 'paid' then 'shipped'"
                        + " else status end, note = coalesce(note, '') || '.' where id = "
                        + (1 + rnd.nextInt(4000)));
            }
            long order;
            try (ResultSet rs = st.executeQuery("insert into orders (customer_id, note, client_ip, token) values ("
                    + customer + ", 'web order', '192.0.2." + rnd.nextInt(256) + "',"
                    + " md5(clock_timestamp()::text)::uuid)"
                    + " returning id")) {
                rs.next();
                order = rs.getLong(1);
            }
            int lines = 1 + rnd.nextInt(3);
            for (int l = 1; l <= lines; l++) {
                st.execute("insert into order_lines select " + order + ", " + l + ", id, " + (1 + rnd.nextInt(5))
                        + ", price from products where id = " + (1 + rnd.nextInt(300)));
            }
        }
    }
}
