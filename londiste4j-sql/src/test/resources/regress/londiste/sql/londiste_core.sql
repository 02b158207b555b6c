-- the londiste API in one database: a root queue q with tables and sequences (triggers, events, states,
-- removal, EXECUTE, foreign keys), then a leaf queue lq fed from elsewhere (tables from the set, deny,
-- replay role, sequences from the root)
\set VERBOSITY terse
set client_min_messages = error;
select londiste.version() ~ '^3\.8-londiste4j\.[0-9]+$' as version_ok;
select count(*) as recorded from londiste.schema_version;
create view pg_temp.ev as
    select ev_type, ev_data, ev_extra1, ev_extra2 from pgq.event_template where false;
create function pg_temp.events(i_queue text) returns setof pg_temp.ev language plpgsql as $$
begin
    return query execute 'select ev_type, ev_data, ev_extra1, ev_extra2 from '
        || (select queue_data_pfx from pgq.queue where queue_name = i_queue) || ' order by ev_id';
end $$;
create view pg_temp.trg as
    select c.relname as tbl, t.tgname, t.tgtype, encode(t.tgargs, 'escape') as args,
           case when p.proname like '\_cap\_%' then 'generated' else p.proname::text end as func
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
     where not t.tgisinternal and c.relnamespace = 'public'::regnamespace;

-- root
select * from pgq_node.register_location('q', 'n1', 'dbname=n1', false);
select * from pgq_node.create_node('q', 'root', 'n1', 'w1', null, null, null);
create table t1 (id serial primary key, v text);
create table t2 (id int primary key, v text);
create table nopk (v text);
create sequence s1;
create table "Odd Name" (id int primary key, "Col X" text);
create table ref (id int primary key, t2 int references t2);
select * from londiste.local_show_missing('q');
select * from londiste.local_add_table('q', 't1');
select * from londiste.local_add_table('q', 't1');
select * from londiste.local_add_table('q', 't1', array['skip_truncate']);
select * from londiste.local_add_table('q', 'nopk');
select * from londiste.local_add_table('q', 'nosuch');
select * from londiste.local_add_table('q', 'public.t2', array['tgflags=BIUD', 'SKIP', 'pkey=id'], 'handler=x');
select * from londiste.local_add_table('q', 'public.Odd Name');
select * from londiste.local_add_table('q', 'ref', array['tgflags=Q']);
select * from londiste.local_add_table('nq', 't2');
select * from londiste.get_table_list('q');
select * from pg_temp.trg order by 1, 2;

-- sequences: published with three buffers of room, again when within one buffer
select * from londiste.local_add_seq('q', 's1');
select * from londiste.local_add_seq('q', 's1');
select * from londiste.local_add_seq('q', 'nosuch');
select * from londiste.get_seq_list('q');
select setval('s1', 25000);
select * from londiste.root_check_seqs('q');
select * from londiste.root_check_seqs('q', 100000);
select * from londiste.get_seq_list('q');
select * from londiste.global_update_seq('q', 's1', 5);

-- captured changes
insert into t1 (v) values ('a'), (null);
update t1 set v = 'b&c=d' where id = 1;
delete from t1 where id = 2;
insert into t2 values (1, 'skipped');
insert into "Odd Name" values (7, 'ö x');
insert into ref values (1, null);
truncate t1;
select count(*) as skipped_rows from t2;
select * from londiste.local_show_missing('q');

-- copy states
select * from londiste.local_set_table_state('q', 't1', '10:20:', 'in-copy');
select * from londiste.local_set_table_state('q', 'nosuch', null, 'ok');
select * from londiste.local_set_table_attrs('q', 'public.t1', 'a=1');
select * from londiste.local_set_table_attrs('q', 't1', 'a=1');
select * from londiste.local_set_table_struct('q', 'public.t1', 'create index t1_v on public.t1 (v)');
select table_name, merge_state, custom_snapshot, table_attrs, dropped_ddl from londiste.get_table_list('q');
select * from londiste.local_set_table_state('q', 't1', null, 'wanna-sync:5');
select * from londiste.local_set_table_struct('q', 'public.t1', null);
select * from londiste.local_set_table_state('q', 't1', null, 'wanna-sync:5');
select * from londiste.local_set_table_state('q', 't1', null, 'do-sync:5');
select * from londiste.local_set_table_state('q', 't1', null, 'ok');
select table_name, merge_state, custom_snapshot, table_attrs, dropped_ddl from londiste.get_table_list('q');

