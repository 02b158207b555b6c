package org.londiste4j.admin;

import org.londiste4j.L4jException;
import org.londiste4j.config.ConfigException;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.JobConfig;
import org.londiste4j.db.ConnStr;
import org.londiste4j.db.Db;
import org.londiste4j.node.NodeLocation;

import java.sql.Connection;
import java.util.List;

/**
 * What every admin command of a node reads from its ini file: the queue, the worker's consumer name, the local
 * database, what to add to other nodes' connection strings ({@code remote_extra_connstr}) and the
 * {@code register_*} filters. Connections opened here carry {@code application_name} {@code londiste <job> admin}.
 */
public record AdminSettings(String jobName, String queue, String consumer, String dbText, String remoteExtra,
                            List<String> onlyTables, List<String> skipTables, List<String> onlySeqs,
                            List<String> skipSeqs) {
    public AdminSettings {
        onlyTables = List.copyOf(onlyTables);
        skipTables = List.copyOf(skipTables);
        onlySeqs = List.copyOf(onlySeqs);
        skipSeqs = List.copyOf(skipSeqs);
    }

    /**
     * @throws ConfigException when {@code db} or {@code queue_name} is missing or a connection string is bad
     */
    public static AdminSettings from(JobConfig cf) {
        var s = new AdminSettings(cf.jobName(), cf.get(ConfigKeys.QUEUE_NAME), cf.get(ConfigKeys.CONSUMER_NAME),
                cf.get(ConfigKeys.DB), cf.get(ConfigKeys.REMOTE_EXTRA_CONNSTR), cf.get(ConfigKeys.REGISTER_ONLY_TABLES),
                cf.get(ConfigKeys.REGISTER_SKIP_TABLES), cf.get(ConfigKeys.REGISTER_ONLY_SEQS),
                cf.get(ConfigKeys.REGISTER_SKIP_SEQS));
        s.db();
        parse("remote_extra_connstr", s.remoteExtra);
        return s;
    }

    /** The local database's connection string ({@code db}). */
    public ConnStr db() {
        return parse("db", dbText);
    }

    /** Opens the local database (autocommit off). */
    public Connection connectLocal() {
        return open(db());
    }

    /**
     * Opens another node's database from its public location, {@code remote_extra_connstr} added.
     *
     * @param what names the location in messages, e.g. {@code provider} or {@code node leaf1}
     */
    public Connection connectRemote(String what, String location) {
        ConnStr cs = parse(what, location);
        if (!remoteExtra.isBlank()) {
            cs = cs.plus(parse("remote_extra_connstr", remoteExtra));
        }
        try {
            return open(cs);
        } catch (Db.DbException e) {
            throw new Db.DbException(what + ": " + e.getMessage(), e.sqlState(), e);
        }
    }

    /**
     * Opens a member of the cascade for an admin command, or refuses in one line:
     * {@code WHAT: node X cannot be reached (why); HINT}.
     */
    public Connection connectMember(String what, NodeLocation m, String hint) {
        try {
            return connectRemote("node " + m.nodeName(), m.nodeLocation());
        } catch (L4jException e) {
            String why = String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("");
            String prefix = "node " + m.nodeName() + ": ";
            throw new AdminException(what + ": node " + m.nodeName() + " cannot be reached ("
                    + (why.startsWith(prefix) ? why.substring(prefix.length()) : why) + "); " + hint);
        }
    }

    private Connection open(ConnStr cs) {
        Connection c = Db.connect(cs, "londiste " + jobName + " admin");
        try {
            c.setAutoCommit(false);
        } catch (java.sql.SQLException e) {
            Db.closeQuietly(c);
            throw new Db.DbException("database " + cs + ": " + e.getMessage(), e.getSQLState(), e);
        }
        return c;
    }

    /** Whether a table (or sequence) the provider has should be learnt here ({@code register_only/skip_*}). */
    public boolean registers(String name, boolean sequence) {
        List<String> only = sequence ? onlySeqs : onlyTables;
        List<String> skip = sequence ? skipSeqs : skipTables;
        return (only.isEmpty() || matches(only, name)) && !matches(skip, name);
    }

    private static boolean matches(List<String> globs, String name) {
        for (String g : globs) {
            if (Names.isGlob(g) ? Names.globPattern(g).matcher(name).matches() : Names.fq(g).equals(name)) {
                return true;
            }
        }
        return false;
    }

    static ConnStr parse(String what, String text) {
        try {
            return ConnStr.parse(text);
        } catch (ConfigException e) {
            throw new ConfigException(what + ": " + e.getMessage());
        }
    }
}
