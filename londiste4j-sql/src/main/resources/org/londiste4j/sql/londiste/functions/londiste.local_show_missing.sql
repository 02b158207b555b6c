create or replace function londiste.local_show_missing(
    in i_queue_name text,
    out obj_kind text,
    out obj_name text)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: londiste.local_show_missing(1)
--
--      What could still be added: on the root, the tables ('r', a
--      partitioned table as one, never its partitions) and
--      sequences ('S') of the database that the queue does not replicate
--      (system and PgQ/Londiste schemas left out); on a branch or leaf,
--      the set's tables and sequences this node does not replay.
--
-- Parameters:
--      i_queue_name - cascaded queue name
--
-- Returns:
--      obj_kind - 'r' table or 'S' sequence
--      obj_name - schema-qualified name
-- Calls:
--      pgq_node.is_root_node(1)
-- Tables directly manipulated:
--      none (reads londiste.table_info, londiste.seq_info, pg_class)
-- ----------------------------------------------------------------------
begin
    if pgq_node.is_root_node(i_queue_name) then
        return query
            -- a partitioned table (10+) is one table of the set; its partitions are not
            select case when c.relkind = 'p' then 'r' else c.relkind::text end,
                   n.nspname::text || '.' || c.relname::text
              from pg_catalog.pg_class c
              join pg_catalog.pg_namespace n on n.oid = c.relnamespace
             where c.relkind in ('r', 'p', 'S')
               and not exists (select 1 from pg_catalog.pg_inherits h
                                 join pg_catalog.pg_class pc on pc.oid = h.inhparent
                                where h.inhrelid = c.oid and pc.relkind = 'p')
               and n.nspname not in ('pgq', 'pgq_ext', 'pgq_node', 'londiste', 'pg_catalog', 'information_schema')
               and n.nspname !~ '^pg_(toast|temp)'
               and not exists (select 1 from londiste.table_info t
                                where t.queue_name = i_queue_name and t.local
                                  and coalesce(t.dest_table, t.table_name) = n.nspname::text || '.' || c.relname::text)
             order by 1, 2;
    else
        return query
            select x.kind, x.name
              from (select 'S'::text as kind, s.seq_name as name from londiste.seq_info s
                     where s.queue_name = i_queue_name and not s.local
                    union all
                    select 'r'::text, t.table_name from londiste.table_info t
                     where t.queue_name = i_queue_name and not t.local) x
             order by 1, 2;
    end if;
    return;
end;
$$ language plpgsql strict stable;
