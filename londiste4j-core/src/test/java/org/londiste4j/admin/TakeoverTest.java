package org.londiste4j.admin;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a leaf's capture trigger is described again for the root it becomes: its flags and arguments, no deny. */
class TakeoverTest {
    private static byte[] args(String... a) {
        StringBuilder b = new StringBuilder();
        for (String x : a) {
            b.append(x).append('\0');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aDefaultLeafTriggerBecomesTheDefaultRootOne() {
        // row AFTER insert/update/delete: 1 + 4 + 8 + 16
        assertEquals(List.of("tgflags=AIUDL"), LeafPromotion.triggerArgs(29, "logutriga", args("q", "deny")));
        assertEquals(List.of("tgflags=AIUDL"), LeafPromotion.triggerArgs(29, "_cap_public_t1", args("q", "deny")));
    }

    @Test
    void flagsAndArgumentsOtherThanDenyAreKept() {
        // row BEFORE insert/update: 1 + 2 + 4 + 16, sqltriga, with arguments
        assertEquals(List.of("ignore=x", "pkey=a,b", "SKIP", "tgflags=BIUQ"),
                LeafPromotion.triggerArgs(23, "sqltriga", args("q", "ignore=x", "pkey=a,b", "SKIP", "deny")));
        assertEquals(List.of("tgflags=ADJ"), LeafPromotion.triggerArgs(9, "jsontriga", args("q")));
        assertEquals(List.of("tgflags=AL"), LeafPromotion.triggerArgs(1, "logutriga", new byte[0]));
    }
}
