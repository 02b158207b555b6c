create or replace function pgq.unregister_consumer(x_queue_name text, x_consumer_name text)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.unregister_consumer(2)
--
--      Unsubscribes a consumer from a queue: its position, its open batch
--      and its events waiting in the retry queue are dropped. The consumer's
--      name is forgotten when no queue has it any more.
--
-- Parameters:
--      x_queue_name    - name of the queue
--      x_consumer_name - name of the consumer
--
-- Returns:
--      number of subscriptions removed (1, or 0 if it was not subscribed)
-- Tables directly manipulated:
--      delete - pgq.retry_queue, pgq.subscription, pgq.consumer
-- ----------------------------------------------------------------------
declare
    v_sub   record;
begin
    select s.sub_id, s.sub_queue, s.sub_consumer into v_sub
        from pgq.subscription s
        join pgq.queue q on q.queue_id = s.sub_queue
        join pgq.consumer c on c.co_id = s.sub_consumer
        where q.queue_name = x_queue_name and c.co_name = x_consumer_name
        for update of s;
    if not found then
        return 0;
    end if;
    -- retried events left in the event tables carry this sub_id; ids are never reused, so nobody sees them
    delete from pgq.retry_queue where ev_owner = v_sub.sub_id and ev_queue = v_sub.sub_queue;
    delete from pgq.subscription where sub_id = v_sub.sub_id and sub_queue = v_sub.sub_queue;
    delete from pgq.consumer c where c.co_id = v_sub.sub_consumer
        and not exists (select 1 from pgq.subscription s where s.sub_consumer = c.co_id);
    return 1;
end;
$$ language plpgsql security definer;
