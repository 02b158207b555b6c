create or replace function pgq_node.set_consumer_error(
    in i_queue_name text,
    in i_consumer_name text,
    in i_error_msg text,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.set_consumer_error(3)
--
--      Stores why a cascaded consumer's last batch failed, for status
--      reports; the next completed batch clears it. An unknown consumer is
--      not an error here (the failure may be that it is not registered).
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--      i_consumer_name     - cascaded consumer name
--      i_error_msg         - the failure
--
-- Returns:
--      ret_code            - 100 ok, 101 unknown consumer (ignored)
--      ret_note            - description
-- Calls:
--      none
-- Tables directly manipulated:
--      update - pgq_node.local_state
-- ----------------------------------------------------------------------
begin
    update pgq_node.local_state set cur_error = i_error_msg
     where queue_name = i_queue_name and consumer_name = i_consumer_name;
    if found then
        ret_code := 100;
        ret_note := 'Consumer ' || i_consumer_name || ' error = ' || i_error_msg;
    else
        ret_code := 101;
        ret_note := 'Consumer not known, ignoring: ' || i_queue_name || '/' || i_consumer_name;
    end if;
    return;
end;
$$ language plpgsql security definer;
