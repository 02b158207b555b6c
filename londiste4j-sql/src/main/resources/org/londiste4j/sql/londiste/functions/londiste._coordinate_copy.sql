create or replace function londiste._coordinate_copy(
    in i_queue_name text,
    in i_table_name text,
    out copy_role text,
    out copy_pos int4)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste._coordinate_copy(2)
--
--      Tells one copy process of a merged table (one destination fed by
--      the queues of one combined_queue) what to do, so that only one of
--      them drops and restores the destination's indexes:
--        lead        - drops the DDL before its copy, restores it after
--                      all others have copied
--        wait-copy   - waits before copying until the lead dropped DDL
--        wait-replay - copies, then waits in catching-up for the others
--        NULL        - nothing to coordinate (a table of one queue)
--      copy_pos counts the other queues' copies of this destination that
--      are in copy too and sort before this queue (0 for the lead).
--
-- Parameters:
--      i_queue_name - cascaded queue name
--      i_table_name - schema-qualified table name in the set
--
-- Returns:
--      copy_role, copy_pos
-- Calls:
--      none
-- Tables directly manipulated:
--      none (reads londiste.table_info, pgq_node.node_info)
-- ----------------------------------------------------------------------
declare
    v_state     text;
    v_ddl       text;
    v_lead      text;   -- first queue with a local unfinished copy, or the one that dropped DDL
    v_lead_ddl  text;   -- first queue whose copy dropped DDL
    v_parts     int4;   -- local unfinished copies of the destination, over all queues
    v_done      int4;   -- of those, the ones past in-copy
begin
    copy_role := null;
    copy_pos := 0;
    select t.merge_state, t.dropped_ddl into v_state, v_ddl
      from londiste.table_info t
     where t.queue_name = i_queue_name and t.table_name = i_table_name;
    if not found then
        return;
    end if;

    -- the copies of the same destination on the queues of the same combined queue (or of no combined
    -- queue at all), that are not finished yet
    select min(case when o.local then o.queue_name end),
           min(case when o.local and o.dropped_ddl is not null then o.queue_name end),
           count(case when o.local then 1 end),
           count(case when o.local and o.merge_state <> 'in-copy' then 1 end),
           count(case when o.queue_name < i_queue_name and v_state = 'in-copy' and o.merge_state = 'in-copy'
                      then 1 end)
      into v_lead, v_lead_ddl, v_parts, v_done, copy_pos
      from londiste.table_info t
      join pgq_node.node_info n on n.queue_name = t.queue_name
      join pgq_node.node_info n2
        on n2.combined_queue = n.combined_queue or (n2.combined_queue is null and n.combined_queue is null)
      join londiste.table_info o
        on o.queue_name = n2.queue_name
       and coalesce(o.dest_table, o.table_name) = coalesce(t.dest_table, t.table_name)
       and (o.merge_state is null or o.merge_state <> 'ok')
     where t.queue_name = i_queue_name and t.table_name = i_table_name;

    copy_pos := coalesce(copy_pos, 0);
    v_lead := coalesce(v_lead_ddl, v_lead);   -- a late joiner follows whoever already dropped the DDL
    if v_lead is null or v_parts <= 1 then
        return;
    end if;

    if v_lead = i_queue_name then
        if v_state = 'in-copy' then
            if v_ddl is null and v_done > 0 then
                copy_role := 'wait-replay';     -- others are past copy: copy with the indexes in place
            elsif v_done < v_parts then
                copy_role := 'lead';
            end if;
            copy_pos := 0;                      -- the lead never waits for a copy slot
        elsif v_state = 'catching-up' and v_ddl is not null and v_done < v_parts then
            copy_role := 'wait-replay';
        end if;
    elsif v_state = 'in-copy' then
        if v_lead_ddl is not null or v_done > 0 then
            copy_role := 'wait-replay';
        else
            copy_role := 'wait-copy';
        end if;
    elsif v_state = 'catching-up' and v_lead_ddl is not null then
        copy_role := 'wait-replay';
    end if;
    return;
end;
$$ language plpgsql strict stable;
