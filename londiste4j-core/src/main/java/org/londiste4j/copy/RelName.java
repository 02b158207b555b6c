package org.londiste4j.copy;

import org.londiste4j.db.Quote;

import java.util.List;

/**
 * A table or sequence name split into schema and name, read the way londiste stores names: {@code schema.name},
 * unquoted parts taken as written, {@code "a.b"} kept whole, a bare name in {@code public}.
 */
record RelName(String schema, String name) {
    static RelName parse(String text) {
        List<String> parts = Quote.splitName(text);
        if (parts.size() == 1) {
            return new RelName("public", parts.get(0));
        }
        if (parts.size() != 2 || parts.get(0).isEmpty() || parts.get(1).isEmpty()) {
            throw new CopyException("table " + text + ": not a name of the form schema.table");
        }
        return new RelName(parts.get(0), parts.get(1));
    }

    /** {@code public.orders}, {@code "Sales"."Order Lines"}: for SQL text and messages. */
    String quoted() {
        return Quote.fqIdent(schema, name);
    }

    @Override
    public String toString() {
        return quoted();
    }
}
