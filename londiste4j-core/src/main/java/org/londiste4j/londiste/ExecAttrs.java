package org.londiste4j.londiste;

import org.londiste4j.L4jException;
import org.londiste4j.db.Quote;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The "magic comments" of an EXECUTE script (reference 1.5): header lines such as {@code --*-- Local-Table: t1, t2}
 * that say on which nodes the script runs, and the {@code @name@} tags its SQL uses for the local name of such a
 * table or sequence. The root parses them from the file ({@link #parseSql}) and sends them with the event in
 * {@code ev_extra2}, urlencoded as the original does ({@code local-table=t1%2Ct2}); every node decodes them
 * ({@link #parseUrlenc}) and decides with its own registry and catalog ({@link #needExecute}).
 *
 * <p>Hazard: a script that names several objects runs only where all of them match, is skipped where none does,
 * and is an error where only some do (the node's setup differs from what the author assumed; replaying half of
 * it silently would leave the node diverged).
 */
public final class ExecAttrs {
    /** The header keys, in the order they are probed and printed. */
    enum Key {
        LOCAL_TABLE("Local-Table", true), LOCAL_SEQUENCE("Local-Sequence", true),
        LOCAL_DESTINATION("Local-Destination", true), NEED_TABLE("Need-Table", false),
        NEED_SEQUENCE("Need-Sequence", false), NEED_FUNCTION("Need-Function", false),
        NEED_SCHEMA("Need-Schema", false), NEED_VIEW("Need-View", false);

        final String nice;
        final boolean renames;

        Key(String nice, boolean renames) {
            this.nice = nice;
            this.renames = renames;
        }

        String urlKey() {
            return nice.toLowerCase(Locale.ROOT);
        }

        static Key of(String name) {
            String k = name.strip().toLowerCase(Locale.ROOT);
            for (Key key : values()) {
                if (key.urlKey().equals(k)) {
                    return key;
                }
            }
            throw new L4jException("EXECUTE header: unknown key '" + name.strip() + "'; use one of Local-Table, "
                    + "Local-Sequence, Local-Destination, Need-Table, Need-Sequence, Need-Function, Need-Schema, "
                    + "Need-View");
        }
    }

    /**
     * The tables and sequences this node replays: set name to local name ({@code --dest-table} renames), as the
     * decision and the {@code @name@} rewrite see them.
     */
    public record LocalNames(Map<String, String> tables, Map<String, String> seqs) {
        public LocalNames {
            tables = Map.copyOf(tables);
            seqs = Map.copyOf(seqs);
        }

        /** Reads the node's local tables and sequences of {@code queue}. */
        public static LocalNames read(LondisteApi api, String queue) {
            Map<String, String> t = new LinkedHashMap<>();
            for (TableInfo i : api.getTableList(queue)) {
                if (i.local()) {
                    t.put(i.tableName(), i.localName());
                }
            }
            Map<String, String> s = new LinkedHashMap<>();
            for (SeqInfo i : api.getSeqList(queue)) {
                if (i.local()) {
                    s.put(i.seqName(), i.seqName());
                }
            }
            return new LocalNames(t, s);
        }
    }

    private static final String PREFIX = "--*--";

    private final Map<Key, List<String>> attrs = new LinkedHashMap<>();

    private ExecAttrs() {
    }

    /**
     * The header of a script: lines up to its first statement; blank lines and plain comments are passed over;
     * {@code --*-- Key: v1, v2} adds values, a line ending in a comma continues on the next {@code --*--} line.
     *
     * @throws L4jException for a key that is not one of {@link Key}
     */
    public static ExecAttrs parseSql(String sql) {
        ExecAttrs a = new ExecAttrs();
        Key continued = null;
        for (String raw : sql.split("\r?\n|\r", -1)) {
            String ln = raw.strip();
            if (ln.isEmpty()) {
                continue;
            }
            if (!ln.startsWith("--")) {
                break;
            }
            if (!ln.startsWith(PREFIX)) {
                continue;
            }
            ln = ln.substring(PREFIX.length()).strip();
            if (ln.isEmpty()) {
                continue;
            }
            String values;
            Key key;
            if (continued != null) {
                key = continued;
                values = ln;
            } else {
                int colon = ln.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                key = Key.of(ln.substring(0, colon));
                values = ln.substring(colon + 1);
            }
            for (String v : values.split(",")) {
                a.add(key, v);
            }
            continued = ln.endsWith(",") ? key : null;
        }
        return a;
    }

    /** The attributes as an EXECUTE event carries them in {@code ev_extra2}; null or empty for none. */
    public static ExecAttrs parseUrlenc(String s) {
        ExecAttrs a = new ExecAttrs();
        if (s == null || s.isBlank()) {
            return a;
        }
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            Key key = Key.of(k);
            for (String one : v.split(",")) {
                a.add(key, one);
            }
        }
        return a;
    }

    private void add(Key k, String v) {
        String s = v.strip();
        if (!s.isEmpty()) {
            attrs.computeIfAbsent(k, x -> new ArrayList<>()).add(s);
        }
    }

    public boolean isEmpty() {
        return attrs.isEmpty();
    }

    /** The values of one header key, e.g. {@code values("Local-Table")}; empty when absent. */
    public List<String> values(String key) {
        return List.copyOf(attrs.getOrDefault(Key.of(key), List.of()));
    }

    /** {@code local-table=t1%2Ct2&need-schema=s}: the original's encoding, so both read each other's events. */
    public String toUrlenc() {
        StringBuilder sb = new StringBuilder();
        for (Key k : Key.values()) {
            List<String> v = attrs.get(k);
            if (v != null) {
                sb.append(sb.length() == 0 ? "" : "&").append(encode(k.urlKey())).append('=')
                        .append(encode(String.join(",", v)));
            }
        }
        return sb.toString();
    }

    /** The header lines these attributes come from, one line per key. */
    public String toSql() {
        StringBuilder sb = new StringBuilder();
        for (Key k : Key.values()) {
            List<String> v = attrs.get(k);
            if (v != null) {
                sb.append(sb.length() == 0 ? "" : "\n").append(PREFIX).append(' ').append(k.nice).append(": ")
                        .append(String.join(", ", v));
            }
        }
        return sb.toString();
    }

    /**
     * Whether the script runs on this node: always without attributes; else when every named object matches
     * (Local-*: replayed here, Local-Destination: and its local table exists; Need-*: exists in the catalog).
     *
     * @throws L4jException when some objects match and others do not
     */
    public boolean needExecute(Connection conn, LocalNames local) {
        List<String> good = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (Key k : Key.values()) {
            for (String v : attrs.getOrDefault(k, List.of())) {
                (matches(conn, k, fqName(v), local) ? good : missed).add(v);
            }
        }
        if (!good.isEmpty() && !missed.isEmpty()) {
            throw new L4jException("EXECUTE: the script only partly matches this node: present " + good
                    + ", missing " + missed + "; fix the node or the script's header");
        }
        return missed.isEmpty();
    }

    /** The script with each {@code @name@} of a Local-* value replaced by the quoted local name. */
    public String processSql(String sql, LocalNames local) {
        String out = sql;
        for (Key k : Key.values()) {
            if (!k.renames) {
                continue;
            }
            for (String v : attrs.getOrDefault(k, List.of())) {
                String fq = fqName(v);
                String name = local.tables().containsKey(fq) ? local.tables().get(fq) : local.seqs().get(fq);
                if (name == null) {
                    throw new L4jException("EXECUTE: " + v + " is not replicated on this node; cannot rewrite @"
                            + v + "@");
                }
                out = out.replace("@" + v + "@", quoteFq(name));
            }
        }
        return out;
    }

    /** {@code t} means {@code public.t}, as the registry names tables. */
    static String fqName(String name) {
        return name.indexOf('.') < 0 ? "public." + name : name;
    }

    static String quoteFq(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? Quote.ident(name) : Quote.ident(name.substring(0, dot)) + "." + Quote.ident(
                name.substring(dot + 1));
    }

    private static boolean matches(Connection conn, Key k, String fq, LocalNames local) {
        return switch (k) {
            case LOCAL_TABLE -> local.tables().containsKey(fq);
            case LOCAL_SEQUENCE -> local.seqs().containsKey(fq);
            case LOCAL_DESTINATION -> local.tables().containsKey(fq)
                    && relExists(conn, local.tables().get(fq), "r", "p");
            case NEED_TABLE -> relExists(conn, fq, "r", "p");
            case NEED_SEQUENCE -> relExists(conn, fq, "S");
            case NEED_VIEW -> relExists(conn, fq, "v", "m");
            case NEED_SCHEMA -> exists(conn, "select 1 from pg_namespace where nspname = ?", stripPublic(fq));
            case NEED_FUNCTION -> functionExists(conn, fq);
        };
    }

    /** {@code Need-Schema: s} went through {@link #fqName} like every value; the schema is the name as written. */
    private static String stripPublic(String fq) {
        return fq.startsWith("public.") ? fq.substring("public.".length()) : fq;
    }

    private static boolean relExists(Connection conn, String fq, String... kinds) {
        int dot = fq.indexOf('.');
        String schema = dot < 0 ? "public" : fq.substring(0, dot);
        String rel = dot < 0 ? fq : fq.substring(dot + 1);
        return exists(conn, "select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                + " where n.nspname = ? and c.relname = ? and c.relkind::text = any (?::text[])", schema, rel,
                "{" + String.join(",", kinds) + "}");
    }

    /** {@code name(2)}: a function of that many arguments; {@code name}: one without arguments. */
    private static boolean functionExists(Connection conn, String fq) {
        String name = fq;
        int nargs = 0;
        int open = fq.indexOf('(');
        if (open > 0) {
            int close = fq.indexOf(')', open);
            String n = fq.substring(open + 1, close < 0 ? fq.length() : close).strip();
            try {
                nargs = n.isEmpty() ? 0 : Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new L4jException("EXECUTE header: Need-Function " + fq + ": write name(NARGS), e.g. f(2)");
            }
            name = fq.substring(0, open);
        }
        int dot = name.indexOf('.');
        return exists(conn, "select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                        + " where n.nspname = ? and p.proname = ? and p.pronargs = ?",
                name.substring(0, dot), name.substring(dot + 1), nargs);
    }

    private static boolean exists(Connection conn, String sql, Object... args) {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new L4jException("EXECUTE: catalog check failed: " + e.getMessage(), e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return toUrlenc();
    }
}
