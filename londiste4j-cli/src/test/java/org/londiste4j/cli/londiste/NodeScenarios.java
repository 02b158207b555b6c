package org.londiste4j.cli.londiste;

import org.londiste4j.cli.ExitCodes;

import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin commands' scenarios, run on any pair of databases (ours on 9.6 and 18, or the original extensions
 * on Debian's PostgreSQL 15): a root and a leaf made as the walkthrough makes them, refusals that change nothing,
 * tables and sequences added and listed, status.
 */
final class NodeScenarios {
    private NodeScenarios() {
    }

    static final String[] SOURCE_TABLES = {
            "create table public.t1 (id int primary key, v text)",
            "create table public.t2 (id int primary key, v text)",
            "create table public.nopk (x int)",
            "create table public.nopk2 (x int)",
            "create sequence public.s1",
            "insert into public.t1 select g, 'v' || g from generate_series(1, 10) g"};

    /** A root and a leaf, twice each, and on the wrong type: one line each, nothing changed. */
    static void createRootAndLeaf(Londiste3.Node master, Londiste3.Node slave) throws SQLException {
        var r = master.run("create-root", "master", master.connstr());
        assertEquals(0, r.code(), r.toString());
        assertTrue(master.log().contains("Node \"master\" initialized for queue \"q\" with type \"root\""),
                master.log());

        var again = master.run("create-root", "master", master.connstr());
        assertEquals(ExitCodes.FAILURE, again.code(), again.toString());
        assertEquals("londiste3: queue q: this database is already the root node \"master\"; nothing changed (it was"
                + " created before; nothing to do)\n", again.err());
        var wrong = master.run("create-leaf", "other", master.connstr(), "--provider=" + slave.connstr());
        assertEquals(ExitCodes.FAILURE, wrong.code(), wrong.toString());
        assertTrue(wrong.err().contains("already the root node \"master\""), wrong.err());
        assertEquals(1, wrong.err().lines().count(), wrong.err());

        var l = slave.run("create-leaf", "slave", slave.connstr(), "--provider=" + master.connstr());
        assertEquals(0, l.code(), l.toString());
        assertTrue(slave.log().contains("Node \"slave\" initialized for queue \"q\" with type \"leaf\""),
                slave.log());
        var lagain = slave.run("create-leaf", "slave", slave.connstr(), "--provider=" + master.connstr());
        assertEquals(ExitCodes.FAILURE, lagain.code(), lagain.toString());
        assertTrue(lagain.err().contains("already the leaf node \"slave\""), lagain.err());
        var lroot = slave.run("create-root", "slave");
        assertEquals(ExitCodes.FAILURE, lroot.code(), lroot.toString());
        assertTrue(lroot.err().contains("already the leaf node \"slave\"; nothing changed (a node keeps its type;"
                + " drop-node it first to make it a root)"), lroot.err());

        var members = slave.run("members");
        assertEquals(0, members.code(), members.toString());
        assertTrue(members.out().startsWith("Member info on slave@q:\nnode_name  dead   node_location\n"),
                members.out());
        assertTrue(members.out().contains("\nmaster     false  "), members.out());
        assertTrue(members.out().contains("\nslave      false  "), members.out());
        assertEquals(List.of("master", "slave"), master.column(
                "select node_name from pgq_node.get_queue_locations('q') order by 1"));
        assertEquals(List.of("slave"), master.column("select node_name from pgq_node.get_subscriber_info('q')"));
    }

