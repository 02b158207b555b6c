create or replace function pgq.ticker(i_queue_name text, i_tick_id bigint, i_orig_timestamp timestamptz,
                                      i_event_seq bigint)
returns bigint as $$
-- ----------------------------------------------------------------------
-- Function: pgq.ticker(4)
--
--      External ticker: records a tick with a given id, time and event
--      sequence value (a branch node copies its provider's ticks this way).
--      The snapshot is this transaction's own. Only for queues with
--      queue_external_ticker set and not paused. Moves the queue's tick and
--      event sequences forward to the given values.
--
-- Parameters:
--      i_queue_name        - name of the queue
--      i_tick_id           - id of the new tick
--      i_orig_timestamp    - tick time on the source
--      i_event_seq         - event sequence value on the source at that tick
--
-- Returns:
--      the tick id
-- Calls:
--      pgq.seq_setval(2)
-- Tables directly manipulated:
--      insert - pgq.tick
-- ----------------------------------------------------------------------
declare
    q       record;
begin
    select queue_id, queue_tick_seq, queue_event_seq into q
        from pgq.queue
        where queue_name = i_queue_name and queue_external_ticker and not queue_ticker_paused
        for update;
    if not found then
        raise exception 'queue not found or ticker disabled: %', i_queue_name;
    end if;
    insert into pgq.tick (tick_queue, tick_id, tick_time, tick_event_seq)
        values (q.queue_id, i_tick_id, i_orig_timestamp, i_event_seq);
    perform pgq.seq_setval(q.queue_tick_seq, i_tick_id);
    perform pgq.seq_setval(q.queue_event_seq, i_event_seq);
    return i_tick_id;
end;
$$ language plpgsql security definer;

create or replace function pgq.ticker(i_queue_name text)
returns bigint as $$
-- ----------------------------------------------------------------------
-- Function: pgq.ticker(1)
--
--      Records a tick for the queue if one is due:
--      - with new events: when there are queue_ticker_max_count of them, or
--        the last tick is queue_ticker_max_lag old;
--      - without: when the last tick is at least half of ticker_max_lag old
--        and either twice as old as the gap before it or
--        queue_ticker_idle_period old (idle ticks thin out gradually).
--      The first tick of a queue is always due. The queue row is locked
--      before the tick's snapshot is taken (a later statement, so a later
--      snapshot): two tickers at once cannot record snapshots out of order.
--
-- Parameters:
--      i_queue_name    - name of the queue
--
-- Returns:
--      the new tick id, or NULL when no tick was due
-- Calls:
--      pgq._seq_last_used(1)
-- Tables directly manipulated:
--      insert - pgq.tick
-- ----------------------------------------------------------------------
declare
    q           record;
    v_seq       bigint;
    v_last      record;
    v_gap       interval;
    v_lag       interval;
    v_new       bigint;
begin
    select queue_id, queue_tick_seq, queue_event_seq, queue_external_ticker, queue_ticker_paused,
           queue_ticker_max_count, queue_ticker_max_lag, queue_ticker_idle_period
        into q
        from pgq.queue where queue_name = i_queue_name
        for update;
    if not found then
        raise exception 'No such event queue: %', i_queue_name;
    end if;
    if q.queue_external_ticker then
        raise exception 'queue %: ticks come from an external ticker', i_queue_name;
    end if;
    if q.queue_ticker_paused then
        raise exception 'queue %: the ticker is paused', i_queue_name;
    end if;

    v_seq := pgq._seq_last_used(q.queue_event_seq);
    select tick_id, tick_time, tick_event_seq, txid_snapshot_xmin(tick_snapshot) as xmin
        into v_last
        from pgq.tick where tick_queue = q.queue_id
        order by tick_queue desc, tick_id desc limit 1;
    if found then
        if v_last.xmin > txid_current() then
            raise exception 'queue %: last tick % has xmin % ahead of this transaction %; pgq state is invalid',
                i_queue_name, v_last.tick_id, v_last.xmin, txid_current();
        end if;
        v_lag := now() - v_last.tick_time;
        v_new := v_seq - v_last.tick_event_seq;
        if v_new > 0 then
            if v_new < q.queue_ticker_max_count and v_lag < q.queue_ticker_max_lag then
                return null;
            end if;
        else
            if v_lag < q.queue_ticker_max_lag / 2 then
                return null;
            end if;
            select v_last.tick_time - tick_time into v_gap
                from pgq.tick where tick_queue = q.queue_id and tick_id < v_last.tick_id
                order by tick_queue desc, tick_id desc limit 1;
            if found and v_lag < v_gap * 2 and v_lag < q.queue_ticker_idle_period then
                return null;
            end if;
        end if;
    end if;

    -- a new statement: its snapshot (the tick's) is taken after the lock above
    insert into pgq.tick (tick_queue, tick_id, tick_event_seq)
        values (q.queue_id, nextval(q.queue_tick_seq::regclass), v_seq)
        returning tick_id into v_new;
    return v_new;
end;
$$ language plpgsql security definer;

create or replace function pgq.ticker()
returns bigint as $$
-- ----------------------------------------------------------------------
-- Function: pgq.ticker(0)
--
--      Runs pgq.ticker(1) on every queue that is neither paused nor ticked
--      externally. Called by pgqd every ticker_period.
--
-- Returns:
--      number of queues that got a tick
-- Calls:
--      pgq.ticker(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_count     bigint := 0;
    q           record;
begin
    for q in select queue_name from pgq.queue
              where not queue_external_ticker and not queue_ticker_paused
              order by queue_name
    loop
        if pgq.ticker(q.queue_name) is not null then
            v_count := v_count + 1;
        end if;
    end loop;
    return v_count;
end;
$$ language plpgsql security definer;
