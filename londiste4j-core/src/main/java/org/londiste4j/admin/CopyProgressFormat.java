package org.londiste4j.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words and numbers of an initial copy's progress (SPEC 5): rows and bytes copied of the provider's estimate,
 * rate and time left, as {@code status} prints a table's line and {@code wait-sync} its live line. Pure.
 *
 * <p>Honesty rules: a rate is shown only once the copy has run {@link #MIN_RATE_SECONDS} and moved rows (before,
 * "estimating"); the time left only with an estimate of rows, and never below what is left to copy at the
 * average rate so far; a copy that outgrew its estimate says so instead of a wrong time; a record not written
 * for {@link #STALE_SECONDS} says how long it has been quiet (a stopped worker or a stuck copy).
 */
public final class CopyProgressFormat {
    static final double MIN_RATE_SECONDS = 1.0;
    static final double STALE_SECONDS = 15.0;
    private static final String[] COUNT_UNITS = {"", "k", "M", "G", "T"};
    private static final String[] SIZE_UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private CopyProgressFormat() {
    }

    /** {@code 950}, {@code 9999}, {@code 12.3k}, {@code 123k}, {@code 1.23M}: three significant digits from 10k. */
    public static String count(double n) {
        if (n < 10_000) {
            return Long.toString(Math.round(n));
        }
        int u = 0;
        while (n >= 999.5 && u < COUNT_UNITS.length - 1) {
            n /= 1000;
            u++;
        }
        return threeDigits(n) + COUNT_UNITS[u];
    }

    /** {@code 1000 B}, {@code 1.50 kB}, {@code 96.1 MB}, {@code 390 MB} (1024-based, as pg_size_pretty). */
    public static String size(double bytes) {
        if (bytes < 1024) {
            return Math.round(bytes) + " B";
        }
        int u = 0;
        while (bytes >= 999.5 && u < SIZE_UNITS.length - 1) {
            bytes /= 1024;
            u++;
        }
        return threeDigits(bytes) + " " + SIZE_UNITS[u];
    }

    private static String threeDigits(double v) {
        if (v >= 99.95) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return v >= 9.995 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Rows per second so far, or null while too early to tell. */
    static Double rowRate(CopyState s) {
        return s.elapsed() >= MIN_RATE_SECONDS && s.rows() > 0 ? s.rows() / s.elapsed() : null;
    }

    /** Seconds left at the average rate so far, or null when unknown (no rate, no estimate, past the estimate). */
    static Double secondsLeft(CopyState s) {
        Double rate = rowRate(s);
        if (rate == null || s.estRows() == null || s.rows() >= s.estRows()) {
            return null;
        }
        return (s.estRows() - s.rows()) / rate;
    }

    /** Per cent of the estimated rows, 0..99 while copying (100 only when done), or null when unknown. */
    static Integer percent(CopyState s) {
        if (s.estRows() == null || s.estRows() <= 0) {
            return null;
        }
        return (int) Math.min(99, Math.floor(100.0 * s.rows() / s.estRows()));
    }

    /** {@code status}'s line of a table not in sync, e.g. {@code Copy public.big: in-copy, 1.23M of ~5.00M rows...}. */
    public static String statusLine(CopyState s) {
        return "Copy " + s.table() + ": " + detail(s);
    }

    /** Everything after the table's name. */
    static String detail(CopyState s) {
        String state = s.mergeState() == null ? "new" : s.mergeState();
        if (s.stage() == null) {
            if (s.mergeState() == null) {
                return state + ", waiting for the worker";
            }
            return "in-copy".equals(s.mergeState()) ? state + ", waiting for a copy slot" : state;
        }
        var parts = new ArrayList<String>();
        parts.add(state);
        switch (s.stage()) {
            case "copying" -> copying(s, parts);
            case "indexing" -> parts.add("all " + count(s.rows()) + " rows in (" + size(s.bytes()) + ") after "
                    + StatusReport.interval(s.elapsed()) + ", rebuilding indexes");
            default -> {
                Double rate = rowRate(s);
                parts.add("copied " + count(s.rows()) + " rows, " + size(s.bytes()) + " in "
                        + StatusReport.interval(s.elapsed()) + (rate == null ? "" : " (" + count(rate) + " rows/s)"));
            }
        }
        if (s.running() && s.idle() >= STALE_SECONDS) {
            parts.add("no news for " + StatusReport.interval(s.idle()));
        }
        return String.join(", ", parts);
    }

    private static void copying(CopyState s, List<String> parts) {
        Integer pct = percent(s);
        if (pct == null) {
            parts.add(count(s.rows()) + " rows");
        } else {
            parts.add(count(s.rows()) + " of ~" + count(s.estRows()) + " rows (" + pct + "%)");
        }
        if (s.rows() > 0 && s.estRows() != null && s.rows() < s.estRows()) {
            parts.add(size(s.bytes()) + " of ~" + size((double) s.bytes() / s.rows() * s.estRows()));
        } else {
            parts.add(size(s.bytes()) + (s.estBytes() == null ? "" : " (table " + size(s.estBytes()) + ")"));
        }
        Double rate = rowRate(s);
        if (rate == null) {
            parts.add("estimating");
            return;
        }
        parts.add(count(rate) + " rows/s " + size(s.bytes() / s.elapsed()) + "/s");
        Double left = secondsLeft(s);
        if (left != null) {
            parts.add(StatusReport.interval(Math.ceil(left)) + " left");
        } else if (s.estRows() != null) {
            parts.add("more rows than estimated, time left unknown");
        } else {
            parts.add("time left unknown");
        }
    }

    /**
     * {@code wait-sync}'s live line: how many tables are in sync, then each running copy in short, at most
     * {@code width} characters.
     */
    public static String liveLine(int inSync, int total, List<CopyState> states, int width) {
        var sb = new StringBuilder("[").append(inSync).append('/').append(total).append(" in sync]");
        var copies = new ArrayList<String>();
        int waiting = 0;
        for (CopyState s : states) {
            if (s.running()) {
                copies.add(s.table() + " " + shortForm(s));
            } else {
                waiting++;
            }
        }
        if (!copies.isEmpty()) {
            sb.append(' ').append(String.join("; ", copies));
        }
        if (waiting > 0) {
            sb.append(" (").append(waiting).append(" more not copying now)");
        }
        return sb.length() <= width ? sb.toString() : sb.substring(0, Math.max(0, width - 3)) + "...";
    }

    /**
     * {@code status --compact}'s words for a node's tables not in sync, on the node's line: each running copy in
     * short, then how many others wait, e.g. {@code Copy: public.big 25% 1.25M/~5.00M rows, ...; 1 more waiting}.
     */
    public static String compactLine(List<CopyState> states) {
        var parts = new ArrayList<String>();
        int others = 0;
        for (CopyState s : states) {
            if (s.running()) {
                parts.add(s.table() + " " + shortForm(s));
            } else {
                others++;
            }
        }
        if (others > 0) {
            parts.add(others + (parts.isEmpty() ? "" : " more") + " not copying now");
        }
        return "Copy: " + String.join("; ", parts);
    }

    static String shortForm(CopyState s) {
        if ("indexing".equals(s.stage())) {
            return "rebuilding indexes";
        }
        Integer pct = percent(s);
        Double rate = rowRate(s);
        Double left = secondsLeft(s);
        String rows = count(s.rows()) + (s.estRows() == null ? "" : "/~" + count(s.estRows())) + " rows";
        return (pct == null ? "" : pct + "% ") + rows + ", "
                + (rate == null ? "estimating" : count(rate) + " rows/s, "
                + (left == null ? "time left unknown" : StatusReport.interval(Math.ceil(left)) + " left"));
    }
}
