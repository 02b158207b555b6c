package org.londiste4j.daemon;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.londiste4j.config.ConfigException;
import org.londiste4j.db.Db;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The BaseScript loop: retry after crashes, stop, kill, reload, and what ends it for good. */
class JobTest {
    private static final Job.Policy FAST = new Job.Policy(Duration.ofMillis(5), Duration.ofMillis(5),
            Duration.ofSeconds(300), Duration.ofSeconds(900));

    @Test
    void shouldLogCrashCloseConnectionsSleepAndGoOn() {
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var logger = (Logger) LoggerFactory.getLogger(Job.class);
        logger.addAppender(appender);
        try {
            var rounds = new AtomicInteger();
            var closed = new AtomicInteger();
            var holder = new Job[1];
            holder[0] = new Job("ticker", FAST, () -> {
                int n = rounds.incrementAndGet();
                if (n <= 2) {
                    throw new IllegalStateException("connection lost");
                }
                holder[0].stop();
                return false;
            }, closed::incrementAndGet);
            holder[0].run();
            assertEquals(3, rounds.get());
            assertEquals(2, closed.get());
            var lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertTrue(lines.contains("job ticker crashed: connection lost"), lines.toString());
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void shouldEndOnConfigErrorAndPermanentDatabaseError() {
        var cfg = new ConfigException("config x.ini: key db is not set");
        var job = new Job("j", FAST, () -> {
            throw cfg;
        }, () -> { });
        assertSame(cfg, assertThrows(ConfigException.class, job::run));

        var auth = new Db.DbException("database dbname=x: password authentication failed", "28P01", null);
        var closed = new AtomicInteger();
        var job2 = new Job("j", FAST, () -> {
            throw auth;
        }, closed::incrementAndGet);
        assertSame(auth, assertThrows(Db.DbException.class, job2::run));
        assertEquals(1, closed.get());
    }

    @Test
    void shouldStopFromAnotherThreadDuringALongSleep() throws Exception {
        var slow = new Job.Policy(Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        var rounds = new AtomicInteger();
        var job = new Job("sleepy", slow, () -> {
            rounds.incrementAndGet();
            return false;
        }, () -> { });
        var done = CompletableFuture.runAsync(job::run);
        awaitTrue(() -> rounds.get() == 1);
        job.stop();
        done.get(5, TimeUnit.SECONDS);
        assertEquals(1, rounds.get());
    }

    @Test
    void shouldReloadBetweenRoundsAndKillABlockedRound() throws Exception {
        var slow = new Job.Policy(Duration.ofHours(1), Duration.ofMillis(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        var reloads = new AtomicInteger();
        var rounds = new AtomicInteger();
        var closed = new AtomicInteger();
        var job = new Job("r", slow, () -> {
            if (rounds.incrementAndGet() == 2) {
                Thread.sleep(3_600_000); // a query that never returns
            }
            return false;
        }, closed::incrementAndGet).onReload(reloads::incrementAndGet);
        var done = CompletableFuture.runAsync(job::run);
        awaitTrue(() -> rounds.get() == 1);
        job.reload();
        awaitTrue(() -> rounds.get() == 2);
        assertEquals(1, reloads.get());
        job.kill();
        done.get(5, TimeUnit.SECONDS);
        assertTrue(closed.get() >= 1, "kill closes the connections");
    }

    static void awaitTrue(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
