create or replace function pgq_node.register_location(
    in i_queue_name text,
    in i_node_name text,
    in i_node_location text,
    in i_dead boolean,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.register_location(4)
--
--      Records where a member of the cascade can be reached, or updates
--      it. A NULL location keeps the known one (only the dead flag changes)
--      and registers nothing for an unknown node. On the root the change is
--      also sent down the queue as a 'pgq.location-info' event, so that
--      every node learns it.
--
-- Parameters:
--      i_queue_name    - cascaded queue name
--      i_node_name     - node name
--      i_node_location - libpq connect string of the node, or NULL
--      i_dead          - whether the node is to be taken as offline
--
-- Returns:
--      ret_code        - 200
--      ret_note        - description
-- Calls:
--      pgq.insert_event(7)
-- Tables directly manipulated:
--      insert/update - pgq_node.node_location
-- ----------------------------------------------------------------------
declare
    v_type  text;
begin
    -- the lock orders this against type changes (demote/promote) of the local node
    select n.node_type into v_type from pgq_node.node_info n
        where n.queue_name = i_queue_name for update;

    update pgq_node.node_location
        set node_location = coalesce(i_node_location, node_location), dead = i_dead
        where queue_name = i_queue_name and node_name = i_node_name;
    if not found and i_node_location is not null then
        insert into pgq_node.node_location (queue_name, node_name, node_location, dead)
            values (i_queue_name, i_node_name, i_node_location, i_dead);
    end if;

    if v_type = 'root' then
        perform pgq.insert_event(i_queue_name, 'pgq.location-info', i_node_name, i_queue_name,
                                 i_node_location, i_dead::text, null);
    end if;

    ret_code := 200;
    ret_note := 'Location registered';
    return;
end;
$$ language plpgsql security definer;
