-- removing a merged table from the partition whose copy holds the dropped secondary indexes (its dropped_ddl):
-- the indexes come back and the rows other partitions copied stay; a table of one partition only (not merged)
-- whose copy did not finish is emptied, as before
\set VERBOSITY terse
set client_min_messages = error;
select * from pgq_node.register_location('full_q', 'full1', 'dbname=full1', false);
select * from pgq_node.create_node('full_q', 'root', 'full1', 'full_w', null, null, null);
select * from pgq_node.register_location('p1_q', 'part1', 'dbname=part1', false);
select * from pgq_node.register_location('p1_q', 'm1', 'dbname=full1', false);
select * from pgq_node.create_node('p1_q', 'leaf', 'm1', 'm1_w', 'part1', 1, 'full_q');
select * from pgq_node.register_location('p2_q', 'part2', 'dbname=part2', false);
select * from pgq_node.register_location('p2_q', 'm2', 'dbname=full1', false);
select * from pgq_node.create_node('p2_q', 'leaf', 'm2', 'm2_w', 'part2', 1, 'full_q');
create table orders (id int primary key, v int);
create index orders_v on orders (v);
create index orders_id_v on orders (id, v);
create table solo (id int primary key, v int);
create index solo_v on solo (v);
-- the tables are in each partition's set (as a leaf learns from its provider); orders merged from both
select * from londiste.global_add_table('p1_q', 'public.orders');
select * from londiste.global_add_table('p2_q', 'public.orders');
select * from londiste.global_add_table('p1_q', 'public.solo');
select * from londiste.local_add_table('p1_q', 'orders', array['merge_all']);
select * from londiste.local_add_table('p1_q', 'solo');
-- partition 1's copy dropped the merged table's secondary indexes (recorded as worker.MergedCopy does: a
-- statement a line, each ending in ';') and waits in catching-up for partition 2's copy
drop index orders_v;
drop index orders_id_v;
select * from londiste.local_set_table_struct('p1_q', 'public.orders',
    E'create index orders_id_v on public.orders (id, v);\ncreate index orders_v on public.orders (v);');
select * from londiste.local_set_table_state('p1_q', 'public.orders', null, 'catching-up');
set session_replication_role = replica;
insert into orders select g, g from generate_series(1, 5) g;
reset session_replication_role;
select * from londiste.local_set_table_state('p2_q', 'public.orders', null, 'in-copy');
-- solo's copy (one partition) stopped half-way
drop index solo_v;
select * from londiste.local_set_table_struct('p1_q', 'public.solo', 'create index solo_v on public.solo (v)');
select * from londiste.local_set_table_state('p1_q', 'public.solo', null, 'in-copy');
set session_replication_role = replica;
insert into solo select g, g from generate_series(1, 3) g;
reset session_replication_role;
select * from londiste.local_remove_table('p1_q', 'public.orders');
select * from londiste.local_remove_table('p1_q', 'public.solo');
select count(*) as orders_rows_kept from orders;
select count(*) as solo_rows_left from solo;
select c.relname as index_back from pg_index i join pg_class c on c.oid = i.indexrelid
 where i.indrelid in ('orders'::regclass, 'solo'::regclass) and not i.indisprimary order by 1;
select queue_name, table_name, local, merge_state, dropped_ddl from londiste.table_info order by 1, 2;
