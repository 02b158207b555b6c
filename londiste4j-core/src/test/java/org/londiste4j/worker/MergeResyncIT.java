package org.londiste4j.worker;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.londiste4j.admin.AdminException;
import org.londiste4j.admin.AdminSettings;
import org.londiste4j.admin.TableAdmin;
import org.londiste4j.testkit.PgServers;
import org.slf4j.LoggerFactory;

import org.londiste4j.copy.CopyProgress;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.londiste4j.worker.MergeNodes.P1;
import static org.londiste4j.worker.MergeNodes.P2;
import static org.londiste4j.worker.MergeNodes.combinedBranch;
import static org.londiste4j.worker.MergeNodes.combinedRoot;
import static org.londiste4j.worker.MergeNodes.partitions;
import static org.londiste4j.worker.MergeNodes.rows;
import static org.londiste4j.worker.MergeNodes.running;
import static org.londiste4j.worker.MergeNodes.settings;
import static org.londiste4j.worker.MergeNodes.stop;
import static org.londiste4j.worker.MergeNodes.union;

/**
 * {@code resync} of a merged table on one merge leaf (admin.MergedResync): the table is copied again from every
 * partition, the lead truncating once. Two partitions write all along; the full database's copy is damaged first
 * (rows of both partitions deleted there), then resynced on partition 1's merge leaf alone; at the end it equals,
 * row by row, the union of the partitions: nothing lost (the other partition's rows came back too), nothing doubled
 * (the primary key). The merged table's secondary index is dropped by the first partition's copy and rebuilt once,
 * after the last one's (each COPY sees it absent), for the first copy and for the resync; the partition that
 * dropped it waits in catching-up for the others' copies, and no copy thread fails on the way (it did, on the
 * check that no table is past catching-up with dropped DDL, while it tried to hand over too early). Refused
 * with nothing changed: a resync while the copies run, and on a merge leaf under a combined branch.
 */
class MergeResyncIT {

    static List<String> versions() {
        return PgServers.versions();
    }

