create or replace function pgq_node.set_node_attrs(
    in i_queue_name text,
    in i_node_attrs text,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.set_node_attrs(2)
--
--      Replaces the node's attributes for its worker (urlencoded
--      key=value pairs, e.g. sync_watermark).
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--      i_node_attrs        - urlencoded attributes, or NULL
--
-- Returns:
--      ret_code            - 200 ok, 404 unknown node
--      ret_note            - description
-- Calls:
--      none
-- Tables directly manipulated:
--      update - pgq_node.node_info
-- ----------------------------------------------------------------------
begin
    update pgq_node.node_info set node_attrs = i_node_attrs where queue_name = i_queue_name;
    if not found then
        ret_code := 404;
        ret_note := 'Node not found';
        return;
    end if;
    ret_code := 200;
    ret_note := 'Node attributes updated';
    return;
end;
$$ language plpgsql security definer;
