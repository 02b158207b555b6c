package org.londiste4j.ticker;

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
}
