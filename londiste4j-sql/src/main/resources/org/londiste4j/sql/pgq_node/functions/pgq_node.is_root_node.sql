create or replace function pgq_node.is_root_node(i_queue_name text)
returns bool as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.is_root_node(1)
--
--      Whether this database is the root of a cascaded queue.
--
-- Parameters:
--      i_queue_name    - cascaded queue name
--
-- Returns:
--      true on the root; an error when the node is unknown
-- Calls:
--      none
-- Tables directly manipulated:
--      none (reads pgq_node.node_info)
-- ----------------------------------------------------------------------
declare
    v_type  text;
begin
    select n.node_type into v_type from pgq_node.node_info n where n.queue_name = i_queue_name;
    if not found then
        raise exception 'queue does not exist: %', i_queue_name;
    end if;
    return v_type = 'root';
end;
$$ language plpgsql;
