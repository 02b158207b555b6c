package org.londiste4j.cli.londiste;

import java.io.PrintWriter;
import java.util.List;

/**
 * The original's {@code display_table}: a title line, a header of column names, a dashed rule and the rows,
 * columns left-aligned two blanks apart. Scripts read this output: pinned by golden tests.
 */
final class TextTable {
    private TextTable() {
    }

    static void print(PrintWriter out, String title, List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], text(r.get(i)).length());
            }
        }
        out.println(title);
        out.println(line(header, w));
        var rule = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        }
        out.println(rule);
        rows.forEach(r -> out.println(line(r, w)));
        out.flush();
    }

    private static String line(List<String> cells, int[] w) {
        var sb = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            String c = text(cells.get(i));
            sb.append(i == 0 ? "" : "  ").append(c).append(" ".repeat(w[i] - c.length()));
        }
        return sb.toString().stripTrailing();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
