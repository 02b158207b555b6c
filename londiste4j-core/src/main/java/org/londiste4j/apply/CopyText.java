package org.londiste4j.apply;

/**
 * COPY's text format, as {@code COPY ... FROM STDIN} reads it: columns separated by a tab, rows ended by a
 * newline, NULL as {@code \N}, and backslash, tab, newline and carriage return escaped with a backslash. Every
 * other character goes as it is (the connection's client_encoding is UTF-8). Hazard: a value that is not escaped
 * here shifts columns or, worse, is read as a different value without an error.
 */
final class CopyText {
    private CopyText() {
    }

    static void appendValue(StringBuilder sb, String v) {
        if (v == null) {
            sb.append("\\N");
            return;
        }
        int n = v.length();
        for (int i = 0; i < n; i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
            }
        }
    }
}
