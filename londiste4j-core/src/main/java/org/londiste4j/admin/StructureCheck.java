package org.londiste4j.admin;

import org.londiste4j.db.Db;
import org.londiste4j.londiste.LondisteApi;
import org.londiste4j.londiste.TableInfo;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check}: the structure of each table added here against the provider's (a stub in the original): column
 * by column, name and type as {@code format_type} prints them. Only what replication needs is compared: a column
 * the provider has and this node lacks loses data; a type that differs may refuse values.
 */
public final class StructureCheck {
    /** One table's differences; empty means the columns match. */
    public record Result(String table, List<String> differences) {
    }

    private final AdminSettings settings;

    public StructureCheck(AdminSettings settings) {
        this.settings = settings;
    }

    public List<Result> run(List<String> names) {
        String queue = settings.queue();
        try (Connection local = settings.connectLocal()) {
            NodeInfo node = NodeAdmin.requireNode(local, queue);
            if (node.nodeType() == NodeType.ROOT) {
                throw new AdminException("check: this node is the root; run check on a branch or leaf");
            }
            var mine = TableAdmin.byName(new LondisteApi(local).getTableList(queue).stream()
                    .filter(TableInfo::local).toList(), TableInfo::tableName);
            List<String> tables = names.isEmpty() ? List.copyOf(mine.keySet())
                    : TableAdmin.resolveExisting("check", names, false, List.copyOf(mine.keySet()), false,
                    "not added on this node");
            var out = new ArrayList<Result>();
            try (Connection provider = new TableAdmin(settings).openProvider(local, node, null)) {
                var theirs = TableAdmin.byName(new LondisteApi(provider).getTableList(queue), TableInfo::tableName);
                for (String t : tables) {
                    TableInfo p = theirs.get(t);
                    if (p == null || !p.local()) {
                        out.add(new Result(t, List.of("not replicated by the provider")));
                        continue;
                    }
                    out.add(new Result(t, diff(columns(provider, p.localName()), columns(local, mine.get(t)
                            .localName()))));
                }
                provider.rollback();
            }
            local.rollback();
            return out;
        } catch (SQLException e) {
            throw new Db.DbException("check: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    static List<String> diff(Map<String, String> provider, Map<String, String> here) {
        var out = new ArrayList<String>();
        if (provider.isEmpty()) {
            out.add("no such table on the provider");
        } else if (here.isEmpty()) {
            out.add("no such table here");
        } else {
            provider.forEach((c, type) -> {
                String mine = here.get(c);
                if (mine == null) {
                    out.add("column " + c + ": missing here (its values are not replicated)");
                } else if (!mine.equals(type)) {
                    out.add("column " + c + ": " + type + " on the provider, " + mine + " here");
                }
            });
            here.keySet().stream().filter(c -> !provider.containsKey(c))
                    .forEach(c -> out.add("column " + c + ": only here"));
        }
        return out;
    }

    private static Map<String, String> columns(Connection c, String table) throws SQLException {
        var out = new LinkedHashMap<String, String>();
        try (PreparedStatement ps = c.prepareStatement("select a.attname, pg_catalog.format_type(a.atttypid, "
                + "a.atttypmod) from pg_catalog.pg_attribute a join pg_catalog.pg_class r on r.oid = a.attrelid"
                + " join pg_catalog.pg_namespace n on n.oid = r.relnamespace where n.nspname || '.' || r.relname = ?"
                + " and a.attnum > 0 and not a.attisdropped order by a.attnum")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }
}
