create or replace function londiste.global_remove_table(
    in i_queue_name text,
    in i_table_name text,
    out ret_code int4,
    out ret_note text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.global_remove_table(2)
--
--      Removes a table from the queue's set: on the root from
--      londiste.local_remove_table, elsewhere when replay sees the event
--      londiste.remove-table (the table stops being local first, which
--      drops its triggers).
--
-- Parameters:
--      i_queue_name - queue name
--      i_table_name - table name or schema.name
--
-- Returns:
--      200 - Table removed
--      400 - Table not found
-- Calls:
--      pgq_node.is_root_node(1), londiste.local_remove_table(2)
-- Tables directly manipulated:
--      delete - londiste.table_info
-- ----------------------------------------------------------------------
declare
    v_fq    text := londiste.make_fqname(i_table_name);
begin
    if not pgq_node.is_root_node(i_queue_name) then
        perform 1 from londiste.local_remove_table(i_queue_name, v_fq);
    end if;
    delete from londiste.table_info where queue_name = i_queue_name and table_name = v_fq;
    if not found then
        select 400, 'Table not found: ' || v_fq into ret_code, ret_note;
        return;
    end if;
    select 200, 'Table removed: ' || i_table_name into ret_code, ret_note;
    return;
end;
$$ language plpgsql strict;
