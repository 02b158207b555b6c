package org.londiste4j.db;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PostgreSQL's quote_ident / quote_literal, as golden strings. */
class QuoteTest {
    @Test
    void shouldQuoteIdentifiersLikeQuoteIdent() {
        assertEquals("orders", Quote.ident("orders"));
        assertEquals("\"_x1$\"", Quote.ident("_x1$"));
        assertEquals("_x1", Quote.ident("_x1"));
        assertEquals("\"Orders\"", Quote.ident("Orders"));
        assertEquals("\"order lines\"", Quote.ident("order lines"));
        assertEquals("\"user\"", Quote.ident("user"));
        assertEquals("\"1st\"", Quote.ident("1st"));
        assertEquals("\"a\"\"b\"", Quote.ident("a\"b"));
        assertEquals("\"\"", Quote.ident(""));
        assertEquals("\"é\"", Quote.ident("é"));
        assertEquals("name", Quote.ident("name"));
    }

    @Test
    void shouldQuoteLiteralsLikeQuoteLiteral() {
        assertEquals("'it''s'", Quote.literal("it's"));
        assertEquals("E'a\\\\b'", Quote.literal("a\\b"));
        assertEquals("NULL", Quote.literal(null));
    }

    @Test
    void shouldQuoteQualifiedNames() {
        assertEquals("public.orders", Quote.fqIdent("orders"));
        assertEquals("\"Sales\".\"Order Lines\"", Quote.fqIdent("Sales", "Order Lines"));
        assertEquals("\"a.b\".c", Quote.fqIdent("\"a.b\".c"));
        assertEquals(List.of("x\"y", "z"), Quote.splitName("\"x\"\"y\".z"));
    }
}
