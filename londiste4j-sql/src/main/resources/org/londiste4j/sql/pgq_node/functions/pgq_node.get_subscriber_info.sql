create or replace function pgq_node.get_subscriber_info(
    in i_queue_name text,
    out node_name text,
    out worker_name text,
    out node_watermark int8)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.get_subscriber_info(1)
--
--      Lists the nodes subscribed to this one, with the oldest tick each
--      still needs. May lag behind an administrative change in progress:
--      each node's own pgq_node.get_worker_state() is the authority.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--
-- Returns:
--      node_name           - a node that reads from this one
--      worker_name         - its worker's consumer name
--      node_watermark      - its watermark consumer's tick
-- Calls:
--      none
-- Tables directly manipulated:
--      none (reads pgq_node.subscriber_info, pgq.subscription)
-- ----------------------------------------------------------------------
begin
    return query
        select s.subscriber_node, s.worker_name,
               (select sub.sub_last_tick
                  from pgq.subscription sub
                  join pgq.queue q on q.queue_id = sub.sub_queue
                  join pgq.consumer c on c.co_id = sub.sub_consumer
                 where q.queue_name = i_queue_name and c.co_name = s.watermark_name)
          from pgq_node.subscriber_info s
         where s.queue_name = i_queue_name
         order by s.subscriber_node;
end;
$$ language plpgsql security definer;
