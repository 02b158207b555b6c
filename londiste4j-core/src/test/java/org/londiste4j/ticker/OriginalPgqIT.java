package org.londiste4j.ticker;

import org.junit.jupiter.api.Test;
import org.londiste4j.testkit.SystemPg;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.ticker.TestSql.await;
import static org.londiste4j.ticker.TestSql.count;
import static org.londiste4j.ticker.TestSql.exec;
import static org.londiste4j.ticker.TestSql.finish;
import static org.londiste4j.ticker.TestSql.nextBatch;
import static org.londiste4j.ticker.TestSql.scalar;
import static org.londiste4j.ticker.TestSql.ticks;

/** pgqd ticks, retries and maintains a database that has the original Skytools pgq extension (3.5, in C). */
class OriginalPgqIT {

    @Test
    void shouldServeTheOriginalPgqExtension() throws Exception {
        try (SystemPg pg = SystemPg.start("pgq");
             Connection admin = DriverManager.getConnection(pg.url("postgres"), "postgres", "")) {
            exec(admin, "create database orig");
            try (Connection c = DriverManager.getConnection(pg.url("orig"), "postgres", "")) {
                exec(c, "create extension pgq");
                exec(c, "select pgq.create_queue('oq')");
                exec(c, "select pgq.set_queue_config('oq', 'ticker_max_count', '1')");
                exec(c, "select pgq.register_consumer('oq', 'c1')");
                try (Pgqd pgqd = new Pgqd(TestSql.fast(List.of("orig")), TestSql.connector(pg.port()))) {
                    pgqd.start();
                    long before = ticks(c, "oq");
                    exec(c, "select pgq.insert_event('oq', 'x', 'orig')");
                    await(Duration.ofSeconds(10), "a tick", () -> ticks(c, "oq") > before);
                    long b = nextBatch(c, "oq", "c1");
                    while (b > 0 && count(c, "select count(*) from pgq.get_batch_events(" + b + ")") == 0) {
                        finish(c, b);
                        b = nextBatch(c, "oq", "c1");
                    }
                    assertTrue(b > 0, "a batch with the event");
                    String evId = scalar(c, "select ev_id from pgq.get_batch_events(" + b + ")");
                    exec(c, "select pgq.event_retry(" + b + ", " + evId + ", 0)");
                    finish(c, b);
                    await(Duration.ofSeconds(15), "the retried event back", () -> {
                        long nb = nextBatch(c, "oq", "c1");
                        if (nb <= 0) {
                            return false;
                        }
                        long n = count(c, "select count(*) from pgq.get_batch_events(" + nb + ") where ev_id = "
                                + evId + " and ev_retry = 1");
                        finish(c, nb);
                        return n == 1;
                    });
                    await(Duration.ofSeconds(10), "a maintenance round",
                            () -> pgqd.stats("orig").orElseThrow().totalMaint() > 0);
                    assertEquals(1, pgqd.stats("orig").orElseThrow().totalRetries());
                }
            }
        }
    }
}
