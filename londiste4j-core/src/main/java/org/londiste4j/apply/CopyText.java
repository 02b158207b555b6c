package org.londiste4j.apply;

import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

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

    /**
     * Rows in this format streamed into one {@code COPY ... FROM STDIN}, sent in chunks of about 64 KB so that a
     * batch of any size goes through in bounded memory.
     */
    static final class Rows {
        private static final int CHUNK = 64 * 1024;
        private final CopyIn in;
        private final StringBuilder sb = new StringBuilder(CHUNK + 1024);
        private boolean inRow;

        Rows(CopyIn in) {
            this.in = in;
        }

        /** The next column of the current row ({@code null} is SQL NULL). */
        Rows value(String v) {
            separate();
            appendValue(sb, v);
            return this;
        }

        /** The next column: a letter or digit, which needs no escaping. */
        Rows value(char c) {
            separate();
            sb.append(c);
            return this;
        }

        /** The next column: a number. */
        Rows value(int n) {
            separate();
            sb.append(n);
            return this;
        }

        private void separate() {
            if (inRow) {
                sb.append('\t');
            }
            inRow = true;
        }

        /** Ends the current row; sends what has gathered once it reaches a chunk. */
        void endRow() throws SQLException {
            sb.append('\n');
            inRow = false;
            if (sb.length() >= CHUNK) {
                flush();
            }
        }

        /** Sends the rest and ends the COPY; returns the rows the server took. */
        long end() throws SQLException {
            flush();
            return in.endCopy();
        }

        private void flush() throws SQLException {
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(b, 0, b.length);
            sb.setLength(0);
        }
    }
}
