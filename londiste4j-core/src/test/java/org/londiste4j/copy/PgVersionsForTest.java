package org.londiste4j.copy;

/** Feature checks on the test's PostgreSQL majors ("9.6", "10", "18"). */
final class PgVersionsForTest {
    private PgVersionsForTest() {
    }

    static boolean atLeast(String major, int wanted) {
        return Double.parseDouble(major) >= wanted;
    }
}
