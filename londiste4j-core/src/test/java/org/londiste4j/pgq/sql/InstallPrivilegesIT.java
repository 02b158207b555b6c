package org.londiste4j.pgq.sql;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.londiste4j.schema.SchemaInstaller;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLWarning;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.pgq.sql.Sql.exec;
import static org.londiste4j.pgq.sql.Sql.num;

/**
 * Installing as a database owner who may not create roles (a managed service's usual user): the pgq roles are
 * skipped with a warning and everything else works. A server of its own: roles are cluster-wide.
 */
class InstallPrivilegesIT {

    static List<String> versions() {
        return Sql.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void installWithoutCreateRoleSkipsRolesAndWorks(String major) throws Exception {
        try (EmbeddedPostgres pg = PgServers.start(major, Map.of())) {
            TestDb admin = TestDb.create(pg, major, "priv");
            try (Connection c = admin.connect()) {
                exec(c, "create role app_owner login nosuperuser nocreaterole");
                exec(c, "alter database " + admin.name() + " owner to app_owner");
            }
            try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), "app_owner", "")) {
                SchemaInstaller.install(c, "pgq");
                assertEquals(0, num(c, "select count(*) from pg_roles where rolname like 'pgq\\_%'"));
                num(c, "select pgq.create_queue('q')");
                Sql.tickAlways(c, "q");
                num(c, "select pgq.register_consumer('q', 'c')");
                Sql.insert(c, "q", "x");
                Sql.tick(c, "q");
                assertEquals(List.of("x"), Sql.drain(c, "q", "c"));
                assertEquals(0, num(c, "select pgq.grant_perms('q')"));
                // the printed script tells the DBA what was skipped
                c.setAutoCommit(true);
                try (var st = c.createStatement()) {
                    st.execute(SchemaInstaller.script("pgq"));
                    StringBuilder all = new StringBuilder();
                    for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                        all.append(w.getMessage()).append('\n');
                    }
                    assertTrue(all.toString().contains("role pgq_reader not created: app_owner may not create roles"),
                            all.toString());
                }
            }
        }
    }
}
