package org.londiste4j.cli.londiste;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.testkit.PgServers;
import org.londiste4j.testkit.TestDb;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin commands through {@code londiste3}'s entry point on londiste4j's own schemas, root and leaf on
 * different majors in both directions (the oldest and newest of {@link PgServers#versions()}), nothing
 * installed beforehand: create-root/create-leaf install pgq, pgq_node and londiste themselves.
 */
class AdminCommandsIT {
    @TempDir
    Path dir;

    static List<Arguments> pairs() {
        var out = new ArrayList<Arguments>();
        out.add(Arguments.of(PgServers.oldest(), PgServers.newest()));
        if (!PgServers.oldest().equals(PgServers.newest())) {
            out.add(Arguments.of(PgServers.newest(), PgServers.oldest()));
        }
        return out;
    }

    static List<String> versions() {
        return PgServers.versions();
    }

    private Londiste3.Node node(String major, String name) {
        TestDb db = TestDb.create(major, name);
        return Londiste3.node(dir, name, "q", db.connstr(), db.jdbcUrl());
    }

    @ParameterizedTest(name = "root on {0}, leaf on {1}")
    @MethodSource("pairs")
    void walkthroughNodesTablesAndStatusAcrossMajors(String rootMajor, String leafMajor) throws Exception {
        var master = node(rootMajor, "master");
        var slave = node(leafMajor, "slave");
        master.sql(NodeScenarios.SOURCE_TABLES);
        slave.sql(NodeScenarios.SOURCE_TABLES);
        NodeScenarios.createRootAndLeaf(master, slave);
        NodeScenarios.branchAndLeafBelow(master, node(leafMajor, "branch"), node(rootMajor, "leaf2"));
        assertEquals(List.of("pgq", "pgq_node", "londiste"), slave.column("select nspname::text from "
                + "pg_namespace where nspname in ('pgq', 'pgq_node', 'londiste') order by nspname = 'londiste', "
                + "nspname = 'pgq_node', nspname"));
        NodeScenarios.tablesAndSeqs(master, slave);
        NodeScenarios.createFromProvider(master, slave);
        NodeScenarios.compare(master, slave);
        NodeScenarios.status(master, slave);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void badInputGetsOneLineAndChangesNothing(String major) throws Exception {
        var lonely = node(major, "lonely");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        NodeScenarios.badInput(lonely, port);
        // the refused create-leaf installed nothing
        assertEquals(List.of(), lonely.column("select nspname::text from pg_namespace where nspname in ('pgq', "
                + "'pgq_node', 'londiste')"));
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void partitionedTablesAreAddedByTheirParent(String major) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Integer.parseInt(major.split("\\.")[0]) >= 11,
                "partitioned tables with a primary key need PostgreSQL 11");
        var master = node(major, "proot");
        master.sql("create table public.m (id int, k int, primary key (id, k)) partition by range (k)",
                "create table public.m_1 partition of public.m for values from (0) to (10)",
                "create table public.m_2 partition of public.m for values from (10) to (20)",
                "create table public.plain (id int primary key)");
        assertEquals(0, master.run("create-root", "proot", master.connstr()).code());
        var part = master.run("add-table", "m_1");
        assertEquals(1, part.code(), part.toString());
        assertTrue(part.err().contains("is a partition; partitioned tables are replicated whole: public.m_1; add "
                + "the partitioned parent table instead"), part.err());
        var all = master.run("add-table", "--all");
        assertEquals(0, all.code(), all.toString());
        assertEquals(List.of("public.m", "public.plain"), master.column(
                "select table_name from londiste.get_table_list('q') where local order by 1"));
    }
}
