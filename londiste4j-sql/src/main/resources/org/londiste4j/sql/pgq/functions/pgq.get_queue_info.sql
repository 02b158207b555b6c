create or replace function pgq.get_queue_info(
    in i_queue_name text,
    out queue_name text,
    out queue_ntables integer,
    out queue_cur_table integer,
    out queue_rotation_period interval,
    out queue_switch_time timestamptz,
    out queue_external_ticker boolean,
    out queue_ticker_paused boolean,
    out queue_ticker_max_count integer,
    out queue_ticker_max_lag interval,
    out queue_ticker_idle_period interval,
    out ticker_lag interval,
    out ev_per_sec float8,
    out ev_new bigint,
    out last_tick_id bigint)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: pgq.get_queue_info(1)
--
--      Describes a queue (or every queue when the name is NULL): its
--      settings, plus
--      ticker_lag  - age of the last tick
--      ev_per_sec  - event rate over the last minute or so of ticks (by the
--                    event sequence), NULL without two ticks to compare
--      ev_new      - events inserted since the last tick (an estimate)
--      last_tick_id - the last tick
--
-- Parameters:
--      i_queue_name    - name of the queue, or NULL
--
-- Returns:
--      one row per queue
-- Calls:
--      pgq._seq_last_used(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select q.queue_name, q.queue_ntables, q.queue_cur_table, q.queue_rotation_period, q.queue_switch_time,
           q.queue_external_ticker, q.queue_ticker_paused, q.queue_ticker_max_count,
           q.queue_ticker_max_lag, q.queue_ticker_idle_period,
           now() - last.tick_time,
           case when prev.tick_time is not null and last.tick_time > prev.tick_time
                then (last.tick_event_seq - prev.tick_event_seq)::float8
                     / extract(epoch from last.tick_time - prev.tick_time)::float8
           end,
           pgq._seq_last_used(q.queue_event_seq) - last.tick_event_seq,
           last.tick_id
      from pgq.queue q
      left join lateral (
          select t.tick_id, t.tick_time, t.tick_event_seq from pgq.tick t
           where t.tick_queue = q.queue_id order by t.tick_queue desc, t.tick_id desc limit 1) last on true
      left join lateral (
          -- the newest tick at least a minute older than the last one, else the oldest there is
          select t.tick_time, t.tick_event_seq from pgq.tick t
           where t.tick_queue = q.queue_id and t.tick_id < last.tick_id
           order by (t.tick_time <= last.tick_time - interval '1 minute') desc,
                    case when t.tick_time <= last.tick_time - interval '1 minute' then t.tick_id end desc,
                    t.tick_id asc
           limit 1) prev on true
     where $1 is null or q.queue_name = $1
     order by q.queue_name;
$$ language sql stable;

create or replace function pgq.get_queue_info(
    out queue_name text,
    out queue_ntables integer,
    out queue_cur_table integer,
    out queue_rotation_period interval,
    out queue_switch_time timestamptz,
    out queue_external_ticker boolean,
    out queue_ticker_paused boolean,
    out queue_ticker_max_count integer,
    out queue_ticker_max_lag interval,
    out queue_ticker_idle_period interval,
    out ticker_lag interval,
    out ev_per_sec float8,
    out ev_new bigint,
    out last_tick_id bigint)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: pgq.get_queue_info(0)
--
--      Describes every queue. See pgq.get_queue_info(1).
--
-- Returns:
--      one row per queue
-- Calls:
--      pgq.get_queue_info(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select * from pgq.get_queue_info(null);
$$ language sql stable;
