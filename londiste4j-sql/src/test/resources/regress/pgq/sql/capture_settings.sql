-- a generated capture trigger under a session whose output settings differ from pgq.logutriga's fixed ones:
-- the same events as pgq.logutriga, and the session's settings as they were, after each kind of call
\set VERBOSITY terse
set client_min_messages = error;
select pgq.create_queue('q') as created;
create table gen (id int primary key, at timestamp, d interval, note text);
create table gen_ign (id int primary key, at timestamp, note text);
create table logu (id int primary key, at timestamp, d interval, note text);
select pgq.create_capture_trigger('gen', 'cap', 'q') like 'pgq._cap_%' as generated;
select pgq.create_capture_trigger('gen_ign', 'cap', 'q', array['ignore=note']) like 'pgq._cap_%' as generated;
create trigger cap after insert or update or delete on logu for each row execute procedure pgq.logutriga('q');
select proname like '\_cap\_%' as generated, proconfig from pg_proc
 where proname like '\_cap\_%' order by oid;
-- the session's settings: none of them the fixed ones
set datestyle = 'SQL, DMY';
set intervalstyle = 'sql_standard';
insert into gen values (1, '2026-11-27 11:30:00.25', '1 day 2 hours', 'a');
insert into logu values (1, '2026-11-27 11:30:00.25', '1 day 2 hours', 'a');
show datestyle;
show intervalstyle;
-- in a transaction with its own SET LOCAL, and an update of the ignored column only (no event)
begin;
set local datestyle = 'German';
update gen set at = '2026-11-28 00:00:00', note = 'b' where id = 1;
update logu set at = '2026-11-28 00:00:00', note = 'b' where id = 1;
show datestyle;
insert into gen_ign values (1, '2026-11-27 10:00:00', 'x');
update gen_ign set note = 'y' where id = 1;
show datestyle;
commit;
show datestyle;
-- a key update is refused, and the settings are those of before it
set client_min_messages = notice;
do $$ begin update gen set id = 2 where id = 1; exception when others then raise notice '%', sqlerrm; end $$;
set client_min_messages = error;
show datestyle;
-- the defaults: nothing to set
reset datestyle;
reset intervalstyle;
delete from gen where id = 1;
delete from logu where id = 1;
show datestyle;
select ev_type, ev_data, ev_extra1 from pgq.event_1 order by ev_id;
-- each generated event equals pgq.logutriga's
select count(*) as pairs, bool_and(g.ev_type = l.ev_type and g.ev_data = l.ev_data) as equal
  from (select ev_type, ev_data, row_number() over (order by ev_id) n from pgq.event_1
         where ev_extra1 = 'public.gen') g
  join (select ev_type, ev_data, row_number() over (order by ev_id) n from pgq.event_1
         where ev_extra1 = 'public.logu') l using (n);
