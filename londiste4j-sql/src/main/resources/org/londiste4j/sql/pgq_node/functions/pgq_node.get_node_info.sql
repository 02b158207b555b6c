create or replace function pgq_node.get_node_info(
    in i_queue_name text,
    out ret_code int4,
    out ret_note text,
    out node_type text,
    out node_name text,
    out global_watermark bigint,
    out local_watermark bigint,
    out provider_node text,
    out provider_location text,
    out combined_queue text,
    out combined_type text,
    out worker_name text,
    out worker_paused bool,
    out worker_uptodate bool,
    out worker_last_tick bigint,
    out node_attrs text,
    out target_for text[])
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.get_node_info(1)
--
--      Describes this database's node of a cascaded queue.
--
--      On a root or branch the local watermark is the oldest tick any
--      consumer of the local queue (subscribers' workers and watermarks)
--      still needs, or the newest tick when there is none; on a leaf it is
--      the worker's last tick. On the root worker_last_tick is the queue's
--      newest tick (the root's worker consumes nothing).
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--
-- Returns:
--      ret_code            - 100 ok, 404 unknown queue
--      ret_note            - description
--      node_type           - 'root', 'branch' or 'leaf'
--      node_name           - name of this node
--      global_watermark    - the queue's global watermark (root, branch)
--      local_watermark     - the oldest tick this node and those below need
--      provider_node       - the worker's provider node
--      provider_location   - its connect string
--      combined_queue      - merge-leaf: the combined queue
--      combined_type       - node type of the combined queue's node
--      worker_name         - consumer name of the worker
--      worker_paused       - whether the worker is paused
--      worker_uptodate     - whether the worker has seen the last change
--      worker_last_tick    - the worker's last committed tick
--      node_attrs          - urlencoded attributes for the worker
--      target_for          - queues whose merge-leaf writes into this one
-- Calls:
--      pgq.get_consumer_info(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
begin
    select 100, 'Ok', n.node_type, n.node_name, c.node_type, c.queue_name, w.provider_node, l.node_location,
           n.worker_name, w.paused, w.uptodate, w.last_tick_id, n.node_attrs
      into ret_code, ret_note, node_type, node_name, combined_type, combined_queue, provider_node,
           provider_location, worker_name, worker_paused, worker_uptodate, worker_last_tick, node_attrs
      from pgq_node.node_info n
      left join pgq_node.node_info c on c.queue_name = n.combined_queue
      left join pgq_node.local_state w on w.queue_name = n.queue_name and w.consumer_name = n.worker_name
      left join pgq_node.node_location l on l.queue_name = w.queue_name and l.node_name = w.provider_node
     where n.queue_name = i_queue_name;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown queue: ' || i_queue_name;
        return;
    end if;

    if node_type in ('root', 'branch') then
        select min(ci.last_tick) filter (where ci.consumer_name <> '.global_watermark'),
               min(ci.last_tick) filter (where ci.consumer_name = '.global_watermark')
          into local_watermark, global_watermark
          from pgq.get_consumer_info(i_queue_name) ci;
        if local_watermark is null then
            local_watermark := pgq_node._queue_top(i_queue_name);
        end if;
        select array_agg(t.queue_name order by t.queue_name) into target_for
          from pgq_node.node_info t
         where t.combined_queue = i_queue_name;
    else
        local_watermark := worker_last_tick;
    end if;

    if node_type = 'root' then
        worker_last_tick := pgq_node._queue_top(i_queue_name);
    end if;
    return;
end;
$$ language plpgsql security definer;
