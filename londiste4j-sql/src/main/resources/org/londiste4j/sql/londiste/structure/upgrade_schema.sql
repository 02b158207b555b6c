create or replace function londiste.upgrade_schema()
returns int4 as $$
-- ----------------------------------------------------------------------
-- Function: londiste.upgrade_schema(0)
--
--      Converges an installed londiste schema to this revision: each
--      change is made only when the catalogs show it is missing, so it
--      can run any number of times. Run by the install script after the
--      functions. Today: the table_info_trigger_sync trigger (BEFORE
--      DELETE, so the row is still there to find the table's triggers).
--
-- Returns:
--      number of changes made
-- Calls:
--      none
-- Tables directly manipulated:
--      alter - londiste.table_info (its trigger)
-- ----------------------------------------------------------------------
declare
    v_fixes int4 := 0;
begin
    -- an AFTER DELETE version of the trigger would no longer find the row: replace it
    if exists (select 1 from pg_catalog.pg_trigger t
                where t.tgrelid = 'londiste.table_info'::regclass and t.tgname = 'table_info_trigger_sync'
                  and (t.tgtype & 2) = 0) then
        drop trigger table_info_trigger_sync on londiste.table_info;
        v_fixes := v_fixes + 1;
    end if;
    if not exists (select 1 from pg_catalog.pg_trigger t
                    where t.tgrelid = 'londiste.table_info'::regclass and t.tgname = 'table_info_trigger_sync') then
        create trigger table_info_trigger_sync before delete on londiste.table_info
            for each row execute procedure londiste.table_info_trigger();
        v_fixes := v_fixes + 1;
    end if;
    return v_fixes;
end;
$$ language plpgsql;

-- run it now (in a DO block: a DBA applying the script with psql sees no stray result row)
do $upgrade$
begin
    perform londiste.upgrade_schema();
end
$upgrade$;
