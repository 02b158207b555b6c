create or replace function pgq_node.change_consumer_provider(
    in i_queue_name text,
    in i_consumer_name text,
    in i_new_provider text,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.change_consumer_provider(3)
--
--      Points a cascaded consumer at another provider node (whose location
--      must be known) and clears its uptodate flag. Its tick stays: the new
--      provider must have been subscribed at that position.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--      i_consumer_name     - cascaded consumer name
--      i_new_provider      - the new provider node
--
-- Returns:
--      ret_code            - 200 ok, 404 unknown consumer or node
--      ret_note            - description
-- Calls:
--      none
-- Tables directly manipulated:
--      update - pgq_node.local_state
-- ----------------------------------------------------------------------
begin
    perform 1 from pgq_node.node_location l
     where l.queue_name = i_queue_name and l.node_name = i_new_provider;
    if not found then
        ret_code := 404;
        ret_note := 'New node not found: ' || i_new_provider;
        return;
    end if;

    update pgq_node.local_state set provider_node = i_new_provider, uptodate = false
     where queue_name = i_queue_name and consumer_name = i_consumer_name;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown consumer: ' || i_queue_name || '/' || i_consumer_name;
        return;
    end if;
    ret_code := 200;
    ret_note := 'Consumer provider node set to : ' || i_new_provider;
    return;
end;
$$ language plpgsql security definer;
