package org.londiste4j.pgq;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoders (and the matching encoder) of the row formats PgQ's triggers put in {@code ev_data}.
 *
 * <p>Urlencoded ({@code logutriga}): {@code a=1&b=x+y&c}, keys and values percent-encoded, {@code +} is a space,
 * a key without {@code =} is NULL and {@code b=} is the empty string: the NULL / empty distinction lives only in
 * that {@code =}, so it must never be "normalised" away. Decoding is lenient as skytools' {@code db_urldecode}:
 * a {@code %} not followed by two hex digits is kept as it is, empty elements are skipped, a repeated key keeps
 * its last value. Bytes are decoded as UTF-8 (the database encoding londiste4j supports).
 *
 * <p>JSON ({@code jsontriga}): an object of column to value, where the trigger writes integers and booleans as
 * JSON literals and everything else (numeric, float, json, arrays, timestamps) as strings.
 */
public final class EventData {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EventData() {
    }

    /** {@code a=1&b=x%20y&c} to {a=1, b=x y, c=null}, in the order of the string. Null or empty: empty map. */
    public static Map<String, String> urldecode(String data) {
        Map<String, String> row = new LinkedHashMap<>();
        if (data == null || data.isEmpty()) {
            return row;
        }
        for (String elem : data.split("&", -1)) {
            if (elem.isEmpty()) {
                continue;
            }
            int eq = elem.indexOf('=');
            if (eq < 0) {
                row.put(unquotePlus(elem), null);
            } else {
                row.put(unquotePlus(elem.substring(0, eq)), unquotePlus(elem.substring(eq + 1)));
            }
        }
        return row;
    }

    /**
     * The inverse of {@link #urldecode}: NULL values become a bare key. Escapes every byte but
     * {@code A-Z a-z 0-9 _ . - ~} as python's {@code quote_plus}; the C trigger escapes a slightly different set,
     * which decodes the same.
     */
    public static String urlencode(Map<String, String> row) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : row.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            quotePlus(sb, e.getKey());
            if (e.getValue() != null) {
                sb.append('=');
                quotePlus(sb, e.getValue());
            }
        }
        return sb.toString();
    }

    /**
     * A {@code jsontriga} row to column to text value, in column order: strings as they are, numbers and
     * booleans as their literal, JSON null as null, nested objects or arrays as compact JSON text.
     *
     * @throws EventDataException when {@code data} is not a JSON object
     */
    public static Map<String, String> jsonRow(String data) {
        Object parsed = Json.parse(data);
        if (!(parsed instanceof Map<?, ?> obj)) {
            throw new EventDataException("event data: not a JSON object: " + abbreviate(data));
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : obj.entrySet()) {
            row.put((String) e.getKey(), asText(e.getValue()));
        }
        return row;
    }

    /**
     * Any JSON text to Java values: objects to ordered maps, arrays to lists, numbers to {@link BigDecimal},
     * {@code true}/{@code false} to Boolean, {@code null} to null.
     */
    public static Object parseJson(String json) {
        return Json.parse(json);
    }

    private static String asText(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal || v instanceof Boolean) {
            return v.toString();
        }
        return Json.write(v);
    }

    static String unquotePlus(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(s.length());
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '+') {
                buf.write(' ');
            } else if (c == '%' && i + 2 < n && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                buf.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                buf.write(c);
            } else {
                // a raw non-ASCII character (or surrogate pair): keep it as its UTF-8 bytes
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                buf.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static void quotePlus(StringBuilder sb, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