    @ParameterizedTest(name = "part1 on {0}")
    @MethodSource("versions")
    void resyncOnOneMergeLeafRecopiesEveryPartition(String major) throws Exception {
        String newest = PgServers.newest();
        NodeDb part1 = NodeDb.ours(major, "rspart1");
        NodeDb part2 = NodeDb.ours(newest, "rspart2");
        NodeDb full1 = NodeDb.ours(newest, "rsfull1");
        NodeDb full2 = NodeDb.ours(newest, "rsfull2");
        partitions(part1, part2, full1, full2);
        var copyLog = new ListAppender<ILoggingEvent>();
        copyLog.start();
        var copyLogger = (Logger) LoggerFactory.getLogger(CopyTask.class);
        copyLogger.addAppender(copyLog);
        try (Cascade c = new Cascade().with(Cascade.Parts.project())) {
            combinedRoot(full1, part1, part2, "merge_part1_full1");
            // a combined branch with merge leaves of its own (no workers: only its refusal is looked at)
            combinedBranch(full2, full1, part1, part2);

            AtomicInteger writes = new AtomicInteger();
            List<Cascade.Loop> ws = running(c, part1, part2, full1, writes);
            // the merge leaves' copies report whether the secondary index is there right after each COPY
            List<String> afterCopy = new CopyOnWriteArrayList<>();
            TableCopier watching = watching(afterCopy);
            c.worker("merge_part1_full1", settings(full1, "merge_part1_full1", P1), Appliers.batchApplier(), watching);
            c.worker("merge_part2_full1", settings(full1, "merge_part2_full1", P2), Appliers.batchApplier(), watching);
            String okBoth = "select count(*) from londiste.table_info where table_name = 'public.orders'"
                    + " and merge_state = 'ok' and queue_name in ('" + P1 + "', '" + P2 + "')";
            Cascade.await("both partitions in sync on the combined root", Duration.ofSeconds(180), () ->
                    full1.count(okBoth) == 2);
            assertIndexBuiltOnce(full1, afterCopy);

            // on a merge leaf under the combined branch: refused, nothing changed
            String full2States = "select string_agg(queue_name || '=' || coalesce(merge_state, 'null'), ',' order by"
                    + " queue_name) from londiste.table_info where local";
            String before2 = full2.one(full2States);
            AdminException underBranch = assertThrows(AdminException.class, () ->
                    admin(full2, "merge_part1_full2", P1).resync(List.of("orders"), false, null, false));
            assertTrue(underBranch.getMessage().startsWith("resync: public.orders merged under the combined branch"
                    + " full2"), underBranch.getMessage());
            assertEquals(before2, full2.one(full2States));

            // damage the merged table (rows of both partitions), then resync it on partition 1's merge leaf only
            full1.exec("set session_replication_role = replica; delete from orders where id % 7 = 0;"
                    + " reset session_replication_role");
            List<String> resynced = admin(full1, "merge_part1_full1", P1).resync(List.of("orders"), false, null,
                    false);
            assertEquals(List.of("public.orders"), resynced);
            assertEquals(0, full1.count(okBoth), "every partition's copy restarts, not only partition 1's");

            // a second resync while the copies run: refused, nothing changed
            String states = "select string_agg(queue_name || '=' || coalesce(merge_state, 'null'), ',' order by"
                    + " queue_name) from londiste.table_info where local";
            Cascade.await("a partition's copy under way", Duration.ofSeconds(60), () -> {
                String s = full1.one(states);
                return s.contains("in-copy") || s.contains("catching-up");
            });
            // the states move on their own: compare the refusal's "nothing changed" on a stopped cluster instead
            // (the message is what matters here; the reset is one transaction)
            AdminException busy = assertThrows(AdminException.class, () ->
                    admin(full1, "merge_part2_full1", P2).resync(List.of("orders"), false, null, false));
            assertTrue(busy.getMessage().startsWith("resync: merged table still being copied: public.orders on "),
                    busy.getMessage());

            Cascade.await("both partitions in sync again", Duration.ofSeconds(180), () -> full1.count(okBoth) == 2);
            int before = writes.get();
            Cascade.await("writes after the copies", Duration.ofSeconds(60), () -> writes.get() > before + 50);
            stop(ws);
            List<String> all = union(part1, part2);
            assertTrue(all.size() > 8000, "writers inserted rows");
            Cascade.await("combined root = union of the partitions after the resync", Duration.ofSeconds(120), () ->
                    all.equals(rows(full1)));
            TimeUnit.MILLISECONDS.sleep(500);
            assertEquals(all, rows(full1));
            assertIndexBuiltOnce(full1, afterCopy);
            List<String> messages = copyLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(List.of(), messages.stream().filter(m -> m.contains("copy thread failed")).toList(),
                    "a partition waiting for the others' copies is not an error");
        } finally {
            copyLogger.detachAppender(copyLog);
        }
    }

