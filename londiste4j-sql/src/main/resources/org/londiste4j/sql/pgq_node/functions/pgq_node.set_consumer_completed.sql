create or replace function pgq_node.set_consumer_completed(
    in i_queue_name text,
    in i_consumer_name text,
    in i_tick_id int8,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.set_consumer_completed(3)
--
--      Records the provider tick whose batch a cascaded consumer has
--      applied here, and clears its error. Called in the same transaction
--      as the batch's changes: that is what makes each batch apply once.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--      i_consumer_name     - cascaded consumer name
--      i_tick_id           - the batch's end tick on the provider
--
-- Returns:
--      ret_code            - 100 ok, 404 unknown consumer
--      ret_note            - description
-- Calls:
--      none
-- Tables directly manipulated:
--      update - pgq_node.local_state
-- ----------------------------------------------------------------------
begin
    update pgq_node.local_state set last_tick_id = i_tick_id, cur_error = null
     where queue_name = i_queue_name and consumer_name = i_consumer_name;
    if found then
        ret_code := 100;
        ret_note := 'Consumer ' || i_consumer_name || ' completed tick = ' || i_tick_id::text;
    else
        ret_code := 404;
        ret_note := 'Consumer not known: ' || i_queue_name || '/' || i_consumer_name;
    end if;
    return;
end;
$$ language plpgsql security definer;
