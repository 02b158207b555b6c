create or replace function londiste.table_info_trigger()
returns trigger as $$
-- ----------------------------------------------------------------------
-- Function: londiste.table_info_trigger(0)
--
--      BEFORE DELETE row trigger of londiste.table_info: a table that
--      leaves the registry (also when its queue is dropped, by cascade)
--      loses its capture triggers for that queue.
--
-- Returns:
--      OLD
-- Calls:
--      londiste.drop_table_triggers(2)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
begin
    if TG_OP = 'DELETE' then
        perform londiste.drop_table_triggers(OLD.queue_name, OLD.table_name);
    end if;
    return OLD;
end;
$$ language plpgsql;
