package org.londiste4j.pgq.triggers;

import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden test of the event formats of pgq.logutriga, pgq.sqltriga and pgq.jsontriga over awkward data
 * (capture.sql): the output must equal capture.expected, which is what the original C triggers of pgq 3.5
 * produce for the same script (CaptureTriggersVsOriginalIT checks that side). On a mismatch the actual output
 * is written to target/capture-&lt;major&gt;.actual for diffing.
 */
class CaptureTriggersIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldCaptureAwkwardRowsExactlyAsTheOriginal(String major) throws Exception {
        TestDb db = TestDb.create(major, "capture");
        String actual;
        try (Connection c = db.connect()) {
            SchemaInstaller.install(c, "pgq");
            actual = CaptureScript.run(c);
        }
        String expected = CaptureScript.resource("capture.expected");
        if (!expected.equals(actual)) {
            Files.writeString(Path.of("target", "capture-" + major + ".actual"), actual, StandardCharsets.UTF_8);
        }
        assertEquals(expected, actual);
    }
}
