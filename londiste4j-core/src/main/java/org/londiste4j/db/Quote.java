package org.londiste4j.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Identifier and literal quoting as PostgreSQL's {@code quote_ident} / {@code quote_literal} do it, so that
 * generated SQL and messages name tables the way {@code psql} shows them. Every identifier that reaches SQL text
 * passes through here; values go through bind parameters instead wherever possible.
 */
public final class Quote {
    /**
     * Keywords that {@code quote_ident} quotes: PostgreSQL's reserved, type/function-name and column-name
     * keywords (unreserved keywords are safe bare).
     */
    static final Set<String> KEYWORDS = Set.of(
            // reserved
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
            "check", "collate", "column", "constraint", "create", "current_catalog", "current_date",
            "current_role", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc",
            "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group",
            "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit", "localtime",
            "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing", "primary",
            "references", "returning", "select", "session_user", "some", "symmetric", "system_user", "table", "then",
            "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where", "window",
            "with",
            // type or function names
            "authorization", "binary", "collation", "concurrently", "cross", "current_schema", "freeze", "full",
            "ilike", "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "overlaps",
            "right", "similar", "tablesample", "verbose",
            // column names
            "between", "bigint", "bit", "boolean", "char", "character", "coalesce", "dec", "decimal", "exists",
            "extract", "float", "greatest", "grouping", "inout", "int", "integer", "interval", "json",
            "json_array", "json_arrayagg", "json_exists", "json_object", "json_objectagg", "json_query",
            "json_scalar", "json_serialize", "json_table", "json_value", "least", "merge_action", "national", "nchar",
            "none", "normalize", "nullif", "numeric", "out", "overlay", "position", "precision", "real", "row",
            "setof", "smallint", "substring", "time", "timestamp", "treat", "trim", "values", "varchar",
            "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse",
            "xmlpi", "xmlroot", "xmlserialize", "xmltable");

    private Quote() {
    }

    /** {@code orders} stays bare; {@code Orders}, {@code my table}, {@code user} are double-quoted. */
    public static String ident(String name) {
        if (isSafe(name)) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static boolean isSafe(String s) {
        if (s.isEmpty() || KEYWORDS.contains(s)) {
            return false;
        }
        char first = s.charAt(0);
        if (!(first >= 'a' && first <= 'z') && first != '_') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code 'it''s'}; a value holding a backslash becomes {@code E'a\\b'} as {@code quote_literal} writes it, so
     * the text means the same with any {@code standard_conforming_strings}. Null gives {@code NULL}.
     */
    public static String literal(String value) {
        if (value == null) {
            return "NULL";
        }
        String body = value.replace("'", "''");
        if (value.indexOf('\\') >= 0) {
            return "E'" + body.replace("\\", "\\\\") + "'";
        }
        return "'" + body + "'";
    }

    /** Quotes a schema and a name: {@code public.orders}, {@code "Sales"."Order Lines"}. */
    public static String fqIdent(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    /**
     * Quotes a possibly qualified name as written by a user or stored by londiste ({@code schema.table}, unquoted
     * parts taken as they are, {@code "a.b"} parts kept whole); a bare name is put in {@code public}, as londiste
     * does.
     */
    public static String fqIdent(String name) {
        List<String> parts = splitName(name);
        if (parts.size() == 1) {
            return fqIdent("public", parts.get(0));
        }
        var out = new ArrayList<String>();
        parts.forEach(p -> out.add(ident(p)));
        return String.join(".", out);
    }

    /** Splits {@code a.b} and {@code "x.y".z} into their parts, removing the double quotes. */
    public static List<String> splitName(String name) {
        var parts = new ArrayList<String>();
        var cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < name.length() && name.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }
}
