create or replace function pgq.get_batch_info(
    in x_batch_id bigint,
    out queue_name text,
    out consumer_name text,
    out batch_start timestamptz,
    out batch_end timestamptz,
    out prev_tick_id bigint,
    out tick_id bigint,
    out lag interval,
    out seq_start bigint,
    out seq_end bigint)
as $$
-- ----------------------------------------------------------------------
-- Function: pgq.get_batch_info(1)
--
--      Describes an open batch.
--
-- Parameters:
--      x_batch_id      - id of an open batch
--
-- Returns:
--      queue and consumer name, the times and ids of its two ticks, its lag
--      (age of the end tick) and the event sequence at both ticks
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select q.queue_name, c.co_name, prev.tick_time, cur.tick_time, s.sub_last_tick, s.sub_next_tick,
           now() - cur.tick_time, prev.tick_event_seq, cur.tick_event_seq
      from pgq.subscription s
      join pgq.queue q on q.queue_id = s.sub_queue
      join pgq.consumer c on c.co_id = s.sub_consumer
      join pgq.tick prev on prev.tick_queue = s.sub_queue and prev.tick_id = s.sub_last_tick
      join pgq.tick cur on cur.tick_queue = s.sub_queue and cur.tick_id = s.sub_next_tick
     where s.sub_batch = $1;
$$ language sql stable;
