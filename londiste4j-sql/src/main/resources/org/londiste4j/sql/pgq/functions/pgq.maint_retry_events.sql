create or replace function pgq.maint_retry_events()
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.maint_retry_events(0)
--
--      Moves retried events that are due from pgq.retry_queue back into
--      their queue's current event table, keeping ev_id and ev_owner (so
--      only the consumer that retried them sees them). At most 10000 per
--      call: the caller calls again while the result is positive.
--
-- Returns:
--      number of events moved
-- Calls:
--      pgq._insert_dispatch(12)
-- Tables directly manipulated:
--      delete - pgq.retry_queue
--      insert - the queues' current event tables
-- ----------------------------------------------------------------------
declare
    v_count     int4 := 0;
    r           record;
begin
    perform txid_current(); -- before the current tables are read: see pgq.insert_event_raw
    for r in
        with due as (
            select ev_owner, ev_id from pgq.retry_queue
             where ev_retry_after <= now()
             order by ev_retry_after
             limit 10000
             for update skip locked)
        delete from pgq.retry_queue rq using due
         where rq.ev_owner = due.ev_owner and rq.ev_id = due.ev_id
        returning rq.*
    loop
        perform pgq._insert_dispatch(q.queue_id, q.queue_cur_table, r.ev_id, r.ev_time, r.ev_owner, r.ev_retry,
                                     r.ev_type, r.ev_data, r.ev_extra1, r.ev_extra2, r.ev_extra3, r.ev_extra4)
            from pgq.queue q where q.queue_id = r.ev_queue;
        v_count := v_count + 1;
    end loop;
    return v_count;
end;
$$ language plpgsql security definer;
