package org.londiste4j.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Text-to-value conversions of Skytools' {@code Config.get*} family (getint, getboolean, getfloat, getlist,
 * getdict, getfile, getbytes), plus seconds as {@link Duration}. Each throws {@link IllegalArgumentException}
 * with a short reason that the caller completes with the file and key.
 */
final class Values {
    private static final Pattern SIZE = Pattern.compile("^([0-9]+) *([KMGTPEZY]?)B?$", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "KMGTPEZY";

    private Values() {
    }

    static int integer(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a whole number; write digits only, e.g. 3");
        }
    }

    static double floating(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number");
        }
    }

    static boolean bool(String s) {
        switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true", "on":
                return true;
            case "0", "no", "false", "off":
                return false;
            default:
                throw new IllegalArgumentException("'" + s + "' is not a boolean (write 1/0, yes/no, true/false "
                        + "or on/off)");
        }
    }

    static Duration seconds(String s) {
        try {
            var secs = new BigDecimal(s.strip());
            if (secs.signum() < 0) {
                throw new IllegalArgumentException("'" + s + "' is negative; write a number of seconds >= 0");
            }
            return Duration.ofNanos(secs.movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number of seconds; write e.g. 30 or 0.5");
        }
    }

    static long bytes(String s) {
        var m = SIZE.matcher(s.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a size (write e.g. 10485760, 512k or 10 MB)");
        }
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        int power = unit.isEmpty() ? 0 : UNITS.indexOf(unit) + 1;
        try {
            long n = Long.parseLong(m.group(1));
            for (int i = 0; i < power; i++) {
                n = Math.multiplyExact(n, 1024L);
            }
            return n;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is too large");
        }
    }

    static List<String> list(String s) {
        var out = new ArrayList<String>();
        String t = s.strip();
        if (t.isEmpty()) {
            return out;
        }
        for (String item : t.split(",", -1)) {
            out.add(item.strip());
        }
        return out;
    }

    /** {@code a: 1, b: 2, z}: a key without a value maps to itself, as Skytools' getdict. */
    static Map<String, String> dict(String s) {
        var out = new LinkedHashMap<String, String>();
        String t = s.strip();
        if (t.isEmpty()) {
            return out;
        }
        for (String kv : t.split(",", -1)) {
            int colon = kv.indexOf(':');
            if (colon >= 0) {
                out.put(kv.substring(0, colon).strip(), kv.substring(colon + 1).strip());
            } else {
                out.put(kv.strip(), kv.strip());
            }
        }
        return out;
    }

    /** {@code ~} and {@code ~/x} are under the home folder; {@code ""} and {@code -} stay as they are. */
    static Path file(String s) {
        String t = s.strip();
        if (t.equals("~") || t.startsWith("~/")) {
            t = System.getProperty("user.home") + t.substring(1);
        }
        return Path.of(t);
    }
}
