package org.londiste4j.worker;

import org.londiste4j.db.Quote;
import org.londiste4j.pgq.EventData;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The attributes of an {@code EXECUTE} event ({@code ev_extra2}, urlencoded from the file's {@code --*--} header
 * lines, reference 1.5): where the SQL is to run. {@code local-table}, {@code local-sequence} and
 * {@code local-destination} ask for objects replicated to this node, {@code need-table}, {@code need-sequence},
 * {@code need-function} ({@code name(nargs)}), {@code need-schema} and {@code need-view} for objects that exist
 * here. The SQL runs when every named object matches, is skipped when none does, and a partial match is an error
 * (the node's setup differs from what the script expects). {@code @name@} tags of the local kinds are replaced by
 * the quoted local (destination) names.
 */
final class ExecAttrs {
    private static final List<String> KEYS = List.of("local-table", "local-sequence", "local-destination",
            "need-table", "need-sequence", "need-function", "need-schema", "need-view");

    private final Map<String, List<String>> attrs = new LinkedHashMap<>();

    ExecAttrs(String urlencoded) {
        if (urlencoded == null || urlencoded.isBlank()) {
            return;
        }
        for (Map.Entry<String, String> e : EventData.urldecode(urlencoded).entrySet()) {
            String k = e.getKey().strip().toLowerCase(Locale.ROOT);
            if (!KEYS.contains(k)) {
                throw new ReplayException("EXECUTE attribute " + e.getKey() + ": unknown; expected one of " + KEYS);
            }
            List<String> values = attrs.computeIfAbsent(k, x -> new ArrayList<>());
            for (String v : (e.getValue() == null ? "" : e.getValue()).split(",")) {
                if (!v.isBlank()) {
                    values.add(v.strip());
                }
            }
        }
    }

    /**
     * Whether the SQL is to run on this node.
     *
     * @param tables local tables: name to destination name
     * @param seqs   local sequences
     * @throws ReplayException when some objects match and others do not
     */
    boolean needExecute(Connection conn, Map<String, String> tables, Set<String> seqs) throws SQLException {
        if (attrs.isEmpty()) {
            return true;
        }
        List<String> good = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : attrs.entrySet()) {
            for (String v : e.getValue()) {
                (matches(conn, e.getKey(), v, tables, seqs) ? good : missed).add(v);
            }
        }
        if (!good.isEmpty() && !missed.isEmpty()) {
            throw new ReplayException("EXECUTE: the SQL only partially matches this node's setup: matches " + good
                    + ", misses " + missed);
        }
        return missed.isEmpty();
    }

    private static boolean matches(Connection c, String key, String name, Map<String, String> tables,
                                   Set<String> seqs) throws SQLException {
        String fq = fq(name);
        return switch (key) {
            case "local-table" -> tables.containsKey(fq);
            case "local-sequence" -> seqs.contains(fq);
            case "local-destination" -> tables.containsKey(fq) && relkind(c, tables.get(fq), "r", "p");
            case "need-table" -> relkind(c, fq, "r", "p");
            case "need-sequence" -> relkind(c, fq, "S", "S");
            case "need-view" -> relkind(c, fq, "v", "m");
            case "need-schema" -> exists(c, "select 1 from pg_namespace where nspname = ?", name);
            case "need-function" -> function(c, name);
            default -> false;
        };
    }

    /** Replaces {@code @name@} tags of the local kinds by the quoted local names. */
    String processSql(String sql, Map<String, String> tables, Set<String> seqs) {
        String out = sql;
        for (String k : List.of("local-table", "local-sequence", "local-destination")) {
            for (String v : attrs.getOrDefault(k, List.of())) {
                String fq = fq(v);
                String local = tables.containsKey(fq) ? tables.get(fq) : seqs.contains(fq) ? fq : null;
                if (local == null) {
                    throw new ReplayException("EXECUTE: " + v + " is not replicated here");
                }
                out = out.replace("@" + v + "@", Quote.fqIdent(local));
            }
        }
        return out;
    }

    private static String fq(String name) {
        return name.indexOf('.') < 0 ? "public." + name : name;
    }

    private static boolean relkind(Connection c, String fqName, String k1, String k2) throws SQLException {
        int dot = fqName.indexOf('.');
        return exists(c, "select 1 from pg_class r join pg_namespace n on n.oid = r.relnamespace"
                + " where n.nspname = ? and r.relname = ? and r.relkind in (?::\"char\", ?::\"char\")",
                fqName.substring(0, dot), fqName.substring(dot + 1), k1, k2);
    }

    private static boolean function(Connection c, String spec) throws SQLException {
        int nargs = 0;
        String name = spec;
        int p1 = spec.indexOf('(');
        if (p1 > 0 && spec.indexOf(')') > p1) {
            nargs = Integer.parseInt(spec.substring(p1 + 1, spec.indexOf(')')).strip());
            name = spec.substring(0, p1);
        }
        String fq = fq(name);
        int dot = fq.indexOf('.');
        return exists(c, "select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                + " where n.nspname = ? and p.proname = ? and p.pronargs = ?", fq.substring(0, dot),
                fq.substring(dot + 1), nargs);
    }

    private static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
