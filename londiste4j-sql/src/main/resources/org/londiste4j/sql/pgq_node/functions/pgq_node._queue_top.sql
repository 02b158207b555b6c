create or replace function pgq_node._queue_top(i_queue_name text)
returns bigint as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node._queue_top(1)
--
--      Internal: the newest tick of the local copy of a queue.
--
-- Parameters:
--      i_queue_name    - queue name
--
-- Returns:
--      tick id, or NULL when the queue is absent or has no tick
-- Calls:
--      none
-- Tables directly manipulated:
--      none (reads pgq.queue, pgq.tick)
-- ----------------------------------------------------------------------
    select t.tick_id
      from pgq.queue q
      join pgq.tick t on t.tick_queue = q.queue_id
     where q.queue_name = i_queue_name
     order by t.tick_queue desc, t.tick_id desc
     limit 1;
$$ language sql stable;
