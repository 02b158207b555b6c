package org.londiste4j.worker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TxidSnapshot#coveredBy}: whether a later snapshot (a copy node's tick) sees all a copy snapshot saw. */
class TxidSnapshotCoverTest {

    private static boolean covered(String copy, String tick) {
        return TxidSnapshot.parse(copy).coveredBy(TxidSnapshot.parse(tick));
    }

    @Test
    void aLaterSnapshotShouldCoverAnEarlierOne() {
        assertTrue(covered("100:105:101,103", "100:105:101,103"), "itself");
        assertTrue(covered("100:105:101,103", "106:110:"), "everything finished since");
        assertTrue(covered("100:105:101,103", "101:108:101,106"), "101 still running for both");
    }

    @Test
    void aSnapshotMissingSomethingTheCopySawShouldNotCover() {
        assertFalse(covered("100:105:", "100:104:"), "104 seen by the copy, not by the tick");
        assertFalse(covered("100:105:101", "99:106:99,102"), "102 committed for the copy, running for the tick");
    }
}
