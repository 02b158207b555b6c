create or replace function pgq.get_consumer_info(
    in i_queue_name text,
    in i_consumer_name text,
    out queue_name text,
    out consumer_name text,
    out lag interval,
    out last_seen interval,
    out last_tick bigint,
    out current_batch bigint,
    out next_tick bigint,
    out pending_events bigint)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: pgq.get_consumer_info(2)
--
--      Describes subscriptions. NULL for a name means any.
--
-- Parameters:
--      i_queue_name    - name of the queue, or NULL
--      i_consumer_name - name of the consumer, or NULL
--
-- Returns:
--      queue_name      - name of the queue
--      consumer_name   - name of the consumer
--      lag             - age of the consumer's last finished tick
--      last_seen       - time since the consumer last opened or finished a batch
--      last_tick       - its last finished tick
--      current_batch   - its open batch, or NULL
--      next_tick       - the open batch's end tick, or NULL
--      pending_events  - events inserted since its last tick (by the event sequence: an estimate)
-- Calls:
--      pgq._seq_last_used(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select q.queue_name, c.co_name, now() - t.tick_time, now() - s.sub_active,
           s.sub_last_tick, s.sub_batch, s.sub_next_tick,
           pgq._seq_last_used(q.queue_event_seq) - t.tick_event_seq
      from pgq.subscription s
      join pgq.queue q on q.queue_id = s.sub_queue
      join pgq.consumer c on c.co_id = s.sub_consumer
      left join pgq.tick t on t.tick_queue = s.sub_queue and t.tick_id = s.sub_last_tick
     where ($1 is null or q.queue_name = $1) and ($2 is null or c.co_name = $2)
     order by 1, 2;
$$ language sql stable;

create or replace function pgq.get_consumer_info(
    in i_queue_name text,
    out queue_name text,
    out consumer_name text,
    out lag interval,
    out last_seen interval,
    out last_tick bigint,
    out current_batch bigint,
    out next_tick bigint,
    out pending_events bigint)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: pgq.get_consumer_info(1)
--
--      Describes the subscriptions of one queue. See pgq.get_consumer_info(2).
--
-- Parameters:
--      i_queue_name    - name of the queue
--
-- Returns:
--      one row per consumer
-- Calls:
--      pgq.get_consumer_info(2)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select * from pgq.get_consumer_info($1, null);
$$ language sql stable;

create or replace function pgq.get_consumer_info(
    out queue_name text,
    out consumer_name text,
    out lag interval,
    out last_seen interval,
    out last_tick bigint,
    out current_batch bigint,
    out next_tick bigint,
    out pending_events bigint)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: pgq.get_consumer_info(0)
--
--      Describes every subscription. See pgq.get_consumer_info(2).
--
-- Returns:
--      one row per queue and consumer
-- Calls:
--      pgq.get_consumer_info(2)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select * from pgq.get_consumer_info(null, null);
$$ language sql stable;