    /** A branch under the root and a leaf under the branch (the root found by walking up from the branch). */
    static void branchAndLeafBelow(Londiste3.Node master, Londiste3.Node branch, Londiste3.Node leaf2)
            throws SQLException {
        var b = branch.run("create-branch", "b1", branch.connstr(), "--provider=" + master.connstr());
        assertEquals(0, b.code(), b.toString());
        assertTrue(branch.log().contains("Node \"b1\" initialized for queue \"q\" with type \"branch\""),
                branch.log());
        var twice = branch.run("create-branch", "b1", branch.connstr(), "--provider=" + master.connstr());
        assertEquals(ExitCodes.FAILURE, twice.code(), twice.toString());
        var dup = leaf2.run("create-leaf", "b1", leaf2.connstr(), "--provider=" + branch.connstr());
        assertEquals(ExitCodes.FAILURE, dup.code(), dup.toString());
        assertTrue(dup.err().startsWith("londiste3: node b1: already a member of queue q"), dup.err());
        var l = leaf2.run("create-leaf", "leaf2", leaf2.connstr(), "--provider=" + branch.connstr());
        assertEquals(0, l.code(), l.toString());
        assertTrue(master.column("select node_name from pgq_node.get_queue_locations('q')").contains("leaf2"));
        assertEquals(List.of("leaf2"), branch.column("select node_name from pgq_node.get_subscriber_info('q')"));
        var st = leaf2.run("status");
        assertEquals(0, st.code(), st.toString());
        assertTrue(st.out().contains("+--: b1 (branch)\n"), st.out());
        assertTrue(st.out().contains("+--: leaf2 (leaf)\n"), st.out());
        var dead = master.run("tag-dead", "leaf2");
        assertEquals(0, dead.code(), dead.toString());
        assertEquals(List.of("t"), master.column("select dead::text from pgq_node.get_queue_locations('q') "
                + "where node_name = 'leaf2'").stream().map(x -> x.substring(0, 1)).toList());
        assertTrue(master.run("status").out().contains("ERR: node is marked dead"));
        var unknown = master.run("tag-dead", "nosuch");
        assertEquals(ExitCodes.FAILURE, unknown.code(), unknown.toString());
        assertEquals("londiste3: tag-dead: no such node in queue q: nosuch; see 'members'\n", unknown.err());
        assertEquals(0, master.run("tag-alive", "leaf2").code());
        assertEquals(List.of("f"), master.column("select dead::text from pgq_node.get_queue_locations('q') "
                + "where node_name = 'leaf2'").stream().map(x -> x.substring(0, 1)).toList());
    }

    /** add-table refusals name every table and change nothing; then --force, sequences, listings. */
    static void tablesAndSeqs(Londiste3.Node master, Londiste3.Node slave) throws SQLException {
        var all = master.run("add-table", "--all");
        assertEquals(ExitCodes.FAILURE, all.code(), all.toString());
        assertEquals("londiste3: add-table: no primary key: public.nopk, public.nopk2; add one (alter table ... add "
                + "primary key ...), or run again with --force to add the other tables without them\n"
                + "londiste3: add-table: nothing changed\n", all.err());
        assertEquals(List.of(), master.column("select table_name from londiste.get_table_list('q')"));

        var unknown = master.run("add-table", "t1", "nosuch", "other.nosuch2");
        assertEquals(ExitCodes.FAILURE, unknown.code(), unknown.toString());
        assertTrue(unknown.err().startsWith("londiste3: add-table: no such table in this database: other.nosuch2, "
                + "public.nosuch; check the names"), unknown.err());
        assertEquals(List.of(), master.column("select table_name from londiste.get_table_list('q')"));

        var forced = master.run("add-table", "--all", "--force");
        assertEquals(0, forced.code(), forced.toString());
        assertEquals(List.of("public.t1", "public.t2"), master.column(
                "select table_name from londiste.get_table_list('q') where local order by 1"));
        assertTrue(master.log().contains("public.nopk: no primary key, not added"), master.log());
        var twice = master.run("add-table", "t1");
        assertEquals(0, twice.code(), twice.toString());

        var seq = master.run("add-seq", "--all");
        assertEquals(0, seq.code(), seq.toString());
        assertEquals(List.of("public.s1"), master.column(
                "select seq_name from londiste.get_seq_list('q') where local"));

        var missing = master.run("missing");
        assertEquals(0, missing.code(), missing.toString());
        assertTrue(missing.out().startsWith("Missing objects on node\nobj_kind  obj_name\n"), missing.out());
        assertTrue(missing.out().contains("\nr         public.nopk\n"), missing.out());
        assertFalse(missing.out().contains("public.t1"), missing.out());

        var leafAll = slave.run("add-table", "--all");
        assertEquals(0, leafAll.code(), leafAll.toString());
        var tables = slave.run("tables");
        assertEquals("Tables on node\ntable_name  merge_state  table_attrs\n----------  -----------  -----------\n"
                + "public.t1\npublic.t2\n", tables.out());
        var names = slave.run("tables", "--names-only");
        assertEquals("public.t1\npublic.t2\n", names.out());
        var leafSeq = slave.run("add-seq", "--all");
        assertEquals(0, leafSeq.code(), leafSeq.toString());
        var seqs = slave.run("seqs");
        assertTrue(seqs.out().startsWith("Sequences on node\nseq_name   local  last_value  current_value\n"),
                seqs.out());
        assertTrue(seqs.out().contains("\npublic.s1  true"), seqs.out());

        var check = slave.run("check");
        assertEquals(0, check.code(), check.toString());
        assertEquals("public.t1: ok\npublic.t2: ok\n", check.out());
        slave.sql("alter table public.t2 add column extra int", "alter table public.t2 alter column v type "
                + "varchar(20)");
        var differ = slave.run("check", "t2");
        assertEquals(ExitCodes.DIFFERENCES, differ.code(), differ.toString());
        assertEquals("public.t2: column v: text on the provider, character varying(20) here\n"
                + "public.t2: column extra: only here\n", differ.out());
        var removed = slave.run("remove-table", "t2");
        assertEquals(0, removed.code(), removed.toString());
        assertEquals("public.t1\n", slave.run("tables", "--names-only").out());
        var badRemove = slave.run("remove-table", "t2", "nosuch");
        assertEquals(ExitCodes.FAILURE, badRemove.code(), badRemove.toString());
        assertTrue(badRemove.err().contains("not added on this node: public.nosuch, public.t2"), badRemove.err());
        var fkeys = slave.run("fkeys");
        assertEquals("Pending foreign keys\nfrom_table  to_table  fkey_name  fkey_def\n"
                + "----------  --------  ---------  --------\n", fkeys.out(), fkeys.toString());
        var resync = slave.run("resync", "t1");
        assertEquals(0, resync.code(), resync.toString());
    }

