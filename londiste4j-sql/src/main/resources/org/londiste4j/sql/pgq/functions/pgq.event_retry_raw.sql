create or replace function pgq.event_retry_raw(
    x_queue text, x_consumer text, x_retry_after timestamptz, x_ev_id bigint, x_ev_time timestamptz,
    x_ev_retry integer, x_ev_type text, x_ev_data text,
    x_ev_extra1 text, x_ev_extra2 text, x_ev_extra3 text, x_ev_extra4 text)
returns bigint as $$
-- ----------------------------------------------------------------------
-- Function: pgq.event_retry_raw(12)
--
--      Puts an event into the retry queue for one consumer, with all its
--      fields given (for tools that move events between queues).
--
-- Parameters:
--      x_queue         - name of the queue
--      x_consumer      - name of the consumer it is for
--      x_retry_after   - when to give it back
--      x_ev_id         - event id, or NULL for a new one from the queue's sequence
--      x_ev_time, x_ev_retry, x_ev_type, x_ev_data, x_ev_extra1..4 - the event
--
-- Returns:
--      the event id
-- Tables directly manipulated:
--      insert - pgq.retry_queue
-- ----------------------------------------------------------------------
declare
    v_sub   record;
    v_id    bigint;
begin
    select s.sub_id, q.queue_id, q.queue_event_seq into v_sub
        from pgq.queue q
        join pgq.subscription s on s.sub_queue = q.queue_id
        join pgq.consumer c on c.co_id = s.sub_consumer
        where q.queue_name = x_queue and c.co_name = x_consumer;
    if not found then
        raise exception 'Not subscriber to queue: %/%', x_queue, x_consumer;
    end if;
    v_id := coalesce(x_ev_id, nextval(v_sub.queue_event_seq::regclass));
    insert into pgq.retry_queue (ev_retry_after, ev_queue, ev_id, ev_time, ev_owner, ev_retry,
                                 ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4)
        values (x_retry_after, v_sub.queue_id, v_id, x_ev_time, v_sub.sub_id, x_ev_retry,
                x_ev_type, x_ev_data, x_ev_extra1, x_ev_extra2, x_ev_extra3, x_ev_extra4);
    return v_id;
end;
$$ language plpgsql security definer;
