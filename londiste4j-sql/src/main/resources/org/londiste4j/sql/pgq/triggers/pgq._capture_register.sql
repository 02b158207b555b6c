create or replace function pgq._capture_register(i_trigger oid, i_function text, i_queue text, i_args text[])
returns void as $$
-- ----------------------------------------------------------------------
-- Function: pgq._capture_register(4)
--
--      Records that a trigger calls a generated capture function, so that
--      pgq._capture_ddl regenerates it on DDL and pgq._capture_drop drops
--      it with the trigger. Refuses unless the trigger exists, calls that
--      very function, and the function was generated for the trigger's
--      table (its name holds the table's oid): only who may create a
--      trigger on the table can register it.
--
-- Parameters:
--      i_trigger  - pg_trigger oid
--      i_function - generated function (pgq._cap_...)
--      i_queue    - queue name
--      i_args     - further trigger arguments
--
-- Returns:
--      nothing
-- Calls:
--      none
-- Tables directly manipulated:
--      insert/delete - pgq.capture_function
-- ----------------------------------------------------------------------
declare
    v_rel oid;
begin
    select t.tgrelid into v_rel from pg_catalog.pg_trigger t
     where t.oid = i_trigger and t.tgfoid = pg_catalog.to_regprocedure(i_function || '()')
       and i_function like 'pgq.\_cap\_' || t.tgrelid::text || '\_%';
    if v_rel is null then
        raise exception 'pgq._capture_register: trigger % does not call %', i_trigger, i_function;
    end if;
    delete from pgq.capture_function where cf_function = i_function;
    insert into pgq.capture_function (cf_function, cf_table, cf_trigger, cf_queue, cf_args)
    values (i_function, v_rel, i_trigger, i_queue, coalesce(i_args, '{}'));
end;
$$ language plpgsql security definer set search_path = pg_catalog, pg_temp;
