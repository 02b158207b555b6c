create or replace function pgq.force_tick(i_queue_name text)
returns bigint as $$
-- ----------------------------------------------------------------------
-- Function: pgq.force_tick(1)
--
--      Makes the next pgq.ticker() call tick the queue, by moving its event
--      sequence forward past queue_ticker_max_count. Ticking here directly
--      would race with the ticker daemon; the caller polls instead until the
--      returned last tick id changes.
--
-- Parameters:
--      i_queue_name    - name of the queue
--
-- Returns:
--      the queue's last tick id at the time of the call
-- Tables directly manipulated:
--      none (advances the queue's event sequence)
-- ----------------------------------------------------------------------
declare
    q           record;
    v_tick      bigint;
begin
    select queue_id, queue_event_seq, queue_ticker_max_count, queue_external_ticker, queue_ticker_paused
        into q from pgq.queue where queue_name = i_queue_name;
    if not found then
        raise exception 'No such event queue: %', i_queue_name;
    end if;
    if not q.queue_external_ticker and not q.queue_ticker_paused then
        perform setval(q.queue_event_seq::regclass,
                       nextval(q.queue_event_seq::regclass) + q.queue_ticker_max_count * 2 + 1000);
    end if;
    select max(tick_id) into v_tick from pgq.tick where tick_queue = q.queue_id;
    return v_tick;
end;
$$ language plpgsql security definer;
