package org.londiste4j.worker;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.londiste4j.testkit.PgServers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * kill -9 of the worker's process (a JVM of its own, SIGKILL) in the middle of a 200k-event batch and in the
 * middle of an initial COPY, then a new worker process: every table equal, no event applied twice.
 */
@DisplayName("kill -9 of the worker process mid-batch and mid-copy")
class KillNineIT {

    @Test
    void killMidBatchAndMidCopy() throws Exception {
        NodeDb root = NodeDb.ours(PgServers.oldest(), "kroot");
        NodeDb leaf = NodeDb.ours(PgServers.newest(), "kleaf");
        root.exec(ReplayScenarios.ROOT_DDL, "create table big (id int primary key, v text)",
                "insert into big select g, repeat('y', 50) || g from generate_series(1, 800000) g");
        leaf.exec(ReplayScenarios.LEAF_DDL, "create table big (id int primary key, v text)");
        try (Cascade c = new Cascade()) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.log");
            c.addRootTable(root, "public.big");
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            c.addTable(leaf, "public.log", true);
            c.ticker(root);
            root.exec("insert into log (val) select g from generate_series(1, " + BigBatchIT.EVENTS + ") g");
            Process p = fork(leaf);
            Cascade.await("the worker inside the big batch", Duration.ofSeconds(60), () ->
                    leaf.count("select count(*) from pg_stat_activity where application_name = 'londiste leaf worker'"
                            + " and state = 'idle in transaction'") > 0 && busyOnProvider(root));
            Thread.sleep(1500);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertEquals(0, leaf.count("select count(*) from log"), "killed mid-batch: nothing of it committed");

            c.addTable(leaf, "public.big", false);
            p = fork(leaf);
            Cascade.await("the COPY of public.big running", Duration.ofSeconds(120), () ->
                    leaf.count("select count(*) from pg_stat_activity where application_name ="
                            + " 'londiste leaf copy public.big' and query ilike 'copy%'") > 0);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            Cascade.await("the killed worker's connections gone", Duration.ofSeconds(30), () ->
                    leaf.count("select count(*) from pg_stat_activity where application_name like 'londiste leaf%'")
                            == 0);
            assertEquals("in-copy", leaf.one("select merge_state from londiste.table_info"
                    + " where table_name = 'public.big'"));
            assertEquals(0, leaf.count("select count(*) from big"), "killed mid-copy: no rows committed");

            root.exec("update big set v = 'changed' where id % 1000 = 0", "insert into log (val) values (-1)");
            p = fork(leaf);
            try {
                Cascade.await("public.big ok", Duration.ofSeconds(180), () -> "ok".equals(leaf.one(
                        "select merge_state from londiste.table_info where table_name = 'public.big'")));
                ReplayScenarios.awaitCaughtUp(root, leaf, "leaf");
            } finally {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            assertEquals(root.rows("select id, val from log order by id"),
                    leaf.rows("select id, val from log order by id"), "each event of the batch applied once");
            assertEquals(root.count("select count(*) from big"), leaf.count("select count(*) from big"));
            assertEquals(root.rows("select id, v from big where id % 1000 = 0 order by id"),
                    leaf.rows("select id, v from big where id % 1000 = 0 order by id"));
            assertEquals(root.one("select sum(hashtext(v)) from big"), leaf.one("select sum(hashtext(v)) from big"));
        }
    }

    private static boolean busyOnProvider(NodeDb root) throws Exception {
        return root.count("select count(*) from pg_stat_activity where application_name = 'londiste leaf provider'")
                > 0;
    }

    private static Process fork(NodeDb leaf) throws Exception {
        Path out = Files.createTempFile("forked-worker", ".log");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ForkedWorkerMain.class.getName(), leaf.connstr(),
                leaf.jdbcUrl(), Cascade.QUEUE, "-1", "project")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }
}
