create or replace function pgq.next_batch_custom(
    in i_queue_name text,
    in i_consumer_name text,
    in i_min_lag interval,
    in i_min_count int4,
    in i_min_interval interval,
    out batch_id int8,
    out cur_tick_id int8,
    out prev_tick_id int8,
    out cur_tick_time timestamptz,
    out prev_tick_time timestamptz,
    out cur_tick_event_seq int8,
    out prev_tick_event_seq int8)
as $$
-- ----------------------------------------------------------------------
-- Function: pgq.next_batch_custom(5)
--
--      Opens the consumer's next batch: the events between its last
--      finished tick and a later tick. Without i_min_count and
--      i_min_interval the later tick is the next one; with them, the first
--      tick that is at least that many events or that much time further.
--      With i_min_lag, only a tick at least that old. If a batch is open
--      already, returns it again (a consumer that crashed before
--      finish_batch gets the same batch back).
--
--      The event sequence values are a hint of the batch's size only: they
--      do not tell whether the batch holds any event.
--
-- Parameters:
--      i_queue_name        - name of the queue
--      i_consumer_name     - name of the consumer
--      i_min_lag           - only events older than this, or NULL
--      i_min_count         - at least this many events in the batch, or NULL
--      i_min_interval      - the batch spans at least this much time, or NULL
--
-- Returns:
--      batch_id            - the batch, or NULL when there is none yet (sleep then)
--      cur_tick_id, cur_tick_time, cur_tick_event_seq    - the batch's end tick
--      prev_tick_id, prev_tick_time, prev_tick_event_seq - the batch's start tick
-- Calls:
--      pgq.find_tick_helper(6)
-- Tables directly manipulated:
--      update - pgq.subscription
-- ----------------------------------------------------------------------
declare
    v_queue_id  int4;
    v_sub_id    int4;
    v_tick      record;
begin
    select s.sub_queue, s.sub_id, s.sub_batch,
           t1.tick_id, t1.tick_time, t1.tick_event_seq,
           t2.tick_id, t2.tick_time, t2.tick_event_seq
        into v_queue_id, v_sub_id, batch_id,
             prev_tick_id, prev_tick_time, prev_tick_event_seq,
             cur_tick_id, cur_tick_time, cur_tick_event_seq
        from pgq.queue q
        join pgq.subscription s on s.sub_queue = q.queue_id
        join pgq.consumer c on c.co_id = s.sub_consumer
        left join pgq.tick t1 on t1.tick_queue = s.sub_queue and t1.tick_id = s.sub_last_tick
        left join pgq.tick t2 on t2.tick_queue = s.sub_queue and t2.tick_id = s.sub_next_tick
        where q.queue_name = i_queue_name and c.co_name = i_consumer_name;
    if not found then
        -- NOTE: the original's wording; consumers match it
        raise exception 'Not subscriber to queue: %/%', coalesce(i_queue_name, 'NULL'),
            coalesce(i_consumer_name, 'NULL');
    end if;
    if prev_tick_id is null then
        raise exception 'PgQ corruption: consumer % on queue % does not see its last tick',
            i_consumer_name, i_queue_name;
    end if;
    if batch_id is not null then
        return;
    end if;

    if i_min_count is null and i_min_interval is null then
        select tick_id, tick_time, tick_event_seq into cur_tick_id, cur_tick_time, cur_tick_event_seq
            from pgq.tick
            where tick_queue = v_queue_id and tick_id > prev_tick_id
            order by tick_queue, tick_id limit 1;
    else
        select next_tick_id, next_tick_time, next_tick_seq into cur_tick_id, cur_tick_time, cur_tick_event_seq
            from pgq.find_tick_helper(v_queue_id, prev_tick_id, prev_tick_time, prev_tick_event_seq,
                                      i_min_count, i_min_interval);
    end if;
    if cur_tick_id is not null and i_min_lag is not null and now() - cur_tick_time < i_min_lag then
        cur_tick_id := null;
    end if;
    if cur_tick_id is null then
        cur_tick_time := null;
        cur_tick_event_seq := null;
        prev_tick_id := null;
        prev_tick_time := null;
        prev_tick_event_seq := null;
        return;
    end if;

    batch_id := nextval('pgq.batch_id_seq');
    update pgq.subscription
        set sub_batch = batch_id, sub_next_tick = cur_tick_id, sub_active = now()
        where sub_id = v_sub_id and sub_queue = v_queue_id;
    return;
end;
$$ language plpgsql security definer;

create or replace function pgq.next_batch_info(
    in i_queue_name text,
    in i_consumer_name text,
    out batch_id int8,
    out cur_tick_id int8,
    out prev_tick_id int8,
    out cur_tick_time timestamptz,
    out prev_tick_time timestamptz,
    out cur_tick_event_seq int8,
    out prev_tick_event_seq int8)
as $$
-- ----------------------------------------------------------------------
-- Function: pgq.next_batch_info(2)
--
--      Opens the consumer's next batch (the events up to the next tick)
--      and tells its ticks. See pgq.next_batch_custom(5).
--
-- Parameters:
--      i_queue_name        - name of the queue
--      i_consumer_name     - name of the consumer
--
-- Returns:
--      batch_id (NULL when there is no batch yet) and the batch's two ticks
-- Calls:
--      pgq.next_batch_custom(5)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select * from pgq.next_batch_custom($1, $2, null, null, null);
$$ language sql;

create or replace function pgq.next_batch(i_queue_name text, i_consumer_name text)
returns int8 as $$
-- ----------------------------------------------------------------------
-- Function: pgq.next_batch(2)
--
--      Opens the consumer's next batch and returns its id only.
--
-- Parameters:
--      i_queue_name        - name of the queue
--      i_consumer_name     - name of the consumer
--
-- Returns:
--      batch id, or NULL when there is no batch yet
-- Calls:
--      pgq.next_batch_custom(5)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select batch_id from pgq.next_batch_custom($1, $2, null, null, null);
$$ language sql;
