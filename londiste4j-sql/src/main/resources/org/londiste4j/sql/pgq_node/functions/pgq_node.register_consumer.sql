create or replace function pgq_node.register_consumer(
    in i_queue_name text,
    in i_consumer_name text,
    in i_provider_node text,
    in i_custom_tick_id int8,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.register_consumer(4)
--
--      Registers a cascaded consumer that reads from a provider node and
--      writes into this one, at the given tick. A consumer already
--      registered is moved to the new provider and tick.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--      i_consumer_name     - cascaded consumer name
--      i_provider_node     - node it reads from (its location must be known)
--      i_custom_tick_id    - provider tick it has completed
--
-- Returns:
--      ret_code            - 200 registered, 201 already registered (moved),
--                            404 unknown queue
--      ret_note            - description
-- Calls:
--      none
-- Tables directly manipulated:
--      insert/update - pgq_node.local_state
-- ----------------------------------------------------------------------
begin
    perform 1 from pgq_node.node_info n where n.queue_name = i_queue_name for update;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown queue: ' || i_queue_name;
        return;
    end if;

    update pgq_node.local_state
       set provider_node = i_provider_node, last_tick_id = i_custom_tick_id
     where queue_name = i_queue_name and consumer_name = i_consumer_name;
    if found then
        ret_code := 201;
        ret_note := 'Consumer already registered: ' || i_queue_name || '/' || i_consumer_name;
        return;
    end if;

    insert into pgq_node.local_state (queue_name, consumer_name, provider_node, last_tick_id)
        values (i_queue_name, i_consumer_name, i_provider_node, i_custom_tick_id);
    ret_code := 200;
    ret_note := 'Consumer ' || i_consumer_name || ' registered on queue ' || i_queue_name;
    return;
end;
$$ language plpgsql security definer;
