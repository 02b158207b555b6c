package org.londiste4j.node;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SyncWatermarkListTest {

    @Test
    void parsesACommaSeparatedListInOrderWithoutBlanks() {
        assertEquals(List.of("b1", "b2", "b3"), SyncWatermarkList.parse(" b1,,b2 , b3,"));
        assertEquals(List.of(), SyncWatermarkList.parse(""));
        assertEquals(List.of(), SyncWatermarkList.parse(null));
    }

    @Test
    void readsTheAttributeAmongOthersUrlencoded() {
        assertEquals(List.of("b1", "b2"), SyncWatermarkList.ofAttrs("x=1&sync_watermark=b1%2Cb2&y="));
        assertEquals(List.of("b1", "b2"), SyncWatermarkList.ofAttrs("sync_watermark=b1,b2"));
        assertEquals(List.of(), SyncWatermarkList.ofAttrs("sync_watermark_old=b1"));
        assertEquals(List.of(), SyncWatermarkList.ofAttrs(null));
        assertEquals(List.of(), SyncWatermarkList.ofAttrs("sync_watermark"));
    }
}
