create or replace function pgq._capture_drop()
returns event_trigger as $$
-- ----------------------------------------------------------------------
-- Function: pgq._capture_drop(0)
--
--      Event trigger (sql_drop, pgq_capture_drop): when a trigger that
--      calls a generated capture function is dropped, by itself or with
--      its table, drops the function and forgets it; on DROP CAST rewrites
--      them all (see pgq._capture_ddl). Returns at once when nothing is
--      registered: it runs on every DROP.
--
-- Parameters:
--      none (event trigger)
--
-- Returns:
--      nothing
-- Calls:
--      pgq._capture_generate(4)
-- Tables directly manipulated:
--      delete - pgq.capture_function
-- ----------------------------------------------------------------------
declare
    r record;
begin
    if not exists (select 1 from pgq.capture_function) then
        return;
    end if;
    -- the trigger is gone from pg_trigger by now: forget every function no trigger calls any more (by name:
    -- a dump and restore gives tables and triggers new oids)
    for r in
        delete from pgq.capture_function cf
         where coalesce(pg_catalog.to_regprocedure(cf.cf_function || '()')::oid, 0)
               not in (select t.tgfoid from pg_catalog.pg_trigger t)
        returning cf.cf_function
    loop
        execute 'drop function if exists ' || r.cf_function || '()';
    end loop;
    -- a dropped cast to text changes what '::text' means for a type: rewrite every generated function
    if exists (select 1 from pg_catalog.pg_event_trigger_dropped_objects() d
                where d.classid = 'pg_catalog.pg_cast'::regclass) then
        perform pgq._capture_generate(cf.cf_function, t.tgrelid, cf.cf_queue, cf.cf_args)
           from pgq.capture_function cf
           join pg_catalog.pg_trigger t on t.tgfoid = pg_catalog.to_regprocedure(cf.cf_function || '()')
          -- not the copies of a partitioned table's trigger on its partitions
          where cf.cf_function like 'pgq.\_cap\_' || t.tgrelid::text || '\_%';
    end if;
end;
$$ language plpgsql security definer set search_path = pg_catalog, pg_temp;