    /** add-table/add-seq --create on the leaf: the table and sequence built from the provider's definition. */
    static void createFromProvider(Londiste3.Node master, Londiste3.Node slave) throws SQLException {
        master.sql("create table public.t3 (id serial primary key, v text not null default 'x')",
                "create sequence public.s2 start 50");
        assertEquals(0, master.run("add-table", "t3").code());
        assertEquals(0, master.run("add-seq", "s2").code());
        var refused = slave.run("add-table", "t3");
        assertEquals(ExitCodes.FAILURE, refused.code(), refused.toString());
        assertTrue(refused.err().startsWith("londiste3: add-table: no such table on this node: public.t3; create "
                + "them first, or give --create"), refused.err());
        assertEquals(List.of(), slave.column("select relname::text from pg_class where relname = 't3'"));
        var created = slave.run("add-table", "t3", "--create");
        assertEquals(0, created.code(), created.toString());
        assertEquals(List.of("id", "v"), slave.column("select attname::text from pg_attribute where attrelid = "
                + "'public.t3'::regclass and attnum > 0 order by attnum"));
        assertTrue(slave.run("tables", "--names-only").out().contains("public.t3\n"));
        var seq = slave.run("add-seq", "s2", "--create");
        assertEquals(0, seq.code(), seq.toString());
        assertEquals(List.of("public.s2"), slave.column("select seq_name from londiste.get_seq_list('q') where "
                + "local and seq_name = 'public.s2'"));
    }

