package org.londiste4j.apply;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.TestDb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ten-million-event batch, scaled down for CI: one provider transaction of 210,000 row events (one batch),
 * drained by {@link DrainMain} in a JVM of its own with a 64 MB heap, set-wise and in order. Both must finish,
 * keep the buffer within its bound, and leave the subscriber equal to the provider.
 */
class ApplyMemoryIT {
    private static final int ROWS = 100_000;

    /** Oldest to newest and back only: a minute each, and the matrix adds nothing to a memory bound. */
    static Stream<Arguments> pairs() {
        return ApplyRig.pairs().limit(2);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void aHugeBatchFlowsThroughASmallHeap(String srcMajor, String dstMajor) throws Exception {
        try (ApplyRig rig = ApplyRig.source(srcMajor)) {
            String ddl = "create table big (id int primary key, v text, n int, pad text)";
            ApplyRig.exec(rig.admin, ddl, "create trigger cap after insert or update or delete on big"
                    + " for each row execute procedure pgq.logutriga('q')");
            List<TestDb> dsts = new ArrayList<>();
            for (String mode : List.of("setwise", "ordered")) {
                TestDb d = TestDb.create(dstMajor, "apply_mem");
                try (Connection c = d.connect()) {
                    ApplyRig.exec(c, ddl);
                }
                dsts.add(d);
                rig.consumer(mode);
            }
            ApplyRig.exec(rig.admin, "begin",
                    "insert into big select g, 'v' || g, g, repeat('p', 100) from generate_series(1, " + ROWS + ") g",
                    "update big set v = v || '+', n = -n",
                    "delete from big where id % 10 = 0", "commit");
            rig.tick();
            String want = checksum(rig.admin);
            for (int i = 0; i < 2; i++) {
                String mode = i == 0 ? "setwise" : "ordered";
                String line = drain(rig.srcDb, dsts.get(i), mode);
                Matcher m = Pattern.compile("events=(\\d+) .* max_buffered_bytes=(\\d+) heap_max_mb=(\\d+)")
                        .matcher(line);
                assertTrue(m.find(), line);
                assertEquals(2 * ROWS + ROWS / 10, Long.parseLong(m.group(1)), line);
                assertTrue(Long.parseLong(m.group(2)) <= ApplySettings.DEFAULT_MAX_BYTES + 1024, line);
                assertTrue(Long.parseLong(m.group(3)) <= 64, line);
                try (Connection c = dsts.get(i).connect()) {
                    assertEquals(want, checksum(c), mode);
                }
                System.out.println(srcMajor + " -> " + dstMajor + ": " + line);
            }
        }
    }

    private static String checksum(Connection c) throws Exception {
        return ApplyRig.row(c, "select count(*) || ':' || md5(string_agg(b::text, ',' order by id)) as s from big b")
                .get("s");
    }

    private static String drain(TestDb src, TestDb dst, String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), DrainMain.class.getName(),
                src.jdbcUrl() + "?user=postgres", dst.jdbcUrl() + "?user=postgres", ApplyRig.Q, mode, mode)
                .redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "drain finished");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text.lines().filter(l -> l.startsWith("mode=")).findFirst().orElse(text);
    }
}
