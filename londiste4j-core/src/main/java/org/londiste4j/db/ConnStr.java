package org.londiste4j.db;

import org.londiste4j.config.ConfigException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A libpq connection string, parsed by libpq's rules: {@code key=value} pairs (blanks around {@code =}, values in
 * single quotes, backslash escapes) or a {@code postgresql://} / {@code postgres://} URI (percent-decoded, query
 * parameters). Node locations stored in {@code pgq_node} are such strings and must stay so, hence
 * {@link #render()}, which writes one back that libpq reads as the same keys.
 *
 * <p>Hazard: the string may hold a password. {@link #toString()} masks it; only {@link #render()} shows it, for
 * storing a location where the original stores it. Never log {@code render()}.
 *
 * <p>As libpq, an empty value followed by another pair ({@code host= dbname=myapp}) makes the next pair the
 * value (host {@code dbname=myapp}); such a value is refused with a line that says so (SPEC.md 1).
 */
public final class ConnStr {
    /** Every keyword libpq 17 accepts, so that a typo is refused as libpq refuses it. */
    static final Set<String> KEYWORDS = Set.of("host", "hostaddr", "port", "dbname", "user", "password",
            "passfile", "channel_binding", "connect_timeout", "client_encoding", "options", "application_name",
            "fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval",
            "keepalives_count", "tcp_user_timeout", "replication", "gssencmode", "sslmode", "sslnegotiation",
            "sslcompression", "sslcert", "sslkey", "sslcertmode", "sslpassword", "sslrootcert", "sslcrl",
            "sslcrldir", "sslsni", "requirepeer", "require_auth", "ssl_min_protocol_version",
            "ssl_max_protocol_version", "krbsrvname", "gsslib", "gssdelegation", "service",
            "target_session_attrs", "load_balance_hosts", "requiressl");
    /** Keys whose value is never a {@code key=value} pair in practice: such a value means a lost value. */
    private static final Set<String> PLAIN_KEYS = Set.of("host", "hostaddr", "port", "dbname", "user");
    private static final String MASK = "********";

    private final Map<String, String> params;

    private ConnStr(Map<String, String> params) {
        this.params = Collections.unmodifiableMap(params);
    }

    /**
     * Parses a connection string or URI.
     *
     * @throws ConnStrException naming what libpq would refuse, and a lost value ({@code host= dbname=x})
     */
    public static ConnStr parse(String s) {
        String t = s.strip();
        var params = t.startsWith("postgresql://") || t.startsWith("postgres://") ? parseUri(t) : parsePairs(s);
        for (var e : params.entrySet()) {
            String v = e.getValue();
            int eq = v.indexOf('=');
            if (PLAIN_KEYS.contains(e.getKey()) && eq > 0 && KEYWORDS.contains(v.substring(0, eq).strip())) {
                // NOTE: wording from SPEC.md 1, matched by tests
                throw new ConnStrException(e.getKey() + " is empty: libpq reads '" + v + "' as the " + e.getKey()
                        + "; name the " + e.getKey() + " or leave " + e.getKey() + " out");
            }
        }
        if (params.containsKey("service")) {
            throw new ConnStrException("service=" + params.get("service") + ": pg_service.conf is not read by "
                    + "londiste4j; write the service's keys into the connection string");
        }
        return new ConnStr(params);
    }

    /** A string built from keys, e.g. {@code of(Map.of("dbname", "x"))}. */
    public static ConnStr of(Map<String, String> keys) {
        var m = new LinkedHashMap<String, String>();
        keys.forEach((k, v) -> {
            if (!KEYWORDS.contains(k)) {
                throw new ConnStrException("invalid connection option \"" + k + "\"");
            }
            m.put(k, v);
        });
        return new ConnStr(m);
    }

    private static Map<String, String> parsePairs(String s) {
        var out = new LinkedHashMap<String, String>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            int start = i;
            while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String key = s.substring(start, i);
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n || s.charAt(i) != '=') {
                throw new ConnStrException("missing \"=\" after \"" + key + "\" in connection string; write "
                        + "key=value pairs such as 'host=db1 dbname=myapp'");
            }
            i++;
            // as libpq: blanks after '=' are skipped, so an empty value swallows the next word
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            var value = new StringBuilder();
            if (i < n && s.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(s.charAt(i++));
                    } else if (c == '\'') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    throw new ConnStrException("unterminated quoted string in connection string after \"" + key
                            + "=\"; close the quote");
                }
            } else {
                while (i < n && !Character.isWhitespace(s.charAt(i))) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(s.charAt(i++));
                    } else {
                        value.append(c);
                    }
                }
            }
            put(out, key, value.toString());
        }
    }

    private static void put(Map<String, String> out, String key, String value) {
        if (!KEYWORDS.contains(key)) {
            throw new ConnStrException("invalid connection option \"" + key + "\"; see the libpq keywords "
                    + "(host, port, dbname, user, password, sslmode, ...)");
        }
        // a later value for the same key wins, as in libpq
        out.put(key, value);
    }

    private static Map<String, String> parseUri(String uri) {
        var out = new LinkedHashMap<String, String>();
        String rest = uri.substring(uri.indexOf("://") + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userinfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userinfo.indexOf(':');
            String user = colon >= 0 ? userinfo.substring(0, colon) : userinfo;
            if (!user.isEmpty()) {
                out.put("user", decode(user, uri));
            }
            if (colon >= 0) {
                out.put("password", decode(userinfo.substring(colon + 1), uri));
            }
        }
        if (!rest.isEmpty()) {
            var hosts = new ArrayList<String>();
            var ports = new ArrayList<String>();
            for (String hp : rest.split(",", -1)) {
                String host = hp;
                String port = "";
                if (hp.startsWith("[")) {
                    int close = hp.indexOf(']');
                    if (close < 0) {
                        throw new ConnStrException("URI " + maskUri(uri) + ": missing ']' after IPv6 host");
                    }
                    host = hp.substring(1, close);
                    if (close + 1 < hp.length()) {
                        if (hp.charAt(close + 1) != ':') {
                            throw new ConnStrException("URI " + maskUri(uri) + ": unexpected text after IPv6 host");
                        }
                        port = hp.substring(close + 2);
                    }
                } else if (hp.indexOf(':') >= 0) {
                    host = hp.substring(0, hp.indexOf(':'));
                    port = hp.substring(hp.indexOf(':') + 1);
                }
                hosts.add(decode(host, uri));
                ports.add(decode(port, uri));
            }
            if (hosts.stream().anyMatch(h -> !h.isEmpty())) {
                out.put("host", String.join(",", hosts));
            }
            if (ports.stream().anyMatch(p -> !p.isEmpty())) {
                out.put("port", String.join(",", ports));
            }
        }
        if (path != null && !path.isEmpty()) {
            out.put("dbname", decode(path, uri));
        }
        if (query != null && !query.isEmpty()) {
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new ConnStrException("URI " + maskUri(uri) + ": query parameter '" + kv
                            + "' is not key=value");
                }
                String k = decode(kv.substring(0, eq), uri);
                String v = decode(kv.substring(eq + 1), uri);
                // as libpq: the JDBC-style ssl=true means sslmode=require
                if (k.equals("ssl") && v.equals("true")) {
                    k = "sslmode";
                    v = "require";
                }
                if (!KEYWORDS.contains(k)) {
                    throw new ConnStrException("URI " + maskUri(uri) + ": invalid URI query parameter \"" + k + "\"");
                }
                out.put(k, v);
            }
        }
        return out;
    }

    private static String decode(String s, String uri) {
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new ConnStrException("URI " + maskUri(uri) + ": invalid percent-encoded token: \""
                            + s.substring(i) + "\"");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new ConnStrException("URI " + maskUri(uri) + ": invalid percent-encoded token: \""
                            + s.substring(i, i + 3) + "\"");
                }
                int b = hi * 16 + lo;
                if (b == 0) {
                    throw new ConnStrException("URI " + maskUri(uri) + ": forbidden value %00 in percent-encoded "
                            + "value");
                }
                bytes.write(b);
                i += 2;
            } else {
                byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(enc, 0, enc.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The URI with its password hidden, for messages. */
    static String maskUri(String uri) {
        int scheme = uri.indexOf("://") + 3;
        int end = uri.length();
        for (char c : new char[] {'/', '?'}) {
            int p = uri.indexOf(c, scheme);
            if (p >= 0 && p < end) {
                end = p;
            }
        }
        int at = uri.lastIndexOf('@', end);
        if (at < scheme) {
            return uri;
        }
        int colon = uri.indexOf(':', scheme);
        return colon >= 0 && colon < at ? uri.substring(0, colon + 1) + MASK + uri.substring(at) : uri;
    }

    /** A key's value as written (no environment, no defaults). */
    public Optional<String> get(String key) {
        return Optional.ofNullable(params.get(key));
    }

    /** Every key as written, in order. */
    public Map<String, String> params() {
        return params;
    }

    /** The same string with one key set (replacing an earlier value). */
    public ConnStr with(String key, String value) {
        var m = new LinkedHashMap<>(params);
        m.remove(key);
        put(m, key, value);
        return new ConnStr(m);
    }

    /** The same string without a key. */
    public ConnStr without(String key) {
        var m = new LinkedHashMap<>(params);
        m.remove(key);
        return new ConnStr(m);
    }

    /** This string with the pairs of {@code extra} added, later ones winning ({@code remote_extra_connstr}). */
    public ConnStr plus(ConnStr extra) {
        var m = new LinkedHashMap<>(params);
        extra.params.forEach((k, v) -> {
            m.remove(k);
            m.put(k, v);
        });
        return new ConnStr(m);
    }

    /**
     * The libpq string, password included: for storing a location, never for logs.
     */
    public String render() {
        return render(false);
    }

    /** The libpq string with the password masked; safe in logs and {@code status} output. */
    @Override
    public String toString() {
        return render(true);
    }

    private String render(boolean mask) {
        var sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(k).append('=').append(mask && k.equals("password") ? MASK : quote(v));
        });
        return sb.toString();
    }

    /** A value as libpq reads it back: bare when plain, else single-quoted with {@code '} and {@code \} escaped. */
    static String quote(String v) {
        boolean plain = !v.isEmpty();
        for (int i = 0; i < v.length() && plain; i++) {
            char c = v.charAt(i);
            plain = !Character.isWhitespace(c) && c != '\'' && c != '\\';
        }
        if (plain) {
            return v;
        }
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnStr c && c.params.equals(params);
    }

    @Override
    public int hashCode() {
        return params.hashCode();
    }

    /** Lower-case keyword check for callers that build strings from config. */
    static boolean isKeyword(String k) {
        return KEYWORDS.contains(k.toLowerCase(Locale.ROOT));
    }

    /** A connection string that libpq would refuse; a usage or config error (exit code 2). */
    public static final class ConnStrException extends ConfigException {
        public ConnStrException(String message) {
            super(message);
        }
    }
}
