create or replace function pgq_node.get_worker_state(
    in i_queue_name text,
    out ret_code int4,
    out ret_note text,
    out node_type text,
    out node_name text,
    out completed_tick bigint,
    out provider_node text,
    out provider_location text,
    out paused boolean,
    out uptodate boolean,
    out cur_error text,
    out worker_name text,
    out global_watermark bigint,
    out local_watermark bigint,
    out local_queue_top bigint,
    out combined_queue text,
    out combined_type text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.get_worker_state(1)
--
--      What the worker that maintains this node needs at the start of each
--      round: its position, its provider, its flags and the watermarks.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--
-- Returns:
--      ret_code            - 100 ok, 404 unknown queue, worker or provider
--      ret_note            - description
--      node_type           - 'root', 'branch' or 'leaf'
--      node_name           - name of this node
--      completed_tick      - the worker's last committed tick
--      provider_node       - the worker's provider node
--      provider_location   - its connect string
--      paused              - whether the worker is to wait
--      uptodate            - whether the worker has seen the last change
--      cur_error           - why its last batch failed, or NULL
--      worker_name         - consumer name of the worker
--      global_watermark    - the queue's global watermark (root, branch)
--      local_watermark     - the oldest tick this node and those below need
--      local_queue_top     - the newest tick of the local queue (root, branch)
--      combined_queue      - merge-leaf: the combined queue
--      combined_type       - node type of the combined queue's node
-- Calls:
--      pgq.get_consumer_info(1), pgq_node._queue_top(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
begin
    select n.node_type, n.node_name, n.worker_name, n.combined_queue
      into node_type, node_name, worker_name, combined_queue
      from pgq_node.node_info n
     where n.queue_name = i_queue_name;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown queue: ' || i_queue_name;
        return;
    end if;

    select s.last_tick_id, s.provider_node, s.paused, s.uptodate, s.cur_error
      into completed_tick, provider_node, paused, uptodate, cur_error
      from pgq_node.local_state s
     where s.queue_name = i_queue_name and s.consumer_name = get_worker_state.worker_name;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown consumer: ' || i_queue_name || '/' || worker_name;
        return;
    end if;

    select l.node_location into provider_location
      from pgq_node.node_location l
     where l.queue_name = i_queue_name and l.node_name = get_worker_state.provider_node;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown provider node: ' || i_queue_name || '/' || provider_node;
        return;
    end if;

    if combined_queue is not null then
        select c.node_type into combined_type
          from pgq_node.node_info c
         where c.queue_name = get_worker_state.combined_queue;
        if not found then
            ret_code := 404;
            ret_note := 'Combined queue node not found: ' || combined_queue;
            return;
        end if;
    end if;

    if node_type in ('root', 'branch') then
        select min(ci.last_tick) filter (where ci.consumer_name <> '.global_watermark'),
               min(ci.last_tick) filter (where ci.consumer_name = '.global_watermark')
          into local_watermark, global_watermark
          from pgq.get_consumer_info(i_queue_name) ci;
        local_queue_top := pgq_node._queue_top(i_queue_name);
        if local_watermark is null then
            local_watermark := local_queue_top;
        end if;
    else
        local_watermark := completed_tick;
    end if;

    ret_code := 100;
    ret_note := 'Ok';
    return;
end;
$$ language plpgsql security definer;
