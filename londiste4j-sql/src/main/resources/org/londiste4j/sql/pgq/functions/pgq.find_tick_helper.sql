create or replace function pgq.find_tick_helper(
    in i_queue_id int4,
    in i_prev_tick_id int8,
    in i_prev_tick_time timestamptz,
    in i_prev_tick_seq int8,
    in i_min_count int8,
    in i_min_interval interval,
    out next_tick_id int8,
    out next_tick_time timestamptz,
    out next_tick_seq int8)
as $$
-- ----------------------------------------------------------------------
-- Function: pgq.find_tick_helper(6)
--
--      Finds the first tick after i_prev_tick_id that ends a batch of at
--      least i_min_count events (by the event sequence) or of at least
--      i_min_interval time. NULLs when no tick is that far yet.
--
-- Parameters:
--      i_queue_id          - queue id
--      i_prev_tick_id      - start tick of the batch
--      i_prev_tick_time    - its time
--      i_prev_tick_seq     - its event sequence value
--      i_min_count         - wanted events, or NULL
--      i_min_interval      - wanted time span, or NULL
--
-- Returns:
--      next_tick_id, next_tick_time, next_tick_seq
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select tick_id, tick_time, tick_event_seq
      from pgq.tick
     where tick_queue = $1 and tick_id > $2
       and (($5 is not null and tick_event_seq - $4 >= $5)
            or ($6 is not null and tick_time - $3 >= $6))
     order by tick_queue, tick_id
     limit 1;
$$ language sql stable;
