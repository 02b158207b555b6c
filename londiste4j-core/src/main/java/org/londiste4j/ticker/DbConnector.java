package org.londiste4j.ticker;

import org.londiste4j.db.ConnStr;
import org.londiste4j.db.Db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a new connection to one database of the cluster pgqd serves ({@code base_connstr} plus
 * {@code dbname=<name>}). The ticker owns each connection it gets: it sets autocommit and closes it.
 *
 * <p>Every call must return a connection of its own: pgqd's threads never share one.
 */
@FunctionalInterface
public interface DbConnector {
    /**
     * @param dbname   the database to connect to
     * @param role     what the connection is for ({@code ticker}, {@code retry}, {@code maint}, {@code list}),
     *                 for {@code application_name}
     */
    Connection open(String dbname, String role) throws SQLException;

    /**
     * Connects as the original pgqd does: {@code base_connstr} with {@code dbname=<name>} put in its place, and
     * {@code application_name} {@code pgqd <role>}.
     *
     * @throws Db.DbException from {@link #open} when the database refuses (one line, SQLSTATE kept)
     */
    static DbConnector of(ConnStr base) {
        return (dbname, role) -> Db.connect(base.with("dbname", dbname), "pgqd " + role);
    }
}
