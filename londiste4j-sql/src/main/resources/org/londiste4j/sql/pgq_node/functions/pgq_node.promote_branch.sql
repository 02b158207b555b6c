create or replace function pgq_node.promote_branch(
    in i_queue_name text,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.promote_branch(1)
--
--      Turns a branch into the root: its queue takes local writes and
--      pgqd's ticks again, the tick sequence continues after the last tick
--      copied from the old root, and the worker reads from this node.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--
-- Returns:
--      ret_code            - 200 ok, 301 not a branch, 404 unknown queue
--      ret_note            - description
-- Calls:
--      pgq.seq_setval(2)
-- Tables directly manipulated:
--      update - pgq.queue, pgq_node.node_info, pgq_node.local_state
-- ----------------------------------------------------------------------
declare
    v_name      text;
    v_type      text;
    v_worker    text;
    v_last      bigint;
begin
    select n.node_name, n.node_type, n.worker_name into v_name, v_type, v_worker
      from pgq_node.node_info n where n.queue_name = i_queue_name for update;
    if not found then
        ret_code := 404;
        ret_note := 'Node not initialized for queue: ' || i_queue_name;
        return;
    elsif v_type <> 'branch' then
        ret_code := 301;
        ret_note := 'Node not branch';
        return;
    end if;

    update pgq.queue set queue_disable_insert = false, queue_external_ticker = false
     where queue_name = i_queue_name;
    v_last := pgq_node._queue_top(i_queue_name);
    -- the next local tick must follow the copied ones
    perform pgq.seq_setval(q.queue_tick_seq, v_last) from pgq.queue q where q.queue_name = i_queue_name;

    update pgq_node.node_info set node_type = 'root' where queue_name = i_queue_name;
    update pgq_node.local_state set provider_node = v_name, last_tick_id = v_last, uptodate = false
     where queue_name = i_queue_name and consumer_name = v_worker;

    ret_code := 200;
    ret_note := 'Branch node promoted to root';
    return;
end;
$$ language plpgsql security definer;
