package org.londiste4j.cli.londiste;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.londiste4j.testkit.SystemPg;

import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * The admin commands on the original pgq, pgq_node and londiste extensions (Debian's PostgreSQL 15): londiste4j
 * uses an original install as it is, through the same SQL API.
 */
class OriginalExtensionsAdminIT {
    @TempDir
    Path dir;

    @Test
    void walkthroughNodesTablesAndStatusOnTheOriginalExtensions() throws Exception {
        try (SystemPg pg = SystemPg.start("pgq", "pgq_node", "londiste")) {
            var master = node(pg, "master");
            var slave = node(pg, "slave");
            for (var n : new Londiste3.Node[] {master, slave}) {
                n.sql("create extension pgq", "create extension pgq_node", "create extension londiste");
                n.sql(NodeScenarios.SOURCE_TABLES);
            }
            NodeScenarios.createRootAndLeaf(master, slave);
            var branch = node(pg, "branch");
            var leaf2 = node(pg, "leaf2");
            for (var n : new Londiste3.Node[] {branch, leaf2}) {
                n.sql("create extension pgq", "create extension pgq_node", "create extension londiste");
            }
            NodeScenarios.branchAndLeafBelow(master, branch, leaf2);
            NodeScenarios.tablesAndSeqs(master, slave);
            NodeScenarios.createFromProvider(master, slave);
            NodeScenarios.compare(master, slave);
            NodeScenarios.status(master, slave);
            var lonely = node(pg, "lonely");
            lonely.sql("create extension pgq", "create extension pgq_node", "create extension londiste");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            NodeScenarios.badInput(lonely, port);
        }
    }

    private Londiste3.Node node(SystemPg pg, String name) {
        String url = pg.createDatabase(name);
        String db = url.substring(url.lastIndexOf('/') + 1);
        return Londiste3.node(dir, name, "q", "host=localhost port=" + pg.port() + " user=postgres dbname=" + db, url);
    }
}
