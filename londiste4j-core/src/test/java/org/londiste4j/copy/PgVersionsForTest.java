package org.londiste4j.copy;

import org.londiste4j.testkit.PgServers;
import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Feature checks on the test's PostgreSQL majors ("9.6", "10", "18") and the cross-version pairs to run. */
final class PgVersionsForTest {
    private PgVersionsForTest() {
    }

    static boolean atLeast(String major, int wanted) {
        return Double.parseDouble(major) >= wanted;
    }

    /**
     * (provider, subscriber) pairs: every other major of the run to the newest and back (by default 9.6 -> 18 and
     * 18 -> 9.6; with -Pall-pg also 10, 12, 15 and 17 each way).
     */
    static Stream<Arguments> pairs() {
        String newest = PgServers.newest();
        List<Arguments> out = new ArrayList<>();
        for (String v : PgServers.versions()) {
            if (!v.equals(newest)) {
                out.add(Arguments.of(v, newest));
                out.add(Arguments.of(newest, v));
            }
        }
        if (out.isEmpty()) {
            out.add(Arguments.of(newest, newest));
        }
        return out.stream();
    }
}
