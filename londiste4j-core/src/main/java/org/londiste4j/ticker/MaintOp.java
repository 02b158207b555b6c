package org.londiste4j.ticker;

import java.util.Locale;
import java.util.Optional;

/**
 * One row of {@code pgq.maint_operations()}: a function to call (with the queue name as its one argument, or
 * none), or a {@code vacuum} / {@code vacuum analyze} of a table. pgqd runs each in its own transaction, and a
 * function again at once while it returns non-zero (the contract of {@code pgq.maint_operations}: 1 means
 * "call me again").
 *
 * <p>Hazard: both names come from the database; they are quoted as identifiers and the argument is bound, so a
 * queue or table name can never inject SQL.
 */
record MaintOp(String funcName, String funcArg) {
    boolean isStatement() {
        String n = funcName.strip().toLowerCase(Locale.ROOT);
        return n.equals("vacuum") || n.equals("vacuum analyze");
    }

    /**
     * The SQL that runs this operation: {@code vacuum <table>}, or {@code select <func>(?)} with
     * {@link #funcArg()} bound when it is not null. Empty when a name cannot be quoted (logged by the caller).
     */
    Optional<String> sql() {
        if (isStatement()) {
            if (funcArg == null) {
                return Optional.empty();
            }
            return quoteFqName(funcArg).map(t -> funcName.strip().toLowerCase(Locale.ROOT) + " " + t);
        }
        return quoteFqName(funcName).map(f -> "select " + f + (funcArg == null ? "()" : "(?)"));
    }

    /**
     * {@code schema.name} or {@code name} as raw names (as the original's {@code pg_quote_fqident}), each part quoted.
     * A name that is already quoted ({@code "Foo".bar}) is taken apart as SQL would; anything else odd is refused.
     */
    static Optional<String> quoteFqName(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        int parts = 0;
        int i = 0;
        String s = name.strip();
        while (i <= s.length()) {
            String part;
            if (i < s.length() && s.charAt(i) == '"') {
                StringBuilder p = new StringBuilder();
                int j = i + 1;
                boolean closed = false;
                while (j < s.length()) {
                    char ch = s.charAt(j);
                    if (ch == '"' && j + 1 < s.length() && s.charAt(j + 1) == '"') {
                        p.append('"');
                        j += 2;
                    } else if (ch == '"') {
                        closed = true;
                        j++;
                        break;
                    } else {
                        p.append(ch);
                        j++;
                    }
                }
                if (!closed) {
                    return Optional.empty();
                }
                part = p.toString();
                i = j;
            } else {
                int dot = s.indexOf('.', i);
                int end = dot < 0 ? s.length() : dot;
                part = s.substring(i, end);
                i = end;
            }
            if (part.isEmpty() || ++parts > 2) {
                return Optional.empty();
            }
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(quoteIdent(part));
            if (i == s.length()) {
                return Optional.of(out.toString());
            }
            if (s.charAt(i) != '.') {
                return Optional.empty();
            }
            i++;
        }
        return Optional.empty();
    }

    /** Always quoted: a plain-looking name may still be a reserved word ({@code user}, {@code order}). */
    static String quoteIdent(String ident) {
        return '"' + ident.replace("\"", "\"\"") + '"';
    }
}
