create or replace function pgq_node.get_consumer_info(
    in i_queue_name text,
    out consumer_name text,
    out provider_node text,
    out last_tick_id int8,
    out paused boolean,
    out uptodate boolean,
    out cur_error text)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.get_consumer_info(1)
--
--      Lists the cascaded consumers that write into this node (the worker
--      among them), by name.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--
-- Returns:
--      consumer_name       - cascaded consumer name
--      provider_node       - the node it reads from
--      last_tick_id        - its last committed tick
--      paused              - whether it is paused
--      uptodate            - whether it has seen the last change
--      cur_error           - why its last batch failed, or NULL
-- Calls:
--      none
-- Tables directly manipulated:
--      none (reads pgq_node.local_state)
-- ----------------------------------------------------------------------
begin
    return query
        select s.consumer_name, s.provider_node, s.last_tick_id, s.paused, s.uptodate, s.cur_error
          from pgq_node.local_state s
         where s.queue_name = i_queue_name
         order by s.consumer_name;
end;
$$ language plpgsql security definer;
