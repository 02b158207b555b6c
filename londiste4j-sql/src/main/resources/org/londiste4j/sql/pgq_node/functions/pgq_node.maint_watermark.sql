create or replace function pgq_node.maint_watermark(i_queue_name text)
returns int4 as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.maint_watermark(1)
--
--      Periodic maintenance, run by pgqd through pgq.maint_operations():
--      on the root, moves the global watermark when it is 5 minutes or
--      more behind, so that old events can be rotated away even when no
--      worker publishes it.
--
-- Parameters:
--      i_queue_name    - cascaded queue name
--
-- Returns:
--      0 (pgqd calls it once per round)
-- Calls:
--      pgq.get_consumer_info(2), pgq_node.set_global_watermark(2)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_lag   interval;
begin
    perform 1 from pgq_node.node_info n
     where n.queue_name = i_queue_name and n.node_type = 'root'
       for update;
    if not found then
        return 0;
    end if;

    select ci.lag into v_lag from pgq.get_consumer_info(i_queue_name, '.global_watermark') ci;
    if v_lag >= interval '5 minutes' then
        perform pgq_node.set_global_watermark(i_queue_name, null);
    end if;
    return 0;
end;
$$ language plpgsql;
