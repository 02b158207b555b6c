create or replace function londiste.get_seq_list(
    in i_queue_name text,
    out seq_name text,
    out last_value int8,
    out local boolean)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: londiste.get_seq_list(1)
--
--      Lists the sequences of a queue's set as this node knows them.
--
-- Parameters:
--      i_queue_name - cascaded queue name
--
-- Returns:
--      seq_name   - schema-qualified sequence name
--      last_value - last value published by the root
--      local      - whether this node keeps the sequence in step
-- Calls:
--      none
-- Tables directly manipulated:
--      none (reads londiste.seq_info)
-- ----------------------------------------------------------------------
    select s.seq_name, s.last_value, s.local
      from londiste.seq_info s
     where s.queue_name = $1
     order by s.nr, s.seq_name;
$$ language sql strict stable;
