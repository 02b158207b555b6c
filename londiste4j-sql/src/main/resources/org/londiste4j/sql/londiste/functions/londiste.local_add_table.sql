create or replace function londiste.local_add_table(
    in i_queue_name     text,
    in i_table_name     text,
    in i_trg_args       text[],
    in i_table_attrs    text,
    in i_dest_table     text,
    out ret_code        int4,
    out ret_note        text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.local_add_table(5)
--
--      Makes this node replay a table of the queue's set, and creates
--      its capture triggers. On the root the table joins the set (and
--      londiste.add-table is published); elsewhere it must be in the set
--      already. The table starts in state 'ok' on the root, on a leaf of
--      a combined branch and with expect_sync; otherwise in NULL (to be
--      copied). On a leaf the table of the other queues of the same
--      combined queue is made local too (merge), and added on the
--      combined queue when that one is a root or branch here.
--
--      A partitioned table (10+) is added whole, under its own name. On
--      PostgreSQL 10, where each partition carries its own capture
--      trigger, adding it again gives the partitions attached since
--      theirs (see londiste.create_trigger).
--
-- Parameters:
--      i_queue_name  - queue name
--      i_table_name  - table name or schema.name in the set
--      i_trg_args    - trigger arguments (see londiste.create_trigger)
--                      and options:
--                        expect_sync   - the table is in sync already
--                        skip_truncate - table attribute skip_truncate=1
--                        merge_all     - merge the table from all
--                                        sources of a combined queue
--                        no_merge      - do not merge
--                        virtual_table - no table here: no structure
--                                        check, no triggers, no copy
--                        no_triggers   - no triggers
--      i_table_attrs - urlencoded handler attributes
--      i_dest_table  - local table name when it differs
--
-- Returns:
--      200 - Table added (or already added with the same attributes)
--      400 - No such set, or primary key missing
--      404 - Table does not exist / not available on queue
--      405 - merge conflicts (see the note)
--      410 - Table already added, but with different args
--      and the codes of londiste.create_trigger(5) (note prefixed)
-- Calls:
--      pgq_node.get_node_info(1), londiste.global_add_table(2),
--      londiste.root_notify_change(3), londiste.create_trigger(5)
-- Tables directly manipulated:
--      update - londiste.table_info
-- ----------------------------------------------------------------------
declare
    v_attrs         text := i_table_attrs;
    v_expect_sync   boolean := false;
    v_merge_all     boolean := false;
    v_no_merge      boolean := false;
    v_virtual       boolean := false;
    v_fq            text;
    v_dest          text;
    v_desc          text;
    v_node          record;
    v_tbl           record;
    v_state         text;
    v_other         record;
    v_cqueue        text;
    v_ctable        text;
    v_trigger       text;
    v_before        text;
    a               text;
begin
    foreach a in array coalesce(i_trg_args, '{}') loop
        if a = 'expect_sync' then
            v_expect_sync := true;
        elsif a = 'skip_truncate' then
            v_attrs := coalesce(v_attrs || '&skip_truncate=1', 'skip_truncate=1');
        elsif a = 'merge_all' then
            v_merge_all := true;
        elsif a = 'no_merge' then
            v_no_merge := true;
        elsif a = 'virtual_table' then
            v_virtual := true;
            v_expect_sync := true;   -- nothing to copy
        end if;
    end loop;
    if v_merge_all and v_no_merge then
        select 405, 'Cannot use merge-all and no-merge together' into ret_code, ret_note;
        return;
    end if;

    v_fq := londiste.make_fqname(i_table_name);
    v_dest := londiste.make_fqname(coalesce(i_dest_table, i_table_name));
    v_desc := case when v_dest = v_fq then v_fq else v_fq || '(' || v_dest || ')' end;

    if not v_virtual then
        if londiste.find_table_oid(v_dest) is null then
            select 404, 'Table does not exist: ' || v_desc into ret_code, ret_note;
            return;
        end if;
        -- a merged destination may have lost its key to another queue's copy (dropped_ddl): allowed
        if strpos(londiste.find_column_types(v_dest), 'k') = 0
           and not exists (select 1 from londiste.table_info t
                             join pgq_node.node_info n_this on n_this.queue_name = i_queue_name
                             join pgq_node.node_info n_other on n_other.combined_queue = n_this.combined_queue
                                                             and n_other.queue_name <> n_this.queue_name
                            where t.queue_name = n_other.queue_name
                              and coalesce(t.dest_table, t.table_name) = v_dest
                              and t.dropped_ddl is not null) then
            select 400, 'Primary key missing on table: ' || v_desc into ret_code, ret_note;
            return;
        end if;
    end if;

    select f.ret_code, f.node_type, f.combined_type into v_node from pgq_node.get_node_info(i_queue_name) f;
    if not found or v_node.ret_code >= 400 then
        select 400, 'No such set: ' || i_queue_name into ret_code, ret_note;
        return;
    end if;

    select t.merge_state, t.local, t.table_attrs, t.dest_table into v_tbl
      from londiste.table_info t
     where t.queue_name = i_queue_name and t.table_name = v_fq;
    if not found then
        if v_node.node_type <> 'root' then
            select 404, 'Table not available on queue: ' || v_desc into ret_code, ret_note;
            return;
        end if;
        select f.ret_code, f.ret_note into ret_code, ret_note from londiste.global_add_table(i_queue_name, i_table_name) f;
        if ret_code <> 200 then
            return;
        end if;
        select t.merge_state, t.local, t.table_attrs, t.dest_table into v_tbl
          from londiste.table_info t
         where t.queue_name = i_queue_name and t.table_name = v_fq;
    end if;

    if v_tbl.local then
        if v_tbl.table_attrs is distinct from v_attrs then
            select 410, 'Table ' || v_desc || ' already added, but with different args: '
                        || coalesce(v_tbl.table_attrs, '')
              into ret_code, ret_note;
        else
            -- PostgreSQL 10 has no row trigger on a partitioned table, so no trigger that new partitions
            -- inherit: the partitions attached since the table was added get theirs now
            if not v_virtual and current_setting('server_version_num')::int < 110000
               and exists (select 1 from pg_catalog.pg_class c
                            where c.oid = londiste.find_table_oid(coalesce(v_tbl.dest_table, v_fq))
                              and c.relkind = 'p') then
                select f.ret_code, f.ret_note into ret_code, ret_note
                  from londiste.create_trigger(i_queue_name, v_fq, i_trg_args, coalesce(v_tbl.dest_table, v_fq),
                                               v_node.node_type) f;
                if ret_code > 299 then
                    ret_note := 'Trigger creation failed for table ' || v_desc || ': ' || ret_note;
                    return;
                end if;
            end if;
            select 200, 'Table already added: ' || v_desc into ret_code, ret_note;
        end if;
        return;
    end if;

    if v_node.node_type = 'root' then
        v_state := 'ok';
        perform londiste.root_notify_change(i_queue_name, 'londiste.add-table', v_fq);
    elsif (v_node.node_type = 'leaf' and v_node.combined_type = 'branch') or v_expect_sync then
        v_state := 'ok';
    else
        v_state := null;
    end if;

    update londiste.table_info
       set local = true,
           merge_state = v_state,
           table_attrs = coalesce(v_attrs, table_attrs),
           dest_table = nullif(v_dest, v_fq)
     where queue_name = i_queue_name and table_name = v_fq;
    if not found then
        raise exception 'lost table: %', v_fq;
    end if;

    if v_node.node_type = 'leaf' and not v_no_merge then
        -- the same destination fed by the other queues of the same combined queue
        for v_other in
            select o.queue_name, o.table_name, o.local
              from londiste.table_info t
              join pgq_node.node_info n on n.queue_name = t.queue_name
              join pgq_node.node_info n2
                on n2.combined_queue = n.combined_queue or (n2.combined_queue is null and n.combined_queue is null)
              join londiste.table_info o
                on o.queue_name = n2.queue_name
               and coalesce(o.dest_table, o.table_name) = coalesce(t.dest_table, t.table_name)
             where t.queue_name = i_queue_name and t.table_name = v_fq and o.queue_name <> i_queue_name
        loop
            if v_other.local and coalesce(v_state, 'x') <> 'ok' then
                select 405, 'Found local table ' || v_desc || ' in queue ' || v_other.queue_name
                            || ', use remove-table first to remove all previous table subscriptions'
                  into ret_code, ret_note;
                return;
            end if;
            if not v_merge_all and coalesce(v_state, 'x') <> 'ok' then
                select 405, 'Found multiple sources for table ' || v_desc || ', use merge-all or no-merge to continue'
                  into ret_code, ret_note;
                return;
            end if;
            update londiste.table_info
               set local = true,
                   merge_state = v_state,
                   table_attrs = coalesce(v_attrs, table_attrs)
             where queue_name = v_other.queue_name and table_name = v_other.table_name;
            if not found then
                raise exception 'lost table: % on queue %', v_other.table_name, v_other.queue_name;
            end if;
        end loop;

        -- the combined queue (root or branch here) replicates the merged table on
        select n2.queue_name, t.table_name into v_cqueue, v_ctable
          from pgq_node.node_info n1
          join pgq_node.node_info n2 on n2.queue_name = n1.combined_queue
          left join londiste.table_info t on t.queue_name = n2.queue_name and t.table_name = v_fq and t.local
         where n1.queue_name = i_queue_name and n2.node_type in ('root', 'branch');
        if found and v_ctable is null then
            select f.ret_code, f.ret_note into ret_code, ret_note
              from londiste.local_add_table(v_cqueue, v_fq, i_trg_args, v_attrs, v_dest) f;
            if ret_code >= 300 then
                return;
            end if;
        end if;
    end if;

    select f.ret_code, f.ret_note, f.trigger_name into ret_code, ret_note, v_trigger
      from londiste.create_trigger(i_queue_name, v_fq, i_trg_args, v_dest, v_node.node_type) f;
    if ret_code > 299 then
        ret_note := 'Trigger creation failed for table ' || v_desc || ': ' || ret_note;
        return;
    elsif ret_code = 201 then
        select 200, 'Table added with no triggers: ' || v_desc into ret_code, ret_note;
        return;
    end if;

    -- a row AFTER trigger of the application that fires before ours could let events go out of order:
    -- say so (a notice, as the original's 301 never reached its callers)
    select tg.tgname::text into v_before
      from pg_catalog.pg_trigger tg
     where tg.tgrelid = londiste.find_table_oid(v_dest)
       and not tg.tgisinternal
       and tg.tgname < v_trigger::name
       and (tg.tgtype & 3) = 1
       and not londiste.is_replica_func(tg.tgfoid)
       and substr(tg.tgname, 1, 10) <> '_londiste_'
       and tg.tgname::text not like '%\_logger'
     order by 1
     limit 1;
    if v_before is not null then
        raise notice 'Table added: %, but londiste trigger is not first: %', v_desc, v_before;
    end if;

    select 200, 'Table added: ' || v_desc into ret_code, ret_note;
    return;
end;
$$ language plpgsql;

create or replace function londiste.local_add_table(
    in i_queue_name     text,
    in i_table_name     text,
    in i_trg_args       text[],
    in i_table_attrs    text,
    out ret_code        int4,
    out ret_note        text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.local_add_table(4)
--
--      londiste.local_add_table(5) with the same local table name.
--
-- Parameters:
--      i_queue_name, i_table_name, i_trg_args, i_table_attrs - as (5)
--
-- Returns:
--      as londiste.local_add_table(5)
-- Calls:
--      londiste.local_add_table(5)
-- Tables directly manipulated:
--      update - londiste.table_info
-- ----------------------------------------------------------------------
    select f.ret_code, f.ret_note from londiste.local_add_table($1, $2, $3, $4, null) f;
$$ language sql;

create or replace function londiste.local_add_table(
    in i_queue_name     text,
    in i_table_name     text,
    in i_trg_args       text[],
    out ret_code        int4,
    out ret_note        text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.local_add_table(3)
--
--      londiste.local_add_table(5) without handler attributes.
--
-- Parameters:
--      i_queue_name, i_table_name, i_trg_args - as (5)
--
-- Returns:
--      as londiste.local_add_table(5)
-- Calls:
--      londiste.local_add_table(5)
-- Tables directly manipulated:
--      update - londiste.table_info
-- ----------------------------------------------------------------------
    select f.ret_code, f.ret_note from londiste.local_add_table($1, $2, $3, null, null) f;
$$ language sql;

create or replace function londiste.local_add_table(
    in i_queue_name     text,
    in i_table_name     text,
    out ret_code        int4,
    out ret_note        text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.local_add_table(2)
--
--      londiste.local_add_table(5) with default triggers.
--
-- Parameters:
--      i_queue_name, i_table_name - as (5)
--
-- Returns:
--      as londiste.local_add_table(5)
-- Calls:
--      londiste.local_add_table(5)
-- Tables directly manipulated:
--      update - londiste.table_info
-- ----------------------------------------------------------------------
    select f.ret_code, f.ret_note from londiste.local_add_table($1, $2, null, null, null) f;
$$ language sql strict;
