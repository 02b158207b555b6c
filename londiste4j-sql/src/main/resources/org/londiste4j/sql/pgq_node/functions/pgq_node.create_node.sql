create or replace function pgq_node.create_node(
    in i_queue_name text,
    in i_node_type text,
    in i_node_name text,
    in i_worker_name text,
    in i_provider_name text,
    in i_global_watermark bigint,
    in i_combined_queue text,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.create_node(7)
--
--      Makes this database a node of a cascaded queue. The node's own
--      location must be registered first (pgq_node.register_location).
--
--      root:   creates the queue (ticked by pgqd) and the '.global_watermark'
--              consumer that holds the oldest tick any node still needs; the
--              worker reads from the root itself.
--      branch: creates a local copy of the queue that takes its ticks from
--              the worker (external ticker, no local inserts), starting
--              with the provider's global watermark as its first tick.
--      leaf:   no queue of its own; a merge-leaf names the combined queue
--              (another node in this database) it writes into.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--      i_node_type         - 'root', 'branch' or 'leaf'
--      i_node_name         - name of this node
--      i_worker_name       - consumer name of the worker that maintains it
--      i_provider_name     - provider node (NULL on root)
--      i_global_watermark  - the provider's global watermark tick (NULL on root)
--      i_combined_queue    - merge-leaf: the combined queue, else NULL
--
-- Returns:
--      ret_code            - 200 ok, 401 already initialized or bad arguments
--      ret_note            - description
-- Calls:
--      pgq.create_queue(1), pgq.register_consumer(2), pgq.register_consumer_at(3),
--      pgq.ticker(4), pgq.get_queue_info(1), pgq_node.register_consumer(4)
-- Tables directly manipulated:
--      insert - pgq_node.node_info
--      update - pgq.queue
-- ----------------------------------------------------------------------
declare
    v_wm        bigint;
    v_ret       record;
begin
    perform 1 from pgq_node.node_info where queue_name = i_queue_name;
    if found then
        ret_code := 401;
        ret_note := 'Node already initialized';
        return;
    end if;

    if i_node_type = 'root' then
        if i_provider_name is not null or i_global_watermark is not null or i_combined_queue is not null then
            ret_code := 401;
            ret_note := 'unexpected args for ' || i_node_type;
            return;
        end if;
        perform pgq.create_queue(i_queue_name);
        perform pgq.register_consumer(i_queue_name, '.global_watermark');
        select c.last_tick into v_wm from pgq.get_consumer_info(i_queue_name, '.global_watermark') c;
    elsif i_node_type = 'branch' then
        if i_provider_name is null then
            ret_code := 401;
            ret_note := 'provider not set for ' || i_node_type;
            return;
        elsif i_global_watermark is null then
            ret_code := 401;
            ret_note := 'global watermark not set for ' || i_node_type;
            return;
        end if;
        perform pgq.create_queue(i_queue_name);
        -- the branch's ticks are the root's: the worker copies them, pgqd must not make its own
        update pgq.queue set queue_external_ticker = true, queue_disable_insert = true
            where queue_name = i_queue_name;
        -- create_queue made tick 1; the provider's watermark becomes the first tick to start from
        if i_global_watermark > 1 then
            perform pgq.ticker(i_queue_name, i_global_watermark, now(), 1);
        end if;
        perform pgq.register_consumer_at(i_queue_name, '.global_watermark', i_global_watermark);
        v_wm := i_global_watermark;
    elsif i_node_type = 'leaf' then
        if i_combined_queue is not null then
            perform 1 from pgq.queue where queue_name = i_combined_queue;
            if not found then
                ret_code := 401;
                ret_note := 'non-existing queue on leaf side: ' || i_combined_queue;
                return;
            end if;
        end if;
        v_wm := i_global_watermark;
    else
        ret_code := 401;
        ret_note := 'bad node type: ' || coalesce(i_node_type, 'NULL');
        return;
    end if;

    insert into pgq_node.node_info (queue_name, node_type, node_name, worker_name, combined_queue)
        values (i_queue_name, i_node_type, i_node_name, i_worker_name, i_combined_queue);

    -- the root's worker reads its own queue (it only moves the watermark there)
    select f.ret_code, f.ret_note into v_ret
        from pgq_node.register_consumer(i_queue_name, i_worker_name,
                case when i_node_type = 'root' then i_node_name else i_provider_name end, v_wm) f;
    if v_ret.ret_code <> 200 then
        ret_code := v_ret.ret_code;
        ret_note := v_ret.ret_note;
        return;
    end if;

    ret_code := 200;
    ret_note := 'Node "' || i_node_name || '" initialized for queue "' || i_queue_name
        || '" with type "' || i_node_type || '"';
    return;
end;
$$ language plpgsql security definer;
