package org.londiste4j.copy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RelNameTest {
    @Test
    void shouldReadNamesAsLondisteStoresThem() {
        assertEquals(new RelName("public", "orders"), RelName.parse("orders"));
        assertEquals(new RelName("sales", "Order Lines"), RelName.parse("sales.Order Lines"));
        assertEquals(new RelName("a.b", "c\"d"), RelName.parse("\"a.b\".\"c\"\"d\""));
        assertEquals(new RelName("Odd Schema", "Weird Table"), RelName.parse("Odd Schema.Weird Table"));
    }

    @Test
    void shouldQuoteForSqlAndMessages() {
        assertEquals("public.orders", RelName.parse("orders").quoted());
        assertEquals("\"Odd Schema\".\"Weird Table\"", RelName.parse("Odd Schema.Weird Table").quoted());
        assertEquals("public.\"user\"", RelName.parse("user").quoted());
    }

    @Test
    void shouldRefuseMoreThanTwoParts() {
        CopyException e = assertThrows(CopyException.class, () -> RelName.parse("db.s.t"));
        assertEquals("table db.s.t: not a name of the form schema.table", e.getMessage());
        assertThrows(CopyException.class, () -> RelName.parse(".t"));
    }

    @Test
    void checksumPrintsCountOnlyWithoutChecksum() {
        assertEquals("rows: 3", new Checksum(3, null).toString());
        assertEquals("rows: 3, checksum: -12", new Checksum(3, "-12").toString());
    }
}
