create or replace function londiste.root_notify_change(i_queue_name text, i_ev_type text, i_ev_data text)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: londiste.root_notify_change(3)
--
--      Publishes a change of the set (londiste.add-table, ...) into the
--      queue, for the nodes below. Only the root may do it.
--
-- Parameters:
--      i_queue_name - cascaded queue name
--      i_ev_type    - event type
--      i_ev_data    - event data (the table or sequence name)
--
-- Returns:
--      1; raises an exception on a node that is not the root
-- Calls:
--      pgq_node.is_root_node(1), pgq.insert_event(3)
-- Tables directly manipulated:
--      none (inserts an event)
-- ----------------------------------------------------------------------
begin
    if not coalesce(pgq_node.is_root_node(i_queue_name), false) then
        raise exception 'only root node can send events';
    end if;
    perform pgq.insert_event(i_queue_name, i_ev_type, i_ev_data);
    return 1;
end;
$$ language plpgsql;
