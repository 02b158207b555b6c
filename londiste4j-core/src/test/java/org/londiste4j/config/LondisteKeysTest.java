package org.londiste4j.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The londiste key group (reference 1.4): defaults, compat names, sections, keys without effect. */
class LondisteKeysTest {
    @TempDir
    Path tmp;

    private JobConfig load(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return JobConfig.load(f, ConfigKeys.LONDISTE, Map.of());
    }

    @Test
    void shouldReadTheWalkthroughFileWithDefaults() throws IOException {
        var cf = load("slave.ini", "job_name = slave\ndb = dbname=myapp\nqueue_name = myappq\nloop_delay = 0.5\n"
                + "logfile = " + tmp + "/log/%(job_name)s.log\npidfile = " + tmp + "/pid/%(job_name)s.pid\n");
        assertEquals(List.of(), cf.check());
        assertEquals("dbname=myapp", cf.get(ConfigKeys.DB));
        assertEquals("myappq", cf.get(ConfigKeys.QUEUE_NAME));
        assertEquals("slave", cf.get(ConfigKeys.CONSUMER_NAME));
        assertEquals(4, cf.get(ConfigKeys.PARALLEL_COPIES));
        assertEquals(300, cf.get(ConfigKeys.PGQ_LAZY_FETCH));
        assertEquals(Duration.ofSeconds(10), cf.get(ConfigKeys.LOCK_TIMEOUT));
        assertEquals(Optional.empty(), cf.find(ConfigKeys.NODE_NAME));
        assertEquals(Optional.empty(), cf.find(ConfigKeys.PGQ_KEEP_LAG));
        assertEquals("", cf.get(ConfigKeys.REMOTE_EXTRA_CONNSTR));
    }

    @Test
    void consumerNameShouldDefaultToTheFilesNameAndFollowJobName() throws IOException {
        assertEquals("leaf1", load("leaf1.ini", "[londiste3]\ndb = x\n").get(ConfigKeys.CONSUMER_NAME));
        assertEquals("j", load("a.ini", "[londiste]\njob_name = j\n").get(ConfigKeys.CONSUMER_NAME));
        assertEquals("c", load("b.ini", "consumer_name = c\njob_name = j\n").get(ConfigKeys.CONSUMER_NAME));
    }

    @Test
    void shouldReadCompatNamesWithoutWarning() throws IOException {
        var cf = load("old.ini", "[londiste]\npgq_queue_name = q1\npgq_consumer_id = c1\n");
        assertEquals(List.of(), cf.check());
        assertEquals("q1", cf.get(ConfigKeys.QUEUE_NAME));
        assertEquals("c1", cf.get(ConfigKeys.CONSUMER_NAME));
        var both = load("both.ini", "queue_name = new\npgq_queue_name = old\n");
        assertEquals("new", both.get(ConfigKeys.QUEUE_NAME));
    }

    @Test
    void shouldWarnAboutKeysWithoutEffectAndRefuseBadValuesAllAtOnce() throws IOException {
        var cf = load("w.ini", "[londiste]\nhandler_modules = londiste.handlers.dispatch\nuse_skylog = 0\n"
                + "compare_sql = select 1\nqueue_nmae = q\n");
        var w = cf.check();
        assertEquals(4, w.size(), w.toString());
        assertTrue(w.get(0).contains("handler_modules (line 2): has no effect in londiste4j"), w.get(0));
        assertTrue(w.get(3).contains("did you mean queue_name?"), w.get(3));
        var bad = load("bad.ini", "parallel_copies = 0\npgq_lazy_fetch = x\n");
        var e = assertThrows(ConfigException.class, bad::check);
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).contains("key parallel_copies (line 1): '0' is invalid: must be >= 1"),
                e.problems().get(0));
    }

    @Test
    void queueNameMissingShouldSayWhatToAdd() throws IOException {
        var cf = load("n.ini", "db = x\n");
        var e = assertThrows(ConfigException.class, () -> cf.get(ConfigKeys.QUEUE_NAME));
        assertTrue(e.getMessage().contains("key queue_name is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("add 'queue_name = ...'"), e.getMessage());
    }
}