-- foreign keys
select * from londiste.find_table_fkeys('public.t2');
select londiste.drop_table_fkey('public.ref', 'ref_t2_fkey');
select londiste.drop_table_fkey('public.ref', 'ref_t2_fkey');
select * from londiste.get_table_pending_fkeys('public.t2');
select * from londiste.get_valid_pending_fkeys('q');
select londiste.restore_table_fkey('public.ref', 'ref_t2_fkey', true);
alter table only public.ref add constraint ref_t2_fkey foreign key (t2) references t2(id) not valid;
select londiste.restore_table_fkey('public.ref', 'ref_t2_fkey', true);
alter table only public.ref validate constraint ref_t2_fkey;
select londiste.restore_table_fkey('public.ref', 'ref_t2_fkey', true);
select * from londiste.get_table_pending_fkeys('public.t2');

-- EXECUTE
select * from londiste.execute_start('q', 'f1.sql', 'create table x1 (id int)', true, 'a=b');
select * from londiste.execute_finish('q', 'f1.sql');
select * from londiste.execute_start('q', 'f1.sql', 'create table x1 (id int)', true);
select * from londiste.execute_finish('q', 'f2.sql');

-- handler change, removal
select * from londiste.local_change_handler('q', 'public.ref', array['backup'], 'handler=y');
select * from londiste.local_change_handler('q', 'public.nosuch', null, 'handler=y');
select * from londiste.local_remove_table('q', 't1');
select * from londiste.local_remove_table('q', 't1');
select * from londiste.local_remove_seq('q', 's1');
select * from londiste.local_remove_seq('q', 's1');
select * from londiste.global_add_table('q', 't9');
select * from londiste.global_remove_table('q', 't9');
select * from londiste.global_remove_table('q', 't9');
select * from londiste.root_notify_change('q', 'londiste.test', 'data');
select * from pg_temp.trg order by 1, 2;
select * from pg_temp.events('q');

-- leaf: tables come from the set, triggers deny, replay writes under session_replication_role = replica
select * from pgq_node.register_location('lq', 'p1', 'dbname=p1', false);
select * from pgq_node.register_location('lq', 'n2', 'dbname=n2', false);
select * from pgq_node.create_node('lq', 'leaf', 'n2', 'w2', 'p1', 1, null);
create table l1 (id int primary key, v text);
create sequence ls1;
select * from londiste.local_add_table('lq', 'l1');
select * from londiste.global_add_table('lq', 'l1');
select * from londiste.global_add_table('lq', 'public.l3');
select * from londiste.local_add_table('lq', 'l1');
select * from londiste.local_add_table('lq', 'l3', array['virtual_table']);
select * from londiste.get_table_list('lq');
select * from londiste.local_show_missing('lq');
select * from pg_temp.trg where tbl = 'l1' order by 1, 2;
insert into l1 values (1, 'a');
begin;
select londiste.set_session_replication_role('replica', true);
show session_replication_role;
insert into l1 values (1, 'a');
commit;
show session_replication_role;
select londiste.set_session_replication_role('always', false);
select * from l1;
select * from londiste.global_update_seq('lq', 'ls1', 100);
select * from londiste.local_add_seq('lq', 'ls1');
select last_value from ls1;
select * from londiste.global_update_seq('lq', 'ls1', 50);
select last_value from ls1;
select * from londiste.get_seq_list('lq');
select * from londiste.root_check_seqs('lq');
select * from londiste.execute_start('lq', 'f9.sql', 'select 1', true);
select * from londiste.local_remove_table('lq', 'l1');
select * from pg_temp.trg where tbl = 'l1';
select * from londiste.get_table_list('lq');

-- dropping the queue's node takes its registrations (and so the triggers) along
select * from londiste.local_add_table('q', 't1');
select count(*) as t1_triggers from pg_temp.trg where tbl = 't1';
select * from pgq_node.drop_node('q', 'n1');
select count(*) as q_tables from londiste.table_info where queue_name = 'q';
select count(*) as t1_triggers from pg_temp.trg where tbl = 't1';
