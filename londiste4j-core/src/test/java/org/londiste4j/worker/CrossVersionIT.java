package org.londiste4j.worker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The worker on londiste4j's own SQL across major versions: every scenario from the oldest major of the run to the
 * newest and back (9.6 -> 18 and 18 -> 9.6 by default), with the project's applier and table copy.
 */
class CrossVersionIT {

    /** Source and target majors: oldest to newest and back, or the one major twice. */
    static List<String[]> pairs() {
        var out = new ArrayList<String[]>();
        var seen = new LinkedHashSet<String>();
        for (String[] p : new String[][] {{PgServers.oldest(), PgServers.newest()},
                {PgServers.newest(), PgServers.oldest()}}) {
            if (seen.add(p[0] + ">" + p[1])) {
                out.add(p);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void replayThroughKilledConnections(String from, String to) throws Exception {
        ReplayScenarios.replay(NodeDb.ours(from, "xroot"), NodeDb.ours(to, "xleaf"), true, Cascade.Parts.project());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void copyUnderWrites(String from, String to) throws Exception {
        CopyScenarios.copyUnderWrites(NodeDb.ours(from, "xcroot"), NodeDb.ours(to, "xcleaf"),
                TableCopier.tableCopy(), Duration.ofMillis(900));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void branchFeedsLeaf(String from, String to) throws Exception {
        BranchScenarios.cascade(NodeDb.ours(from, "xbroot"), NodeDb.ours(to, "xbbranch"), NodeDb.ours(from, "xbleaf"),
                Cascade.Parts.project());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void lagAt200Tps(String from, String to) throws Exception {
        LagIT.measure(NodeDb.ours(from, "xlroot"), NodeDb.ours(to, "xlleaf"), Cascade.Parts.project());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void stopDuringCopy(String from, String to) throws Exception {
        StopRestartScenarios.stopDuringCopy(NodeDb.ours(from, "xsroot"), NodeDb.ours(to, "xsleaf"),
                Cascade.Parts.project(), 600_000);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void bigBatch(String from, String to) throws Exception {
        BigBatchIT.run(NodeDb.ours(from, "xbigroot"), NodeDb.ours(to, "xbigleaf"), "project", "256m");
    }
}
