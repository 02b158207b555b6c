package org.londiste4j.cli.logging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.IniFile;
import org.londiste4j.config.JobConfig;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log file: folder created, Skytools-like lines, levels, size rotation. */
class LogSetupTest {
    @TempDir
    Path tmp;

    @AfterEach
    void restore() {
        LogSetup.consoleOnly(0, false);
    }

    @Test
    void shouldCreateTheFolderAndWriteSkytoolsLikeLines() throws Exception {
        Path log = tmp.resolve("no/such/dir/job.log");
        var ini = IniFile.parse("logfile = " + log + "\n", "job.ini");
        var cf = JobConfig.of(ini, IniFile.NO_SECTION, ConfigKeys.LONDISTE_BASE, Map.of());
        LogSetup.configure(LogSetup.settings(cf, 0, false, true));
        assertFalse(LogSetup.consoleActive());
        var logger = LoggerFactory.getLogger("org.londiste4j.test");
        logger.info("Node \"master\" initialized for queue \"myappq\" with type \"root\"");
        logger.debug("not shown at INFO");
        logger.info("with a stack", new IllegalStateException("boom"));
        String text = Files.readString(log);
        long pid = ProcessHandle.current().pid();
        assertTrue(text.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} " + pid + " INFO Node \"master\" "
                + "initialized for queue \"myappq\" with type \"root\"\n(?s).*"), text);
        assertFalse(text.contains("not shown"));
    }

    @Test
    void shouldShowDebugWithVerboseAndOnlyWarningsWithQuiet() throws Exception {
        Path log = tmp.resolve("v.log");
        LogSetup.configure(new LogSetup.Settings(Optional.of(log), false, 1, false, 0, 0));
        LoggerFactory.getLogger("x").debug("debug line");
        LogSetup.configure(new LogSetup.Settings(Optional.of(log), false, 0, true, 0, 0));
        LoggerFactory.getLogger("x").info("info line");
        LoggerFactory.getLogger("x").warn("warn line");
        String text = Files.readString(log);
        assertTrue(text.contains(" DEBUG debug line"), text);
        assertFalse(text.contains("info line"), text);
        assertTrue(text.contains(" WARN warn line"), text);
    }

    @Test
    void shouldRefuseALogfileThatCannotBeCreatedInOneLine() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.londiste4j.L4jException.class,
                () -> LogSetup.configure(new LogSetup.Settings(Optional.of(Path.of("/proc/l4j-no/x.log")), false, 0,
                        false, 0, 0)));
        assertTrue(e.getMessage().startsWith("logfile /proc/l4j-no/x.log: cannot create its folder: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; check permissions or change logfile"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void shouldRotateBySizeKeepingLogCountFiles() throws Exception {
        Path log = tmp.resolve("r.log");
        LogSetup.configure(new LogSetup.Settings(Optional.of(log), false, 0, false, 2048, 2));
        var logger = LoggerFactory.getLogger("r");
        String line = "x".repeat(200);
        for (int i = 0; i < 200; i++) {
            logger.info("{} {}", i, line);
        }
        assertTrue(Files.exists(tmp.resolve("r.log.1")));
        assertTrue(Files.exists(tmp.resolve("r.log.2")));
        assertFalse(Files.exists(tmp.resolve("r.log.3")));
        assertTrue(Files.size(log) < 2048 + 1024, "rotated near log_size: " + Files.size(log));
        assertEquals(true, Files.readString(log).contains(" INFO 199 "));
    }
}
