package org.londiste4j.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker's read keys ({@code pgq_keep_lag}, {@code pgq_batch_collect_*}, {@code local_only}, ...). */
class WorkerReadKeysTest {
    @TempDir
    Path tmp;

    private JobConfig load(String text) throws IOException {
        Path f = tmp.resolve("leaf.ini");
        Files.writeString(f, "[londiste3]\ndb = dbname=x\nqueue_name = q\n" + text);
        return JobConfig.load(f, ConfigKeys.LONDISTE, Map.of());
    }

    @Test
    void shouldReadTheKeysIntoReadOptions() throws IOException {
        var r = WorkerSettings.of(load("pgq_keep_lag = 2.5\npgq_batch_collect_events = 100\n"
                + "pgq_batch_collect_interval = 3\nlocal_only = 1\nlocal_only_drop_execute = true\n"
                + "keepalive_stats = 60\n")).read();
        assertEquals(Duration.ofMillis(2500), r.keepLag());
        assertEquals(100, r.collectEvents());
        assertEquals(Duration.ofSeconds(3), r.collectInterval());
        assertTrue(r.localOnly() && r.dropExecute() && r.collects());
        assertEquals(Duration.ofSeconds(60), r.keepaliveStats());
    }

    @Test
    void defaultsShouldReadEveryTickAtOnce() throws IOException {
        var r = WorkerSettings.of(load("")).read();
        assertNull(r.keepLag());
        assertNull(r.collectEvents());
        assertNull(r.collectInterval());
        assertTrue(!r.localOnly() && !r.collects());
        assertEquals(Duration.ofSeconds(300), r.keepaliveStats());
        assertNull(WorkerSettings.of(load("pgq_batch_collect_events = 0\npgq_keep_lag = 0\n")).read().keepLag());
    }

    @Test
    void keysWithoutEffectShouldGetOneInfoLineEachWhenSet() throws IOException {
        assertEquals(List.of(), WorkerSettings.noEffect(load("")));
        List<String> lines = WorkerSettings.noEffect(load("threaded_copy_tables = public.*\n"
                + "threaded_copy_pool_size = 4\ntable_filter = public.a\n"));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("threaded_copy_tables, threaded_copy_pool_size: accepted for compatibility"));
        assertTrue(lines.get(1).startsWith("table_filter: accepted for compatibility, no effect"));
        assertEquals(1, WorkerSettings.noEffect(load("threaded_copy_pool_size = 2\n")).size());
    }
}
