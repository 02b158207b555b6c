-- the initial copy's progress record: a leaf with three tables, one waiting, one copying, one in sync;
-- a new copy starts its record over; the record goes with the node
\set VERBOSITY terse
set client_min_messages = error;
select * from pgq_node.register_location('cq', 'p1', 'dbname=p1', false);
select * from pgq_node.register_location('cq', 'n2', 'dbname=n2', false);
select * from pgq_node.create_node('cq', 'leaf', 'n2', 'w2', 'p1', 1, null);
create table c1 (id int primary key);
create table c2 (id int primary key);
create table c3 (id int primary key);
select * from londiste.global_add_table('cq', 'public.c1');
select * from londiste.global_add_table('cq', 'public.c2');
select * from londiste.global_add_table('cq', 'public.c3');
select * from londiste.local_add_table('cq', 'public.c1');
select * from londiste.local_add_table('cq', 'public.c2');
select * from londiste.local_add_table('cq', 'public.c3');
select * from londiste.local_set_table_state('cq', 'public.c2', null, 'in-copy');
select * from londiste.local_set_table_state('cq', 'public.c3', null, 'ok');
create view pg_temp.progress as
    select table_name, merge_state, stage, rows_copied, bytes_copied, est_rows, est_bytes,
           elapsed >= 0 as elapsed_ok, idle >= 0 as idle_ok
      from londiste.get_copy_progress('cq');
select * from pg_temp.progress;
-- a copy starts, moves, rebuilds its indexes, commits; the estimate stays when a later call has none
select londiste.set_copy_progress('cq', 'public.c2', 'copying', 0, 0, 1000, 65536);
select londiste.set_copy_progress('cq', 'public.c2', 'copying', 400, 12000, null, null);
select * from pg_temp.progress;
select londiste.set_copy_progress('cq', 'public.c2', 'indexing', 1000, 30000, null, null);
select londiste.set_copy_progress('cq', 'public.c2', 'copied', 1000, 30000, null, null);
select * from londiste.local_set_table_state('cq', 'public.c2', '1:2:', 'catching-up');
select * from pg_temp.progress;
-- an unknown stage is refused; a table whose copy never started is left alone
select londiste.set_copy_progress('cq', 'public.c2', 'dreaming', 1, 1, null, null);
select londiste.set_copy_progress('cq', 'public.c1', 'copying', 5, 5, null, null);
select count(*) as c1_rows from londiste.copy_progress where table_name = 'public.c1';
-- a new copy starts over; a table in sync is not listed even with a record
select londiste.set_copy_progress('cq', 'public.c2', 'copying', 0, 0, null, 4096);
select londiste.set_copy_progress('cq', 'public.c3', 'copying', 0, 0, 7, 8192);
select * from pg_temp.progress;
select count(*) as records from londiste.copy_progress;
-- the node goes, its records with it
select * from pgq_node.drop_node('cq', 'n2');
select count(*) as records from londiste.copy_progress;
