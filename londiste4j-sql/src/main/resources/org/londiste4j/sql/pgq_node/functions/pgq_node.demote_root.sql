create or replace function pgq_node.demote_root(
    in i_queue_name text,
    in i_step int4,
    in i_new_provider text,
    out ret_code int4,
    out ret_note text,
    out last_tick int8)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.demote_root(3)
--
--      Turns the root into a branch, in three steps that must be called in
--      order, each in a transaction of its own (switchover/takeover):
--
--      1. stops local writes to the queue and pgqd's ticks;
--      2. waits for running writers (a lock on the event tables), then
--         makes the queue's last tick, so that every event is in a batch;
--      3. becomes a branch whose worker reads from the new provider,
--         starting after that last tick.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--      i_step              - 1, 2 or 3
--      i_new_provider      - the node that becomes the root (step 3)
--
-- Returns:
--      ret_code            - 200 ok, 301 not the root, 404 unknown queue
--      ret_note            - description
--      last_tick           - steps 2 and 3: the queue's last tick
-- Calls:
--      pgq.ticker(4)
-- Tables directly manipulated:
--      update - pgq.queue, pgq_node.node_info, pgq_node.local_state
-- ----------------------------------------------------------------------
declare
    v_type      text;
    v_worker    text;
    v_q         record;
    v_ev_id     bigint;
begin
    select n.node_type, n.worker_name into v_type, v_worker
      from pgq_node.node_info n where n.queue_name = i_queue_name for update;
    if not found then
        ret_code := 404;
        ret_note := 'Node not initialized for queue: ' || i_queue_name;
        return;
    elsif v_type <> 'root' then
        ret_code := 301;
        ret_note := 'Node not root';
        return;
    end if;

    select q.queue_data_pfx, q.queue_tick_seq, q.queue_event_seq, q.queue_disable_insert,
           q.queue_external_ticker
      into v_q
      from pgq.queue q where q.queue_name = i_queue_name;
    if i_step > 1 and not (v_q.queue_disable_insert and v_q.queue_external_ticker) then
        raise exception 'queue %: demote_root steps in wrong order (step 1 not done)', i_queue_name;
    end if;

    if i_step = 1 then
        update pgq.queue set queue_disable_insert = true, queue_external_ticker = true
         where queue_name = i_queue_name;
        if not found then
            ret_code := 404;
            ret_note := 'Huh, no queue?: ' || i_queue_name;
            return;
        end if;
        ret_code := 200;
        ret_note := 'Step 1: Writing disabled for: ' || i_queue_name;
    elsif i_step = 2 then
        -- writers that got in before step 1 committed still insert: wait for them (the lock
        -- covers the child event tables), then no event can land after the last tick
        execute 'lock table ' || pgq.quote_fqname(v_q.queue_data_pfx) || ' in exclusive mode';
        last_tick := nextval(v_q.queue_tick_seq);
        v_ev_id := nextval(v_q.queue_event_seq);
        perform pgq.ticker(i_queue_name, last_tick, now(), v_ev_id);
        ret_code := 200;
        ret_note := 'Step 2: Inserted last tick: ' || i_queue_name;
    elsif i_step = 3 then
        last_tick := pgq_node._queue_top(i_queue_name);
        update pgq_node.node_info set node_type = 'branch' where queue_name = i_queue_name;
        update pgq_node.local_state
           set provider_node = i_new_provider, last_tick_id = demote_root.last_tick, uptodate = false
         where queue_name = i_queue_name and consumer_name = v_worker;
        ret_code := 200;
        ret_note := 'Step 3: Demoted root to branch: ' || i_queue_name;
    else
        raise exception 'queue %: demote_root: incorrect step number %', i_queue_name, i_step;
    end if;
    return;
end;
$$ language plpgsql security definer;