    /**
     * A partition whose copy dropped the merged table's secondary index while partition 2 had yet to copy stays in
     * catching-up (applying its changes) without the index, not ok; when partition 2's table is removed from its
     * merge leaf instead of copied, partition 1 rebuilds the index itself and goes ok, and the removal truncated
     * none of partition 1's rows.
     */
    @ParameterizedTest(name = "partition 1 on PostgreSQL {0}, partition 2 and the full database on the newest")
    @MethodSource("versions")
    void partitionRemovedBeforeItsCopyLetsTheOtherRebuildTheIndexes(String major) throws Exception {
        String newest = PgServers.newest();
        NodeDb part1 = NodeDb.ours(major, "rmpart1");
        NodeDb part2 = NodeDb.ours(newest, "rmpart2");
        NodeDb full1 = NodeDb.ours(newest, "rmfull1");
        partitions(part1, part2, full1);
        try (Cascade c = new Cascade().with(Cascade.Parts.project())) {
            combinedRoot(full1, part1, part2, "merge_part1_full1");
            AtomicInteger writes = new AtomicInteger();
            List<Cascade.Loop> ws = running(c, part1, part2, full1, writes);
            // partition 2's merge leaf has no worker: its copy never starts
            c.worker("merge_part1_full1", settings(full1, "merge_part1_full1", P1));
            String p1State = "select merge_state || ':' || (dropped_ddl is not null) from londiste.table_info"
                    + " where queue_name = '" + P1 + "' and table_name = 'public.orders'";
            Cascade.await("partition 1 copied, holding the dropped index", Duration.ofSeconds(120), () ->
                    "catching-up:true".equals(full1.one(p1State)));
            int held = writes.get();
            Cascade.await("writes while partition 1 waits", Duration.ofSeconds(60), () -> writes.get() > held + 100);
            assertEquals("catching-up:true", full1.one(p1State), "not ok while partition 2 has yet to copy");
            assertEquals(0, full1.count("select count(*) from pg_class where relname = 'orders_val'"));

            admin(full1, "merge_part2_full1", P2).removeTables(List.of("orders"), false);
            Cascade.await("partition 1 in sync once partition 2 left", Duration.ofSeconds(120), () ->
                    full1.one(p1State).equals("ok:false"));
            assertEquals(2, full1.count("select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid"
                    + " where c.relname in ('orders_val', 'orders_note') and i.indisvalid"),
                    "the two secondary indexes, once each and valid");
            stop(ws);
            List<String> mine = rows(part1);
            Cascade.await("full1 holds partition 1's rows", Duration.ofSeconds(120), () -> mine.equals(rows(full1)));
        }
    }

    /**
     * Each partition's COPY saw the secondary index dropped (it is not rebuilt per partition), and it is back once,
     * valid, with no dropped DDL left behind.
     */
    private static void assertIndexBuiltOnce(NodeDb full1, List<String> afterCopy) throws Exception {
        assertEquals(List.of("public.orders: orders_val 0", "public.orders: orders_val 0"), afterCopy,
                "the secondary index after each partition's COPY");
        afterCopy.clear();
        assertEquals(2, full1.count("select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid"
                + " where c.relname in ('orders_val', 'orders_note') and i.indisvalid"),
                "the two secondary indexes, once each and valid");
        assertEquals(0, full1.count("select count(*) from londiste.table_info where dropped_ddl is not null"));
    }

    /** The project's copier, noting after each COPY (in its transaction) whether orders_val exists. */
    private static TableCopier watching(List<String> notes) {
        TableCopier base = TableCopier.tableCopy();
        return new TableCopier() {
            @Override
            public Outcome copy(Connection provider, Connection subscriber, String sourceTable, String destTable,
                                boolean skipTruncate, BooleanSupplier stop) {
                return note(base.copy(provider, subscriber, sourceTable, destTable, skipTruncate, stop), subscriber,
                        destTable);
            }

            @Override
            public Outcome copy(Connection provider, Connection subscriber, String sourceTable, String destTable,
                                boolean skipTruncate, BooleanSupplier stop, CopyProgress progress) {
                return note(base.copy(provider, subscriber, sourceTable, destTable, skipTruncate, stop, progress),
                        subscriber, destTable);
            }

            private Outcome note(Outcome out, Connection subscriber, String destTable) {
                try (Statement st = subscriber.createStatement();
                     ResultSet rs = st.executeQuery("select count(*) from pg_class where relname = 'orders_val'")) {
                    rs.next();
                    notes.add(destTable + ": orders_val " + rs.getLong(1));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                return out;
            }
        };
    }

    private static TableAdmin admin(NodeDb db, String node, String queue) {
        return new TableAdmin(new AdminSettings(node, queue, node, db.connstr(), "", List.of(), List.of(), List.of(),
                List.of()));
    }
}
