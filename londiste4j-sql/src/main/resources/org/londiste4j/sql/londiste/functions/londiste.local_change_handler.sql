create or replace function londiste.local_change_handler(
    in i_queue_name     text,
    in i_table_name     text,
    in i_trg_args       text[],
    in i_table_attrs    text,
    out ret_code        int4,
    out ret_note        text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.local_change_handler(4)
--
--      Changes the handler attributes of a local table and re-creates
--      its triggers when the new handler needs other arguments.
--
-- Parameters:
--      i_queue_name  - queue name
--      i_table_name  - schema-qualified table name in the set
--      i_trg_args    - trigger arguments (see londiste.create_trigger)
--      i_table_attrs - urlencoded handler attributes
--
-- Returns:
--      200 - Handler changed (with or without triggers)
--      400 - No such set
--      404 - no such local table
--      and the codes of londiste.create_trigger(5) (note prefixed)
-- Calls:
--      pgq_node.get_node_info(1), londiste.local_set_table_attrs(3),
--      londiste.create_trigger(5)
-- Tables directly manipulated:
--      update - londiste.table_info
-- ----------------------------------------------------------------------
declare
    v_node  record;
    v_dest  text;
    v_desc  text;
begin
    select f.ret_code, f.node_type into v_node from pgq_node.get_node_info(i_queue_name) f;
    if not found or v_node.ret_code >= 400 then
        select 400, 'No such set: ' || i_queue_name into ret_code, ret_note;
        return;
    end if;
    select f.ret_code, f.ret_note into ret_code, ret_note
      from londiste.local_set_table_attrs(i_queue_name, i_table_name, i_table_attrs) f;
    if ret_code <> 200 then
        return;
    end if;
    select coalesce(t.dest_table, i_table_name) into v_dest
      from londiste.table_info t
     where t.queue_name = i_queue_name and t.table_name = i_table_name and t.local;
    select f.ret_code, f.ret_note into ret_code, ret_note
      from londiste.create_trigger(i_queue_name, i_table_name, i_trg_args, v_dest, v_node.node_type) f;
    v_desc := case when v_dest = i_table_name then i_table_name else i_table_name || '(' || v_dest || ')' end;
    if ret_code > 299 then
        ret_note := 'Trigger creation failed for table ' || v_desc || ': ' || ret_note;
        return;
    elsif ret_code = 201 then
        select 200, 'Table handler updated with no triggers: ' || v_desc into ret_code, ret_note;
        return;
    end if;
    select 200, 'Handler changed for table: ' || v_desc into ret_code, ret_note;
    return;
end;
$$ language plpgsql;
