package org.londiste4j.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviours of python-skytools' tests/test_config.py, on a file of the same shape, plus ours. */
class JobConfigTest {
    private static final ConfigKeys.KeySet KEYS = new ConfigKeys.KeySet("test", List.of("base"),
            List.of(ConfigKeys.GENERIC, ConfigKeys.IGNORED));

    @TempDir
    Path tmp;

    static Path baseIni() throws URISyntaxException {
        return Path.of(JobConfigTest.class.getResource("/config/base.ini").toURI());
    }

    static JobConfig base() throws URISyntaxException {
        return JobConfig.load(baseIni(), KEYS, Map.of());
    }

    @Test
    void shouldReadStringsWithDefaultsAndInterpolation() throws Exception {
        var cf = base();
        assertEquals("base", cf.section());
        assertEquals("1", cf.getString("foo", null));
        assertEquals("1", cf.getString("bar", null));
        assertEquals("q", cf.getString("missing", "q"));
        assertTrue(cf.string("missing").isEmpty());
    }

    @Test
    void shouldReadIntsFloatsAndBooleans() throws Exception {
        var cf = base();
        assertEquals(1, cf.getInt("foo", 0));
        assertEquals(2, cf.getInt("missing", 2));
        assertEquals(2.0, cf.getFloat("float-val", 0));
        assertEquals(3.0, cf.getFloat("missing", 3.0));
        assertTrue(cf.getBool("bool-true1", false));
        assertTrue(cf.getBool("bool-true2", false));
        assertFalse(cf.getBool("bool-false1", true));
        assertFalse(cf.getBool("bool-false2", true));
        assertTrue(cf.getBool("missing", true));
    }

    @Test
    void shouldReadListsOverContinuationLines() throws Exception {
        var cf = base();
        assertEquals(List.of(), cf.getList("list-val1", List.of("x")));
        assertEquals(List.of("a", "1", "asd", "ppp"), cf.getList("list-val2", List.of()));
        assertEquals(List.of("1"), cf.getList("missing", List.of("1")));
    }

    @Test
    void shouldReadDictsFilesAndBytes() throws Exception {
        var cf = base();
        assertEquals(Map.of(), cf.getDict("dict-val1", Map.of("x", "y")));
        assertEquals(Map.of("a", "1", "b", "2", "z", "z"), cf.getDict("dict-val2", Map.of()));
        assertEquals(Path.of("-"), cf.getFile("file-val1", null));
        assertTrue(cf.getFile("file-val2", null).isAbsolute());
        assertEquals(4, cf.getBytes("bytes-val1", 0));
        assertEquals(2048, cf.getBytes("bytes-val2", 0));
        assertEquals(3072, cf.getBytes("missing", 3072));
        assertEquals(10 * 1024 * 1024, Values.bytes("10 MB"));
    }

    @Test
    void shouldSeeDefaultSectionAndProvidedNames() throws Exception {
        var cf = base();
        assertEquals("yes", cf.getString("all", null));
        assertEquals("base", cf.jobName());
        assertEquals("test", cf.getString("service_name", null));
        assertEquals(baseIni().toAbsolutePath().toString(), cf.getString("config_file", null));
        assertEquals(List.of("base", "other"), cf.ini().sections());
        assertFalse(cf.ini().hasSection("DEFAULT"));
    }

    @Test
    void shouldExpandNestedReferencesAndNameMissingOnes() throws Exception {
        var cf = base();
        assertEquals("V2=V3=Q3", cf.getString("vars1", null));
        var e = assertThrows(ConfigException.class, () -> cf.getString("bad1", null));
        assertTrue(e.getMessage().contains("key bad1 (line 33)"), e.getMessage());
        assertTrue(e.getMessage().contains("%(missing1)s refers to no key"), e.getMessage());
    }

    @Test
    void shouldLetSetOverrideSectionAndCliOverrideSet() throws Exception {
        var cf = JobConfig.load(baseIni(), KEYS, JobConfig.parseSets(List.of("foo=overrided", " loop_delay = 3 ")));
        assertEquals("overrided", cf.getString("foo", null));
        assertEquals("overrided", cf.getString("bar", null));
        assertEquals(Duration.ofSeconds(3), cf.get(ConfigKeys.LOOP_DELAY));
        assertEquals("cli", cf.withCli(Map.of("foo", "cli")).getString("foo", null));
        var bad = assertThrows(ConfigException.class, () -> JobConfig.parseSets(List.of("x", "=y")));
        assertEquals(2, bad.problems().size());
    }

    @Test
    void shouldPickSectionOrRefuseAmbiguity() throws Exception {
        var none = new ConfigKeys.KeySet("random", List.of("random"), List.of(ConfigKeys.GENERIC));
        var e = assertThrows(ConfigException.class, () -> JobConfig.load(baseIni(), none, Map.of()));
        assertTrue(e.getMessage().contains("2 sections ([base], [other]) and none is [random]"), e.getMessage());
        var missing = assertThrows(ConfigException.class,
                () -> JobConfig.load(tmp.resolve("random.ini"), KEYS, Map.of()));
        assertTrue(missing.getMessage().endsWith("random.ini: file not found; give the path of an ini file "
                + "(--ini prints a sample)"), missing.getMessage());
    }

