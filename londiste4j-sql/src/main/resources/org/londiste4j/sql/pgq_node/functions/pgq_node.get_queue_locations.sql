create or replace function pgq_node.get_queue_locations(
    in i_queue_name text,
    out node_name text,
    out node_location text,
    out dead boolean)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.get_queue_locations(1)
--
--      Lists the members of a cascade known here, with where to reach them.
--
-- Parameters:
--      i_queue_name    - cascaded queue name
--
-- Returns:
--      node_name       - node name
--      node_location   - libpq connect string of the node
--      dead            - whether the node is to be taken as offline
-- Calls:
--      none
-- Tables directly manipulated:
--      none (reads pgq_node.node_location)
-- ----------------------------------------------------------------------
begin
    return query
        select l.node_name, l.node_location, l.dead
          from pgq_node.node_location l
         where l.queue_name = i_queue_name
         order by l.node_name;
end;
$$ language plpgsql security definer;
