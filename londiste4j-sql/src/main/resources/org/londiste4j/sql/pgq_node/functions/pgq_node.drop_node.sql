create or replace function pgq_node.drop_node(
    in i_queue_name text,
    in i_node_name text,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.drop_node(2)
--
--      Removes a node from what this database knows of the cascade; run it
--      on every member to remove a node everywhere.
--
--      On the node itself (or where no node is registered, to clean up
--      leftovers): drops its subscribers, consumers, node row, the local
--      queue and every other member's location. Elsewhere: drops the
--      node's subscription and location, unless it is this node's
--      provider. On the root the removal is sent down the cascade.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--      i_node_name         - node to drop
--
-- Returns:
--      ret_code            - 200 ok, 405 the node is this node's provider
--      ret_note            - description
-- Calls:
--      pgq_node.unregister_subscriber(2), pgq_node.unregister_location(2), pgq.drop_queue(2)
-- Tables directly manipulated:
--      delete - pgq_node.subscriber_info, pgq_node.local_state, pgq_node.node_info,
--               pgq_node.node_location
-- ----------------------------------------------------------------------
declare
    v_local     boolean;
    v_provider  boolean;
begin
    select n.node_name = i_node_name,
           coalesce((select s.provider_node = i_node_name from pgq_node.local_state s
                      where s.queue_name = n.queue_name and s.consumer_name = n.worker_name), false)
      into v_local, v_provider
      from pgq_node.node_info n
     where n.queue_name = i_queue_name;
    if not found then
        v_local := true;
        v_provider := false;
    end if;

    if v_local then
        delete from pgq_node.subscriber_info where queue_name = i_queue_name;
        delete from pgq_node.local_state where queue_name = i_queue_name;
        delete from pgq_node.node_info where queue_name = i_queue_name and node_name = i_node_name;
        perform pgq.drop_queue(q.queue_name, true) from pgq.queue q where q.queue_name = i_queue_name;
        delete from pgq_node.node_location where queue_name = i_queue_name and node_name <> i_node_name;
    elsif v_provider then
        ret_code := 405;
        ret_note := 'Cannot drop provider node: ' || i_node_name;
        return;
    else
        perform pgq_node.unregister_subscriber(i_queue_name, i_node_name);
    end if;

    -- drops the location, and tells the cascade when this is the root
    perform pgq_node.unregister_location(i_queue_name, i_node_name);

    ret_code := 200;
    ret_note := 'Node dropped: ' || i_node_name;
    return;
end;
$$ language plpgsql security definer;
