package org.londiste4j.londiste;

import org.londiste4j.schema.SchemaInstaller;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * londiste4j's three schemas in install order. The pgq_node schema is another part of the project: until its SQL
 * is in londiste4j-sql the tests that need the whole stack are skipped, saying so.
 */
final class OurStack {
    static final String WHY_NOT = "the pgq_node SQL schema is not in londiste4j-sql yet";

    private OurStack() {
    }

    static boolean available() {
        return SchemaInstaller.class.getResource("/org/londiste4j/sql/pgq_node/install.sql") != null;
    }

    static void install(Connection c) throws SQLException {
        for (String s : new String[] {"pgq", "pgq_node", "londiste"}) {
            SchemaInstaller.install(c, s);
        }
    }
}
