create or replace function pgq_node.unregister_location(
    in i_queue_name text,
    in i_node_name text,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.unregister_location(2)
--
--      Forgets a member of the cascade: drops its location and any
--      subscription it still has here. The node's own location and its
--      provider's cannot be dropped. On the root a
--      'pgq.unregister-location' event tells the other nodes.
--
-- Parameters:
--      i_queue_name    - cascaded queue name
--      i_node_name     - node to forget
--
-- Returns:
--      ret_code        - 200 ok, 301 location not found,
--                        403 the node's own or its provider's location
--      ret_note        - description
-- Calls:
--      pgq_node.unregister_subscriber(2), pgq.insert_event(7)
-- Tables directly manipulated:
--      delete - pgq_node.node_location
-- ----------------------------------------------------------------------
declare
    v_self      text;
    v_type      text;
    v_provider  text;
begin
    select n.node_name, n.node_type, s.provider_node into v_self, v_type, v_provider
        from pgq_node.node_info n
        left join pgq_node.local_state s on s.queue_name = n.queue_name and s.consumer_name = n.worker_name
        where n.queue_name = i_queue_name;
    if v_self = i_node_name then
        ret_code := 403;
        ret_note := 'Cannot drop node''s own location';
        return;
    elsif v_provider = i_node_name then
        ret_code := 403;
        ret_note := 'Cannot drop location of node''s parent';
        return;
    end if;

    -- a subscription left behind by the node would reference its location: drop it quietly
    perform pgq_node.unregister_subscriber(i_queue_name, i_node_name);

    delete from pgq_node.node_location where queue_name = i_queue_name and node_name = i_node_name;
    if found then
        ret_code := 200;
        ret_note := 'Ok';
    else
        ret_code := 301;
        ret_note := 'Location not found: ' || i_queue_name || '/' || i_node_name;
    end if;

    if v_type = 'root' then
        perform pgq.insert_event(i_queue_name, 'pgq.unregister-location', i_node_name, i_queue_name,
                                 null, null, null);
    end if;
    return;
end;
$$ language plpgsql security definer;
