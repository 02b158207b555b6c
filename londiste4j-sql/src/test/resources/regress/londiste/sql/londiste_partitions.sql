-- needs PostgreSQL 11
-- a partitioned table replicated whole: registered and captured under the parent's name from every partition
-- (sub-partitions, one attached with another column order, one created after add-table), row moves between
-- partitions as DELETE + INSERT, TRUNCATE of the parent; the partitions themselves are not tables of the set
\set VERBOSITY terse
set client_min_messages = error;
create view pg_temp.ev as
    select ev_type, ev_data, ev_extra1 from pgq.event_template where false;
create function pg_temp.events(i_queue text) returns setof pg_temp.ev language plpgsql as $$
begin
    return query execute 'select ev_type, ev_data, ev_extra1 from '
        || (select queue_data_pfx from pgq.queue where queue_name = i_queue) || ' order by ev_id';
end $$;
-- the triggers londiste made (PostgreSQL's copies on the partitions left out: 11 and 12 mark them internal,
-- 13+ do not)
create view pg_temp.trg as
    select c.relname as tbl, t.tgname, t.tgtype, encode(t.tgargs, 'escape') as args,
           case when p.proname like '\_cap\_%' then 'generated' else p.proname::text end as func
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
     where not t.tgisinternal and c.relnamespace = 'public'::regnamespace
       and not exists (select 1 from pg_inherits h join pg_trigger pt on pt.tgrelid = h.inhparent
                        where h.inhrelid = c.oid and pt.tgname = t.tgname);

select * from pgq_node.register_location('pq', 'n1', 'dbname=n1', false);
select * from pgq_node.create_node('pq', 'root', 'n1', 'w1', null, null, null);
create table pt (id int, k int, v text, primary key (id, k)) partition by range (k);
create table pt_a partition of pt for values from (0) to (100);
create table pt_b partition of pt for values from (100) to (200) partition by range (id);
create table pt_b1 partition of pt_b for values from (minvalue) to (50);
create table pt_b2 partition of pt_b for values from (50) to (maxvalue);
create table pt_c (v text, k int not null, id int not null);
alter table pt attach partition pt_c for values from (200) to (300);
select * from londiste.local_show_missing('pq');
select londiste.find_column_types('pt');
select * from londiste.local_add_table('pq', 'public.pt');
select * from londiste.local_add_table('pq', 'public.pt');
select table_name, local, merge_state from londiste.get_table_list('pq');
select * from londiste.local_show_missing('pq');
select * from pg_temp.trg order by 1, 2;
create table pt_d partition of pt for values from (300) to (400);

insert into pt values (1, 5, 'a'), (60, 150, 'b&c'), (2, 250, null), (3, 350, 'd');
update pt set v = 'x' where id = 60;
update pt set k = 120 where id = 1;
update pt set k = 10, v = 'back' where id = 60;
delete from pt where id = 2;
truncate pt;
select * from pg_temp.events('pq');

-- the generated function follows the parent's DDL and serves a partition added after it
alter table pt add column w int;
insert into pt values (4, 260, 'e', 7);
select * from pg_temp.events('pq') where ev_data like 'id=4&%';

-- removal drops the parent's trigger and PostgreSQL's copies with it
select * from londiste.local_remove_table('pq', 'public.pt');
select count(*) as capture_triggers_left from pg_trigger t
  where t.tgrelid in (select oid from pg_class where relname like 'pt%') and not t.tgisinternal;
