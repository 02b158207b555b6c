package org.londiste4j.pgq.triggers;

import org.londiste4j.schema.InstalledSchema;
import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.SystemPg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same DML through the original C capture triggers (Debian PostgreSQL 15 with {@code create extension pgq},
 * pgq 3.5) and through londiste4j's PL/pgSQL ones (installed by SchemaInstaller into another database of the
 * same server) must give identical events: ev_type, ev_data, ev_extra1..4, and identical errors. Skipped, with
 * the reason, when the Debian packages are not installed. The original's output is left in
 * target/capture-original.out: capture.expected is a copy of it.
 */
class CaptureTriggersVsOriginalIT {
    private static SystemPg pg;

    @BeforeAll
    static void start() {
        pg = SystemPg.start("pgq");
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void shouldProduceTheOriginalsEventsAndErrors() throws Exception {
        String original;
        try (Connection c = DriverManager.getConnection(pg.createDatabase("orig"), "postgres", "")) {
            try (Statement st = c.createStatement()) {
                st.execute("create extension pgq");
            }
            original = CaptureScript.run(c);
        }
        // kept for refreshing capture.expected: the golden file is the original's output
        Files.writeString(Path.of("target", "capture-original.out"), original, StandardCharsets.UTF_8);
        String ours;
        try (Connection c = DriverManager.getConnection(pg.createDatabase("l4j"), "postgres", "")) {
            assertEquals(InstalledSchema.Kind.ABSENT, SchemaInstaller.install(c, "pgq").kind());
            ours = CaptureScript.run(c);
        }
        assertTrue(original.lines().filter(l -> l.startsWith("event ")).count() > 50,
                "the script should capture many events:\n" + original);
        assertEquals(original, ours);
    }
}
