package org.londiste4j.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.node.NodeApi;
import org.londiste4j.node.NodeException;
import org.londiste4j.node.NodeInfo;
import org.londiste4j.node.NodeType;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.SystemPg;
import org.londiste4j.testkit.TestDb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.schema.SchemaInstallerIT.scalar;

/**
 * The pgq_node schema's install: it stands on pgq, re-applies and upgrades without losing the node registry, and
 * leaves an original pgq_node (extension or plain SQL) alone.
 */
class PgqNodeSchemaIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldRefuseWithoutPgqInOneLineAndCreateNothing(String major) throws Exception {
        TestDb db = TestDb.create(major, "nodeschema");
        try (Connection c = db.connect()) {
            SchemaException e = assertThrows(SchemaException.class, () -> SchemaInstaller.install(c, "pgq_node"));
            assertEquals("schema pgq_node: the pgq schema is not installed; install pgq first", e.getMessage());
            // the printed script refuses on its own, before it creates anything
            try (Statement st = c.createStatement()) {
                SQLException se = assertThrows(SQLException.class,
                        () -> st.execute(SchemaInstaller.script("pgq_node")));
                assertTrue(se.getMessage().contains("the pgq schema is not installed; install pgq first"),
                        se.getMessage());
                st.execute("rollback");
            }
            assertEquals("0", scalar(c, "select count(*) from pg_namespace where nspname = 'pgq_node'"));
            assertEquals(List.of("pgq"), SchemaInstaller.requires("pgq_node"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldReapplyAndUpgradeKeepingTheRegistry(String major) throws Exception {
        TestDb db = TestDb.create(major, "nodeschema");
        try (Connection c = db.connect()) {
            SchemaInstaller.install(c, "pgq");
            assertEquals(InstalledSchema.Kind.ABSENT, SchemaInstaller.install(c, "pgq_node").kind());
            NodeApi api = new NodeApi(c);
            api.registerLocation("q", "n1", "dbname=n1", false);
            api.createNode("q", NodeType.ROOT, "n1", "w1", null, null, null);
            api.setNodeAttrs("q", "a=1");
            NodeInfo before = api.getNodeInfo("q");

            InstalledSchema again = SchemaInstaller.install(c, "pgq_node");
            assertEquals(InstalledSchema.Kind.LONDISTE4J, again.kind());
            assertEquals(SchemaInstaller.revision("pgq_node"), again.revision());
            assertEquals(before, api.getNodeInfo("q"));
            assertEquals("1", scalar(c, "select count(*) from pgq_node.schema_version"));
            assertEquals("3.5-londiste4j." + SchemaInstaller.revision("pgq_node"), api.version());

            // an install from before node_attrs: the upgrade adds the column back, the rows stay
            try (Statement st = c.createStatement()) {
                st.execute("alter table pgq_node.node_info drop column node_attrs");
            }
            SchemaInstaller.install(c, "pgq_node");
            NodeInfo after = api.getNodeInfo("q");
            assertEquals(NodeType.ROOT, after.nodeType());
            assertEquals(null, after.nodeAttrs());
            assertEquals(0, api.upgradeSchema());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldGrantAsTheOriginal(String major) throws Exception {
        TestDb db = TestDb.create(major, "nodegrants");
        String reader = "rd_" + db.name();
        String admin = "adm_" + db.name();
        String nobody = "nb_" + db.name();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            SchemaInstaller.install(c, "pgq");
            SchemaInstaller.install(c, "pgq_node");
            st.execute("create role " + reader + " login in role pgq_reader");
            st.execute("create role " + admin + " login in role pgq_admin");
            st.execute("create role " + nobody + " login");
            NodeApi api = new NodeApi(c);
            api.registerLocation("q", "n1", "dbname=n1", false);
            api.createNode("q", NodeType.ROOT, "n1", "w1", null, null, null);
        }
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), reader, "")) {
            NodeApi api = new NodeApi(c);
            // what a subscriber's worker calls on its provider
            assertEquals(NodeType.ROOT, api.getNodeInfo("q").nodeType());
            assertEquals(1, api.getQueueLocations("q").size());
            assertTrue(api.isRootNode("q"));
            assertEquals("42501", assertThrows(NodeException.class,
                    () -> api.createNode("x", NodeType.ROOT, "n1", "w1", null, null, null)).sqlState());
            assertEquals("42501", assertThrows(NodeException.class, () -> api.getWorkerState("q")).sqlState());
        }
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), admin, "")) {
            NodeApi api = new NodeApi(c);
            assertEquals(100, api.getWorkerState("q").retCode());
            assertEquals(200, api.setConsumerPaused("q", "w1", true).retCode());
        }
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), nobody, "")) {
            NodeApi api = new NodeApi(c);
            assertTrue(api.version().startsWith("3.5-londiste4j."));
            // as the original: executable by anyone, but it reads the table with the caller's rights
            assertEquals("42501", assertThrows(NodeException.class, () -> api.isRootNode("q")).sqlState());
            assertEquals("42501", assertThrows(NodeException.class, () -> api.getNodeInfo("q")).sqlState());
            assertEquals("42501", assertThrows(NodeException.class,
                    () -> api.setConsumerPaused("q", "w1", false)).sqlState());
        }
    }

    @Test
    void shouldLeaveTheOriginalExtensionAlone() throws Exception {
        try (SystemPg pg = SystemPg.start("pgq", "pgq_node");
             Connection c = DriverManager.getConnection(pg.createDatabase("orignode"), "postgres", "")) {
            try (Statement st = c.createStatement()) {
                st.execute("create extension pgq");
                st.execute("create extension pgq_node");
                st.execute("select * from pgq_node.register_location('q', 'n1', 'dbname=n1', false)");
                st.execute("select * from pgq_node.create_node('q', 'root', 'n1', 'w1', null, null, null)");
            }
            String functions = functions(c);
            InstalledSchema found = SchemaInstaller.install(c, "pgq_node");
            assertEquals(InstalledSchema.Kind.ORIGINAL_EXTENSION, found.kind());
            assertEquals("3.5", found.version());
            try (Statement st = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(SchemaInstaller.script("pgq_node")));
                assertTrue(e.getMessage().contains("the original pgq_node extension is installed"), e.getMessage());
                st.execute("rollback");
            }
            assertEquals(functions, functions(c));
            assertEquals("f", scalar(c, "select to_regclass('pgq_node.schema_version') is not null"));
            assertEquals(NodeType.ROOT, new NodeApi(c).getNodeInfo("q").nodeType());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void shouldLeaveAnOriginalPlainSqlInstallAlone(String major) throws Exception {
        TestDb db = TestDb.create(major, "nodeplain");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            SchemaInstaller.install(c, "pgq");
            // as far as detection goes, the original's plain install: the schema with version(), no extension
            st.execute("create schema pgq_node");
            st.execute("create table pgq_node.node_info (queue_name text primary key, node_type text)");
            st.execute("create function pgq_node.version() returns text as $$ select '3.2'::text $$ language sql");
            InstalledSchema found = SchemaInstaller.install(c, "pgq_node");
            assertEquals(InstalledSchema.Kind.ORIGINAL_PLAIN, found.kind());
            assertEquals("3.2", scalar(c, "select pgq_node.version()"));
            assertEquals("1", functions(c));
            SQLException e = assertThrows(SQLException.class, () -> st.execute(SchemaInstaller.script("pgq_node")));
            assertTrue(e.getMessage().contains("an original (non-extension) pgq_node install is present"),
                    e.getMessage());
            st.execute("rollback");
            assertEquals("1", functions(c));
        }
    }

    @Test
    void shouldStandOnTheOriginalPgqExtension() throws Exception {
        try (SystemPg pg = SystemPg.start("pgq");
             Connection c = DriverManager.getConnection(pg.createDatabase("origpgq"), "postgres", "")) {
            try (Statement st = c.createStatement()) {
                st.execute("create extension pgq");
            }
            assertEquals(InstalledSchema.Kind.ORIGINAL_EXTENSION, SchemaInstaller.install(c, "pgq").kind());
            assertEquals(InstalledSchema.Kind.ABSENT, SchemaInstaller.install(c, "pgq_node").kind());
            NodeApi api = new NodeApi(c);
            api.registerLocation("q", "n1", "dbname=n1", false);
            api.registerLocation("q", "n2", "dbname=n2", false);
            api.createNode("q", NodeType.ROOT, "n1", "w1", null, null, null);
            assertEquals(200, api.registerSubscriber("q", "n2", "w2", null).retCode());
            assertEquals(200, api.setGlobalWatermark("q", null).retCode());
            assertEquals(1L, api.getWorkerState("q").globalWatermark());
        }
    }

    private static String functions(Connection c) throws Exception {
        return scalar(c, "select count(*) from pg_proc where pronamespace = 'pgq_node'::regnamespace");
    }
}
