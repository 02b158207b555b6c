package org.londiste4j.schema;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * Installs or upgrades one of the SQL schemas (pgq, pgq_node, londiste) from the resource files of
 * londiste4j-sql, in one transaction, without {@code CREATE EXTENSION}: PL/pgSQL only, so it works where C
 * extensions cannot be loaded. Every file is idempotent (the pgq "converge" model), so the same script
 * installs a fresh database and upgrades an older londiste4j install.
 *
 * <p>An original Skytools install of the schema (extension or plain SQL) is used as it is: the installer
 * never writes over it.
 */
public final class SchemaInstaller {
    private static final Logger log = LoggerFactory.getLogger(SchemaInstaller.class);
    static final String ROOT = "/org/londiste4j/sql/";

    private static final String DETECT_SQL = """
            select (select count(*) from pg_catalog.pg_extension where extname = ?) as ext,
                   (select count(*) from pg_catalog.pg_namespace where nspname = ?) as nsp,
                   pg_catalog.to_regclass(? || '.schema_version') is not null as ours,
                   (select count(*) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                     where n.nspname = ? and p.proname = 'version' and p.pronargs = 0) as has_version
            """;

    private SchemaInstaller() {
    }

    /** The londiste4j release these resources belong to. */
    public static String toolVersion() {
        try (InputStream in = SchemaInstaller.class.getResourceAsStream(ROOT + "build.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The schema revision this londiste4j installs. */
    public static int revision(String schema) {
        return Integer.parseInt(resource(schema + "/REVISION").trim());
    }

    /**
     * The whole install-or-upgrade script of a schema, as {@code londiste4j sql <schema>} prints it:
     * one transaction, with a guard that refuses a newer revision or an original install.
     */
    public static String script(String schema) {
        String rev = Integer.toString(revision(schema));
        StringBuilder sb = new StringBuilder();
        sb.append(resource("common/header.sql"));
        for (String line : resource(schema + "/install.sql").split("\n")) {
            String path = line.strip();
            if (path.isEmpty() || path.startsWith("--")) {
                continue;
            }
            sb.append("\n-- ---- ").append(schema).append('/').append(path).append(" ----\n");
            sb.append(resource(schema + "/" + path));
            if (sb.charAt(sb.length() - 1) != '\n') {
                sb.append('\n');
            }
        }
        sb.append(resource("common/footer.sql"));
        return sb.toString()
                .replace("@schema@", schema)
                .replace("@revision@", rev)
                .replace("@tool_version@", toolVersion());
    }

    /** What the database holds of {@code schema} now. */
    public static InstalledSchema detect(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DETECT_SQL)) {
            for (int i = 1; i <= 4; i++) {
                ps.setString(i, schema);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt("ext") > 0) {
                    return new InstalledSchema(InstalledSchema.Kind.ORIGINAL_EXTENSION, 0, version(c, schema));
                }
                if (rs.getInt("nsp") == 0) {
                    return new InstalledSchema(InstalledSchema.Kind.ABSENT, 0, null);
                }
                if (rs.getBoolean("ours")) {
                    return new InstalledSchema(InstalledSchema.Kind.LONDISTE4J, ourRevision(c, schema),
                            version(c, schema));
                }
                if (rs.getInt("has_version") > 0) {
                    return new InstalledSchema(InstalledSchema.Kind.ORIGINAL_PLAIN, 0, version(c, schema));
                }
                return new InstalledSchema(InstalledSchema.Kind.ABSENT, 0, null);
            }
        }
    }

    /**
     * Installs {@code schema}, or upgrades it in place, unless an original install or a newer revision is
     * there. Runs in a transaction of its own: the connection must not be inside one.
     *
     * @return what was there before
     * @throws SchemaException when the installed revision is newer than this tool, or the script fails
     */
    public static InstalledSchema install(Connection c, String schema) throws SQLException {
        InstalledSchema before = detect(c, schema);
        int rev = revision(schema);
        if (before.isOriginal()) {
            log.info("schema {}: the original {} is installed ({}); using it as it is", schema,
                    before.kind() == InstalledSchema.Kind.ORIGINAL_EXTENSION ? "extension" : "plain SQL install",
                    before.version());
            return before;
        }
        if (before.kind() == InstalledSchema.Kind.LONDISTE4J && before.revision() > rev) {
            throw new SchemaException("schema " + schema + ": installed revision " + before.revision()
                    + " is newer than this londiste4j (revision " + rev + "); upgrade londiste4j first");
        }
        for (String required : requires(schema)) {
            if (detect(c, required).kind() == InstalledSchema.Kind.ABSENT) {
                throw new SchemaException("schema " + schema + ": the " + required
                        + " schema is not installed; install " + required + " first");
            }
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true); // the script carries its own begin/commit
        try (Statement st = c.createStatement()) {
            st.execute(script(schema));
        } catch (SQLException e) {
            try (Statement st = c.createStatement()) {
                st.execute("rollback");
            } catch (SQLException ignored) {
                // the connection is broken: nothing to roll back
            }
            throw new SchemaException("schema " + schema + ": install failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(auto);
        }
        if (before.kind() == InstalledSchema.Kind.ABSENT) {
            log.info("schema {}: installed revision {}", schema, rev);
        } else if (before.revision() < rev) {
            log.info("schema {}: upgraded from revision {} to {}", schema, before.revision(), rev);
        } else {
            log.debug("schema {}: revision {} re-applied", schema, rev);
        }
        return before;
    }

    /**
     * The schemas that must be installed before {@code schema} (its optional {@code REQUIRES} resource, one
     * name a line), in install order.
     */
    public static List<String> requires(String schema) {
        if (SchemaInstaller.class.getResource(ROOT + schema + "/REQUIRES") == null) {
            return List.of();
        }
        return resource(schema + "/REQUIRES").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static int ourRevision(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select coalesce(max(schema_rev), 0) from " + schema + ".schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String version(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select " + schema + ".version()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return null;
        }
    }

    static String resource(String path) {
        try (InputStream in = SchemaInstaller.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new SchemaException("sql resource " + path
                        + ": not found in londiste4j-sql; the build is broken");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SchemaException("sql resource " + path + ": cannot read: " + e.getMessage(), e);
        }
    }
}
