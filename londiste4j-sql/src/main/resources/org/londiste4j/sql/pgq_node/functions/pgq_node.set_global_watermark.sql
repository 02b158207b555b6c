create or replace function pgq_node.set_global_watermark(
    in i_queue_name text,
    in i_watermark bigint,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.set_global_watermark(2)
--
--      Moves the '.global_watermark' consumer: the oldest tick that any
--      node of the cascade still needs, below which events may be rotated
--      away.
--
--      root:   with NULL, takes the local watermark (the oldest tick of any
--              subscriber); moves there and sends a 'pgq.global-watermark'
--              event down the cascade. The root's worker position follows,
--              so that it never looks stale.
--      branch: moves to the tick the root sent, when the local queue still
--              has it (an old batch may carry a watermark below its range).
--      leaf:   nothing to move.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--      i_watermark         - tick id; NULL on the root for its local watermark
--
-- Returns:
--      ret_code            - 200 ok or skipped, 100 leaf (ignored),
--                            404 unknown queue, 500 NULL on a branch
--      ret_note            - description
-- Calls:
--      pgq_node.get_node_info(1), pgq.register_consumer_at(3), pgq.insert_event(7)
-- Tables directly manipulated:
--      update - pgq_node.local_state
-- ----------------------------------------------------------------------
declare
    v_node  record;
    v_wm    bigint := i_watermark;
    v_info  record;
begin
    select n.node_type, n.worker_name into v_node
      from pgq_node.node_info n where n.queue_name = i_queue_name for update;
    if not found then
        ret_code := 404;
        ret_note := 'Queue ' || i_queue_name || ' not found';
        return;
    end if;

    if v_node.node_type = 'root' then
        if v_wm is null then
            select f.ret_code, f.ret_note, f.local_watermark into v_info
              from pgq_node.get_node_info(i_queue_name) f;
            if v_info.ret_code >= 300 then
                ret_code := v_info.ret_code;
                ret_note := v_info.ret_note;
                return;
            end if;
            if v_info.local_watermark is null then
                raise exception 'queue %: root has no local watermark (no tick yet?)', i_queue_name;
            end if;
            v_wm := v_info.local_watermark;
        end if;
        perform pgq.register_consumer_at(i_queue_name, '.global_watermark', v_wm);
        perform pgq.insert_event(i_queue_name, 'pgq.global-watermark', v_wm::text, i_queue_name, null, null, null);
        update pgq_node.local_state set last_tick_id = v_wm
         where queue_name = i_queue_name and consumer_name = v_node.worker_name;
    elsif v_node.node_type = 'branch' then
        if v_wm is null then
            ret_code := 500;
            ret_note := 'bad usage: wm=null on branch node';
            return;
        end if;
        perform 1 from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue
         where q.queue_name = i_queue_name and t.tick_id = v_wm;
        if not found then
            ret_code := 200;
            ret_note := 'Skipping global watermark update to ' || v_wm::text;
            return;
        end if;
        perform pgq.register_consumer_at(i_queue_name, '.global_watermark', v_wm);
    else
        ret_code := 100;
        ret_note := 'Ignoring global watermark in leaf';
        return;
    end if;

    ret_code := 200;
    ret_note := 'Global watermark set to ' || v_wm::text;
    return;
end;
$$ language plpgsql security definer;
