create or replace function pgq._capture_event_triggers()
returns boolean as $$
-- ----------------------------------------------------------------------
-- Function: pgq._capture_event_triggers(0)
--
--      Creates (if missing) and enables ALWAYS the event triggers that
--      keep generated capture functions in step with their tables:
--      pgq_capture_ddl (ddl_command_end, pgq._capture_ddl) and
--      pgq_capture_drop (sql_drop, pgq._capture_drop). ALWAYS: DDL
--      replayed with session_replication_role = replica must regenerate
--      too. Only a superuser may create event triggers: for anyone else
--      it does nothing and says so in a NOTICE, and
--      pgq.create_capture_trigger then uses pgq.logutriga.
--
-- Parameters:
--      none
--
-- Returns:
--      true if both event triggers exist and are enabled
-- Calls:
--      none
-- Tables directly manipulated:
--      none (creates event triggers)
-- ----------------------------------------------------------------------
begin
    if not coalesce((select rolsuper from pg_catalog.pg_roles where rolname = current_user), false) then
        if (select count(*) from pg_catalog.pg_event_trigger
             where evtname in ('pgq_capture_ddl', 'pgq_capture_drop') and evtenabled = 'A') = 2 then
            return true;
        end if;
        raise notice using message = 'pgq: event triggers pgq_capture_ddl and pgq_capture_drop not created: '
            || current_user || ' is no superuser; pgq.create_capture_trigger uses pgq.logutriga until a superuser'
            || ' installs pgq';
        return false;
    end if;
    if not exists (select 1 from pg_catalog.pg_event_trigger where evtname = 'pgq_capture_ddl') then
        create event trigger pgq_capture_ddl on ddl_command_end execute procedure pgq._capture_ddl();
    end if;
    if not exists (select 1 from pg_catalog.pg_event_trigger where evtname = 'pgq_capture_drop') then
        create event trigger pgq_capture_drop on sql_drop execute procedure pgq._capture_drop();
    end if;
    alter event trigger pgq_capture_ddl enable always;
    alter event trigger pgq_capture_drop enable always;
    return true;
end;
$$ language plpgsql;
