package org.londiste4j.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * {@code %(name)s} expansion as ConfigParser's basic interpolation does it: names are looked up
 * case-insensitively (the job's section, then {@code [DEFAULT]}), values are expanded again (nested), and
 * {@code %%} is a literal percent sign. A lone {@code %}, a reference to no key and a loop are errors naming the
 * key that holds them, never its text: a connection string value may hold a password.
 */
final class Interpolation {
    /** ConfigParser's limit; deeper nesting is treated as a loop. */
    static final int MAX_DEPTH = 10;

    private Interpolation() {
    }

    /**
     * @param where  how to name the key in messages, e.g. {@code config a.ini: key logfile (line 3)}
     * @param lookup raw value of a (lower-case) key, or null when no such key exists
     */
    static String expand(String where, String key, String raw, Function<String, String> lookup) {
        var out = new StringBuilder();
        expand(where, key, raw, lookup, out, 1);
        return out.toString();
    }

    private static void expand(String where, String key, String raw, Function<String, String> lookup,
            StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ConfigException(where + ": %(...)s references nest deeper than " + MAX_DEPTH
                    + " levels, probably a loop through " + key + "; break the loop");
        }
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
            if (next == '%') {
                out.append('%');
                i += 2;
            } else if (next == '(') {
                int close = raw.indexOf(')', i + 2);
                if (close < 0 || close + 1 >= raw.length() || raw.charAt(close + 1) != 's') {
                    // the value may hold a password (db = ... password=...): name the place, not the text
                    throw new ConfigException(where + ": unfinished %( reference at character " + (i + 1)
                            + "; write %(name)s, or %% for a literal %");
                }
                String name = raw.substring(i + 2, close).toLowerCase(Locale.ROOT);
                String value = lookup.apply(name);
                if (value == null) {
                    throw new ConfigException(where + ": %(" + name + ")s refers to no key; define " + name
                            + " or write %% for a literal %");
                }
                if (value.indexOf('%') >= 0) {
                    expand(where, name, value, lookup, out, depth + 1);
                } else {
                    out.append(value);
                }
                i = close + 2;
            } else {
                throw new ConfigException(where + ": '%' at character " + (i + 1) + " must be followed by '%' or "
                        + "'('; write %% for a literal %");
            }
        }
    }
}
