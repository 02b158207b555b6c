package org.londiste4j.pgq.triggers;

import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A fresh test database with the pgq schema, the queue {@code q} and a login role of the application's own
 * ({@code rolePrefix} + the database's name, so that tests on one server never share it), granted nothing: what
 * it may do with pgq is what the install gives PUBLIC. The capture triggers and the tables are the test's.
 */
record AppRoleDb(TestDb db, String role) {

    static AppRoleDb create(String major, String dbPrefix, String rolePrefix) throws SQLException {
        TestDb db = TestDb.create(major, dbPrefix);
        String role = rolePrefix + db.name();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            SchemaInstaller.install(c, "pgq");
            st.execute("create role " + role + " login");
            st.execute("select pgq.create_queue('q')");
        }
        return new AppRoleDb(db, role);
    }

    /** A connection as the database's owner (postgres). */
    Connection connect() throws SQLException {
        return db.connect();
    }

    /** A connection as the application's role. */
    Connection connectAsRole() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), role, "");
    }
}
