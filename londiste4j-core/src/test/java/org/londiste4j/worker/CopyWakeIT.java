package org.londiste4j.worker;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.admin.AddTableOptions;
import org.londiste4j.admin.AdminSettings;
import org.londiste4j.admin.TableAdmin;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * add-table wakes the leaf's worker (NOTIFY on {@code londiste.LondisteApi#TABLES_CHANNEL}): the copy starts at
 * once although the worker's round would poll its idle provider for a minute, and no tick arrives meanwhile (no
 * ticker runs until the copy has started, so nothing else could end the round). Then the ticker starts and the
 * table reaches {@code ok} with every row.
 */
@DisplayName("add-table wakes the worker for the copy")
class CopyWakeIT {

    static List<String[]> pairs() {
        return CrossVersionIT.pairs();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void addTableStartsTheCopyAtOnce(String from, String to) throws Exception {
        NodeDb root = NodeDb.ours(from, "wroot");
        NodeDb leaf = NodeDb.ours(to, "wleaf");
        String ddl = "create table wake (id int primary key, v text)";
        root.exec(ddl, "insert into wake select g, 'v' || g from generate_series(1, 5000) g");
        leaf.exec(ddl);
        try (Cascade c = new Cascade().with(Cascade.Parts.project())) {
            c.createRoot(root, "root");
            c.addRootTable(root, "public.wake");
            c.createNode(leaf, "leaf", "leaf", root, "root", List.of());
            c.worker("leaf", Cascade.settings(leaf, "leaf").withIdle(Duration.ofMillis(10), Duration.ofSeconds(60)));
            // the worker's first round is done (it marks itself up to date before it looks at the tables)
            Cascade.await("the leaf worker's first round", Duration.ofSeconds(30), () ->
                    leaf.count("select count(*) from pgq_node.local_state where consumer_name = 'leaf'"
                            + " and uptodate") == 1);
            var settings = new AdminSettings("leaf", Cascade.QUEUE, "leaf", leaf.connstr(), "", List.of(),
                    List.of(), List.of(), List.of());
            assertEquals(List.of("public.wake"), new TableAdmin(settings).addTables(List.of("wake"),
                    new AddTableOptions()));
            Cascade.await("the copy to start well within the worker's 60 s round", Duration.ofSeconds(10), () ->
                    leaf.count("select count(*) from londiste.table_info where table_name = 'public.wake'"
                            + " and merge_state is not null") == 1);
            c.ticker(root);
            Cascade.await("the table ok", Duration.ofSeconds(60), () ->
                    leaf.count("select count(*) from londiste.table_info where merge_state = 'ok'") == 1);
            assertEquals(root.rows("select * from wake order by id"), leaf.rows("select * from wake order by id"));
        }
    }
}