    /**
     * compare at the same tick: a stand-in for the worker (it only records, as the worker does after each batch,
     * the root's last tick as completed on the leaf; tables are kept equal by hand) lets compare's wait end.
     */
    static void compare(Londiste3.Node master, Londiste3.Node slave) throws Exception {
        for (var n : List.of(master, slave)) {
            n.sql("create table public.c1 (id int primary key, v text, f float8, ts timestamptz)",
                    "insert into public.c1 select g, 'v' || g, g / 3.0, '2020-01-01 00:00+00'::timestamptz"
                            + " + g * interval '1 hour' from generate_series(1, 100) g");
        }
        slave.sql("alter database " + slave.column("select current_database()").get(0) + " set timezone = "
                + "'Asia/Kolkata'");
        assertEquals(0, master.run("add-table", "c1").code());
        var leaf = slave.run("add-table", "c1", "--expect-sync");
        assertEquals(0, leaf.code(), leaf.toString());
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread worker = new Thread(() -> {
            while (!stop.get()) {
                try {
                    String tick = master.column("select last_tick_id::text from pgq.get_queue_info('q')").get(0);
                    slave.sql("select * from pgq_node.set_consumer_completed('q', 'slave', " + tick + ")");
                    Thread.sleep(100);
                } catch (Exception e) {
                    return;
                }
            }
        }, "fake-worker");
        worker.setDaemon(true);
        worker.start();
        try {
            assertEquals(0, slave.run("wait-provider").code());
            assertEquals(0, slave.run("wait-root").code());
            assertEquals(0, master.run("wait-root").code());
            var same = slave.run("compare", "c1");
            assertEquals(0, same.code(), same.toString());
            assertTrue(same.out().startsWith("public.c1: provider rows: 100, checksum: "), same.out());
            assertTrue(same.out().endsWith("public.c1: ok\ncompare: 1 table(s) checked, no differences\n"),
                    same.out());
            slave.sql("set session_replication_role = replica; update public.c1 set v = 'changed' where id = 7; "
                    + "reset session_replication_role");
            var diff = slave.run("compare");
            assertEquals(ExitCodes.DIFFERENCES, diff.code(), diff.toString());
            assertTrue(diff.out().contains("public.c1: DIFFERENT\n"), diff.out());
            assertTrue(diff.out().endsWith("differ: public.c1\n"), diff.out());
            var count = slave.run("compare", "c1", "--count-only");
            assertEquals(0, count.code(), count.toString());
            assertTrue(count.out().startsWith("public.c1: provider rows: 100\n"), count.out());
        } finally {
            stop.set(true);
            worker.join();
        }
        var noWorker = slave.run("--set", "lock_timeout=1", "compare", "c1");
        assertEquals(ExitCodes.FAILURE, noWorker.code(), noWorker.toString());
        assertTrue(noWorker.err().contains("did not pass tick"), noWorker.err());
    }

    static void status(Londiste3.Node master, Londiste3.Node slave) {
        var st = slave.run("status");
        assertEquals(0, st.code(), st.toString());
        assertTrue(st.out().startsWith("Queue: q   Local node: slave\n\nmaster (root)\n"), st.out());
        assertTrue(st.out().contains("  +--: slave (leaf)\n"), st.out());
        assertTrue(st.out().contains("Tables: 4/0/0"), st.out());
        assertTrue(st.out().contains("Tables: 1/2/1"), st.out());
        assertFalse(st.out().contains("password"), st.out());
        var pause = master.run("pause", "--node", "slave");
        assertEquals(0, pause.code(), pause.toString());
        assertTrue(slave.run("status").out().contains(", PAUSED"));
        assertTrue(slave.run("node-info").out().contains("PAUSED"));
        assertEquals(0, slave.run("resume").code());
        assertFalse(slave.run("node-info").out().contains("PAUSED"));
        var info = slave.run("node-info");
        assertEquals(0, info.code(), info.toString());
        // no worker ran yet: the node is not up to date
        assertTrue(info.out().startsWith("Node: slave  Type: leaf  Queue: q\nStatus: NON-UP-TO-DATE\n"
                + "Provider: master\nConnect strings:\n  Local   : host=localhost"), info.out());
        var ns = master.run("node-status");
        assertEquals(0, ns.code(), ns.toString());
        assertTrue(ns.out().startsWith("master (root)\n    Provider: master\n    Subscribers: "), ns.out());
        assertTrue(ns.out().contains("slave"), ns.out());
    }

    /** Bad input on node commands: unreachable provider, no node, one line each. */
    static void badInput(Londiste3.Node lonely, int closedPort) {
        var unreachable = lonely.run("create-leaf", "x", lonely.connstr(), "--provider=host=localhost port="
                + closedPort + " dbname=nosuch user=postgres connect_timeout=2");
        assertEquals(ExitCodes.FAILURE, unreachable.code(), unreachable.toString());
        assertEquals(1, unreachable.err().lines().count(), unreachable.err());
        assertTrue(unreachable.err().startsWith("londiste3: provider: "), unreachable.err());
        var noNode = lonely.run("add-table", "--all");
        assertEquals(ExitCodes.FAILURE, noNode.code(), noNode.toString());
        assertEquals("londiste3: queue q: this database is not a node of it; run create-root, create-branch or "
                + "create-leaf first (or fix queue_name)\n", noNode.err());
        var lost = lonely.run("create-leaf", "x", "user=postgres host= dbname=myapp", "--provider=" + lonely.connstr());
        assertEquals(ExitCodes.USAGE, lost.code(), lost.toString());
        assertEquals("londiste3: public connect string: host is empty: libpq reads 'dbname=myapp' as the host; "
                + "name the host or leave host out\n", lost.err());
    }
}
