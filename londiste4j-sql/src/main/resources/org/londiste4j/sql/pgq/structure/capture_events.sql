-- pgq: the event triggers behind pgq.create_capture_trigger's generated functions (see
-- pgq._capture_event_triggers). Created when the installing user is a superuser; for anyone else the install
-- goes on without them (a NOTICE says so) and pgq.create_capture_trigger falls back to pgq.logutriga.
-- An upgrade also rewrites every generated function with this revision's generator.

do $events$
declare
    r record;
begin
    perform pgq._capture_event_triggers();
    -- the oids of the registry as they are now (after a dump and restore they are the old database's)
    update pgq.capture_function cf set cf_table = t.tgrelid, cf_trigger = t.oid
      from pg_catalog.pg_trigger t
     where t.tgfoid = pg_catalog.to_regprocedure(cf.cf_function || '()')
       and (cf.cf_table, cf.cf_trigger) is distinct from (t.tgrelid, t.oid);
    for r in select cf.* from pgq.capture_function cf
              where exists (select 1 from pg_catalog.pg_class c where c.oid = cf.cf_table)
              order by cf.cf_function
    loop
        -- a table the generator no longer handles keeps its function until its next DDL moves it
        perform pgq._capture_generate(r.cf_function, r.cf_table, r.cf_queue, r.cf_args);
    end loop;
end
$events$;
