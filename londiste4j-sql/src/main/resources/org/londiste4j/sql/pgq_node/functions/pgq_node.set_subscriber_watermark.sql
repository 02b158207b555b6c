create or replace function pgq_node.set_subscriber_watermark(
    in i_queue_name text,
    in i_node_name text,
    in i_watermark bigint,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.set_subscriber_watermark(3)
--
--      Run on a provider by a subscribed node's worker, now and then:
--      moves the node's watermark consumer to the oldest tick the node and
--      those below it still need. It never moves backwards.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--      i_node_name         - the subscribed node
--      i_watermark         - its local watermark (a tick id)
--
-- Returns:
--      ret_code            - 200 moved, 100 already there,
--                            404 not subscribed, 405 backwards
--      ret_note            - description
-- Calls:
--      pgq.get_consumer_info(2), pgq.register_consumer_at(3)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_wm_name   text := '.' || i_node_name || '.watermark';
    v_tick      bigint;
begin
    select ci.last_tick into v_tick from pgq.get_consumer_info(i_queue_name, v_wm_name) ci;
    if not found then
        ret_code := 404;
        ret_note := 'node ' || i_node_name || ' not subscribed to queue ' || i_queue_name;
        return;
    end if;

    if i_watermark < v_tick then
        ret_code := 405;
        ret_note := 'watermark must not be moved backwards';
        return;
    elsif i_watermark = v_tick then
        ret_code := 100;
        ret_note := 'watermark already set';
        return;
    end if;

    perform pgq.register_consumer_at(i_queue_name, v_wm_name, i_watermark);
    ret_code := 200;
    ret_note := v_wm_name || ' set to ' || i_watermark::text;
    return;
end;
$$ language plpgsql security definer;
