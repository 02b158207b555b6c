create or replace function pgq._capture_ddl()
returns event_trigger as $$
-- ----------------------------------------------------------------------
-- Function: pgq._capture_ddl(0)
--
--      Event trigger (ddl_command_end, pgq_capture_ddl): regenerates, in
--      the DDL's own transaction, every generated capture function whose
--      table the command may have changed: the table itself (ALTER TABLE
--      of any kind, renames, SET SCHEMA), the table of an index (primary
--      key via CREATE/ALTER INDEX), every table of a schema (ALTER SCHEMA
--      RENAME), and their inheritance children; all of them on CREATE
--      CAST (a cast to text changes what the generated code calls). A
--      table that the generator no longer handles (a magic _pgq_ev_*
--      column was added) gets its trigger moved to pgq.logutriga, with a
--      NOTICE. Returns at once when nothing is registered: it runs on
--      every DDL. The copies of a partitioned table's trigger on its
--      partitions (11+) share the parent's function: left alone.
--
-- Parameters:
--      none (event trigger)
--
-- Returns:
--      nothing
-- Calls:
--      pgq._capture_generate(4)
-- Tables directly manipulated:
--      delete - pgq.capture_function (on the move to pgq.logutriga)
-- ----------------------------------------------------------------------
declare
    r      record;
    v_list text;
begin
    if not exists (select 1 from pgq.capture_function) then
        return;
    end if;
    for r in
        with recursive cmd as (
            select d.classid, d.objid from pg_catalog.pg_event_trigger_ddl_commands() d
        ), seed(relid) as (
            select c.objid from cmd c where c.classid = 'pg_catalog.pg_class'::regclass
            union
            select i.indrelid from cmd c join pg_catalog.pg_index i on i.indexrelid = c.objid
             where c.classid = 'pg_catalog.pg_class'::regclass
            union
            select t.oid from cmd c join pg_catalog.pg_class t on t.relnamespace = c.objid
             where c.classid = 'pg_catalog.pg_namespace'::regclass
            union
            -- a new or dropped cast to text changes what '::text' means for a type: rewrite them all
            select t.tgrelid from pgq.capture_function f
              join pg_catalog.pg_trigger t on t.tgfoid = pg_catalog.to_regprocedure(f.cf_function || '()')
             where exists (select 1 from cmd c where c.classid = 'pg_catalog.pg_cast'::regclass)
        ), rels(relid) as (
            select relid from seed
            union
            select h.inhrelid from pg_catalog.pg_inherits h join rels on h.inhparent = rels.relid
        )
        -- by the function's name, not the stored oids: a dump and restore gives tables and triggers new oids
        select cf.cf_function, cf.cf_queue, cf.cf_args, t.tgrelid as cf_table, t.tgname,
               (t.tgtype & 2) <> 0 as before
          from pgq.capture_function cf
          join pg_catalog.pg_trigger t on t.tgfoid = pg_catalog.to_regprocedure(cf.cf_function || '()')
         where t.tgrelid in (select relid from rels)
           -- the trigger it was made for, not the copies PostgreSQL 11+ puts on a partitioned table's partitions
           and cf.cf_function like 'pgq.\_cap\_' || t.tgrelid::text || '\_%'
         order by cf.cf_function
    loop
        continue when pgq._capture_generate(r.cf_function, r.cf_table, r.cf_queue, r.cf_args);
        select string_agg(quote_literal(a), ', ' order by n) into v_list
          from unnest(array[r.cf_queue] || r.cf_args) with ordinality as x(a, n);
        delete from pgq.capture_function where cf_function = r.cf_function;
        execute 'drop trigger ' || quote_ident(r.tgname) || ' on ' || r.cf_table::regclass::text;
        execute 'create trigger ' || quote_ident(r.tgname) || case when r.before then ' before' else ' after' end
            || ' insert or update or delete on ' || r.cf_table::regclass::text
            || ' for each row execute procedure pgq.logutriga(' || v_list || ')';
        execute 'drop function if exists ' || r.cf_function || '()';
        raise notice 'pgq: trigger % on % now uses pgq.logutriga: its table needs the generic trigger',
            r.tgname, r.cf_table::regclass;
    end loop;
end;
$$ language plpgsql security definer set search_path = pg_catalog, pg_temp;
