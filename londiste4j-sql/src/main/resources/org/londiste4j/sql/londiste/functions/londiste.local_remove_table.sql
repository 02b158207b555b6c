create or replace function londiste.local_remove_table(
    in i_queue_name text,
    in i_table_name text,
    out ret_code int4,
    out ret_note text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.local_remove_table(2)
--
--      Stops replaying a table on this node: drops its capture triggers,
--      restores the DDL an unfinished copy dropped (after emptying the
--      half-copied table, unless it is a merged table that other
--      partitions' copies fill too), forgets its state, and stops keeping its
--      serial sequences. On the root the table also leaves the set and
--      londiste.remove-table is published.
--
-- Parameters:
--      i_queue_name - queue name
--      i_table_name - table name or schema.name
--
-- Returns:
--      200 - Table removed
--      400 - Table not found / Table not registered locally
-- Calls:
--      londiste.drop_table_triggers(2), londiste.local_remove_seq(2),
--      londiste.global_remove_table(2), londiste.root_notify_change(3)
-- Tables directly manipulated:
--      update - londiste.table_info
-- ----------------------------------------------------------------------
declare
    v_fq    text := londiste.make_fqname(i_table_name);
    v_qtbl  text := londiste.quote_fqname(londiste.make_fqname(i_table_name));
    v_oid   oid := londiste.find_table_oid(i_table_name);
    v_tbl   record;
    v_seq   text;
begin
    select t.local, t.dropped_ddl, coalesce(t.dest_table, t.table_name) as dest into v_tbl
      from londiste.table_info t
     where t.queue_name = i_queue_name and t.table_name = v_fq
       for update;
    if not found then
        select 400, 'Table not found: ' || v_fq into ret_code, ret_note;
        return;
    end if;

    if v_tbl.local then
        perform londiste.drop_table_triggers(i_queue_name, v_fq);
        if v_tbl.dropped_ddl is not null then
            -- the copy did not finish: its rows are worthless, and the indexes build faster on nothing; but the
            -- secondary indexes a merged table's first partition copy dropped are all it holds of the table, whose
            -- other partitions' rows stay
            if not exists (
                    select 1 from pgq_node.node_info n
                      join pgq_node.node_info n2 on n2.combined_queue = n.combined_queue
                                                and n2.queue_name <> n.queue_name
                      join londiste.table_info o on o.queue_name = n2.queue_name and o.local
                                                and coalesce(o.dest_table, o.table_name) = v_tbl.dest
                     where n.queue_name = i_queue_name) then
                execute 'truncate only ' || v_qtbl;
            end if;
            execute v_tbl.dropped_ddl;
        end if;
        update londiste.table_info
           set local = false, custom_snapshot = null, table_attrs = null, dropped_ddl = null,
               merge_state = null, dest_table = null
         where queue_name = i_queue_name and table_name = v_fq;
        -- the sequences feeding the table's integer defaults go with it
        for v_seq in
            select n.nspname::text || '.' || s.relname::text
              from pg_catalog.pg_attribute a
              join pg_catalog.pg_class s on s.oid = pg_catalog.pg_get_serial_sequence(v_qtbl, a.attname::text)::regclass
              join pg_catalog.pg_namespace n on n.oid = s.relnamespace
             where a.attrelid = v_oid and a.attnum > 0 and not a.attisdropped and a.atthasdef
               and a.atttypid in ('integer'::regtype, 'bigint'::regtype)
        loop
            perform 1 from londiste.local_remove_seq(i_queue_name, v_seq);
        end loop;
    elsif not pgq_node.is_root_node(i_queue_name) then
        select 400, 'Table not registered locally: ' || v_fq into ret_code, ret_note;
        return;
    end if;

    if pgq_node.is_root_node(i_queue_name) then
        perform 1 from londiste.global_remove_table(i_queue_name, v_fq);
        perform londiste.root_notify_change(i_queue_name, 'londiste.remove-table', v_fq);
    end if;
    select 200, 'Table removed: ' || v_fq into ret_code, ret_note;
    return;
end;
$$ language plpgsql strict;
