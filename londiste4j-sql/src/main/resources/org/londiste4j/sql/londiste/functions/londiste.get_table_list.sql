create or replace function londiste.get_table_list(
    in i_queue_name text,
    out table_name text,
    out local boolean,
    out merge_state text,
    out custom_snapshot text,
    out table_attrs text,
    out dropped_ddl text,
    out copy_role text,
    out copy_pos int4,
    out dest_table text)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: londiste.get_table_list(1)
--
--      Lists the tables of a queue's set as this node knows them, with
--      the state of their initial copy. For a table in copy whose
--      destination is fed by several queues at once (a merge of
--      partitions into one table), copy_role and copy_pos say how its
--      copy must wait for the others (londiste._coordinate_copy).
--
-- Parameters:
--      i_queue_name - cascaded queue name
--
-- Returns:
--      table_name      - schema-qualified name in the set
--      local           - whether this node replays the table
--      merge_state     - NULL, in-copy, catching-up, wanna-sync:<tick>,
--                        do-sync:<tick> or ok
--      custom_snapshot - provider snapshot of the COPY transaction
--      table_attrs     - urlencoded handler attributes
--      dropped_ddl     - DDL dropped for the copy, to restore after it
--      copy_role       - NULL, lead, wait-copy or wait-replay
--      copy_pos        - place in the parallel copy order (0 = first)
--      dest_table      - local table name when it differs
-- Calls:
--      londiste._coordinate_copy(2)
-- Tables directly manipulated:
--      none (reads londiste.table_info)
-- ----------------------------------------------------------------------
declare
    r   record;
begin
    for r in
        select t.table_name, t.local, t.merge_state, t.custom_snapshot, t.table_attrs, t.dropped_ddl, t.dest_table
          from londiste.table_info t
         where t.queue_name = i_queue_name
         order by t.nr, t.table_name
    loop
        table_name := r.table_name;
        local := r.local;
        merge_state := r.merge_state;
        custom_snapshot := r.custom_snapshot;
        table_attrs := r.table_attrs;
        dropped_ddl := r.dropped_ddl;
        dest_table := r.dest_table;
        copy_role := null;
        copy_pos := 0;
        if r.merge_state in ('in-copy', 'catching-up') then
            select c.copy_role, c.copy_pos into copy_role, copy_pos
              from londiste._coordinate_copy(i_queue_name, r.table_name) c;
        end if;
        return next;
    end loop;
    return;
end;
$$ language plpgsql strict stable;
