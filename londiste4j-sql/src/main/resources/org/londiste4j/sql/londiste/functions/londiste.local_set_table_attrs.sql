create or replace function londiste.local_set_table_attrs(
    in i_queue_name text,
    in i_table_name text,
    in i_table_attrs text,
    out ret_code int4,
    out ret_note text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.local_set_table_attrs(3)
--
--      Stores the urlencoded handler attributes of a local table.
--
-- Parameters:
--      i_queue_name  - queue name
--      i_table_name  - schema-qualified table name in the set (as
--                      stored: no 'public.' is added)
--      i_table_attrs - urlencoded attributes
--
-- Returns:
--      200 - <name>: Table attributes stored
--      404 - no such local table
-- Calls:
--      none
-- Tables directly manipulated:
--      update - londiste.table_info
-- ----------------------------------------------------------------------
begin
    update londiste.table_info set table_attrs = i_table_attrs
     where queue_name = i_queue_name and table_name = i_table_name and local;
    if found then
        select 200, i_table_name || ': Table attributes stored' into ret_code, ret_note;
    else
        select 404, 'no such local table: ' || i_table_name into ret_code, ret_note;
    end if;
    return;
end;
$$ language plpgsql;