    @Test
    void shouldReadWalkthroughFileWithoutHeader() throws IOException {
        Path f = write("master.ini", "job_name = master\ndb = dbname=myapp\nqueue_name = myappq\n"
                + "logfile = /tmp/l4j/%(job_name)s.log\npidfile = /tmp/l4j/%(job_name)s.pid\n");
        var cf = JobConfig.load(f, ConfigKeys.LONDISTE_BASE, Map.of());
        assertEquals(IniFile.NO_SECTION, cf.section());
        assertEquals("dbname=myapp", cf.getString("db", null));
        assertEquals(Path.of("/tmp/l4j/master.log"), cf.optionalFile(ConfigKeys.LOGFILE).orElseThrow());
    }

    @Test
    void shouldPreferLondisteSectionThenAnySingleOne() throws IOException {
        Path f = write("slave.ini", "[londiste3]\njob_name = slave\n");
        assertEquals("londiste3", JobConfig.load(f, ConfigKeys.LONDISTE_BASE, Map.of()).section());
        Path g = write("x.ini", "[whatever]\nloop_delay = 2\n");
        assertEquals("whatever", JobConfig.load(g, ConfigKeys.LONDISTE_BASE, Map.of()).section());
        Path h = write("y.ini", "[foo]\na=1\n[londiste]\nb=2\n");
        assertEquals("londiste", JobConfig.load(h, ConfigKeys.LONDISTE_BASE, Map.of()).section());
        Path empty = write("ticker.ini", "# nothing yet\n");
        var cf = JobConfig.load(empty, ConfigKeys.PGQD, Map.of());
        assertEquals("ticker", cf.jobName());
        assertEquals(Duration.ofSeconds(3600), cf.get(ConfigKeys.PGQD_CONNECTION_LIFETIME));
        assertEquals(Duration.ofMillis(100), cf.get(ConfigKeys.TICKER_PERIOD));
    }

    @Test
    void shouldWarnAboutUnknownAndIgnoredKeysButRefuseBadValuesAllAtOnce() throws IOException {
        Path f = write("t.ini", "[pgqd]\nticker_perod = 2\nsyslog = 1\nbase_connstr = host=x\n");
        var warnings = JobConfig.load(f, ConfigKeys.PGQD, Map.of()).check();
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("key ticker_perod (line 2): not a pgqd setting, ignored; did you mean "
                + "ticker_period?"), warnings.get(0));
        assertTrue(warnings.get(1).contains("syslog (line 3): has no effect"), warnings.get(1));

        Path g = write("u.ini", "[pgqd]\nticker_period = soon\nmaint_period = -1\nretry_period = 0\n"
                + "log_count = -2\n");
        var e = assertThrows(ConfigException.class, () -> JobConfig.load(g, ConfigKeys.PGQD, Map.of()).check());
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(2).endsWith("u.ini: key retry_period (line 4): '0' is invalid: must be > 0"),
                e.problems().get(2));
        assertTrue(e.problems().get(3).endsWith("key log_count (line 5): '-2' is invalid: must be >= 0"),
                e.problems().get(3));
        assertTrue(e.problems().get(0).endsWith("u.ini: key ticker_period (line 2): 'soon' is not a number of "
                + "seconds; write e.g. 30 or 0.5"), e.problems().get(0));
    }

    @Test
    void shouldReportMissingRequiredKeyWithWhatToAdd() throws IOException {
        Path f = write("v.ini", "[pgqd]\n");
        var cf = JobConfig.load(f, ConfigKeys.PGQD, Map.of());
        var key = ConfigKey.string("db", null, "connection string of the node");
        var e = assertThrows(ConfigException.class, () -> cf.get(key));
        assertTrue(e.getMessage().endsWith("v.ini: key db is not set in section [pgqd]; add 'db = ...' "
                + "(connection string of the node)"), e.getMessage());
    }

    @Test
    void shouldReloadFromFile() throws IOException {
        Path f = write("r.ini", "[pgqd]\nticker_period = 2\n");
        var cf = JobConfig.load(f, ConfigKeys.PGQD, Map.of("maint_period", "5"));
        Files.writeString(f, "[pgqd]\nticker_period = 7\n");
        var again = cf.reload();
        assertEquals(Duration.ofSeconds(7), again.get(ConfigKeys.TICKER_PERIOD));
        assertEquals(Duration.ofSeconds(5), again.get(ConfigKeys.MAINT_PERIOD));
        assertEquals(Duration.ofSeconds(2), cf.get(ConfigKeys.TICKER_PERIOD));
    }

    private Path write(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
