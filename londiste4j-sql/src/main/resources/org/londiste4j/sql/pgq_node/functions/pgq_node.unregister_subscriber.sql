create or replace function pgq_node.unregister_subscriber(
    in i_queue_name text,
    in i_remote_node_name text,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.unregister_subscriber(2)
--
--      Run on a provider: unsubscribes a node below it, dropping its
--      worker's subscription and its watermark consumer on the local queue.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--      i_remote_node_name  - the subscribed node
--
-- Returns:
--      ret_code            - 200 ok, 304 not subscribed
--      ret_note            - description
-- Calls:
--      pgq.unregister_consumer(2)
-- Tables directly manipulated:
--      delete - pgq_node.subscriber_info
-- ----------------------------------------------------------------------
declare
    v_sub   record;
begin
    delete from pgq_node.subscriber_info s
     where s.queue_name = i_queue_name and s.subscriber_node = i_remote_node_name
    returning s.worker_name, s.watermark_name into v_sub;
    if not found then
        ret_code := 304;
        ret_note := 'Subscriber not found';
        return;
    end if;

    perform pgq.unregister_consumer(i_queue_name, v_sub.watermark_name);
    perform pgq.unregister_consumer(i_queue_name, v_sub.worker_name);
    ret_code := 200;
    ret_note := 'Subscriber unregistered: ' || i_remote_node_name;
    return;
end;
$$ language plpgsql security definer;
