create or replace function londiste.global_add_table(
    in i_queue_name     text,
    in i_table_name     text,
    out ret_code        int4,
    out ret_note        text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.global_add_table(2)
--
--      Adds a table to the queue's set (not local yet): on the root from
--      londiste.local_add_table, elsewhere when replay sees the event
--      londiste.add-table. A queue that has a combined queue adds it
--      there too.
--
-- Parameters:
--      i_queue_name - queue name
--      i_table_name - table name or schema.name
--
-- Returns:
--      200 - Table added / Table already added
--      400 - No such queue
-- Calls:
--      londiste.global_add_table(2) for the combined queue
-- Tables directly manipulated:
--      insert - londiste.table_info
-- ----------------------------------------------------------------------
declare
    v_fq        text := londiste.make_fqname(i_table_name);
    v_cqueue    text;
begin
    select n.combined_queue into v_cqueue from pgq_node.node_info n where n.queue_name = i_queue_name for update;
    if not found then
        select 400, 'No such queue: ' || i_queue_name into ret_code, ret_note;
        return;
    end if;
    if exists (select 1 from londiste.table_info t where t.queue_name = i_queue_name and t.table_name = v_fq) then
        select 200, 'Table already added: ' || v_fq into ret_code, ret_note;
        return;
    end if;
    insert into londiste.table_info (queue_name, table_name) values (i_queue_name, v_fq);
    select 200, 'Table added: ' || i_table_name into ret_code, ret_note;
    if v_cqueue is not null then
        perform 1 from londiste.global_add_table(v_cqueue, i_table_name);
    end if;
    return;
exception
    when unique_violation then
        -- added at the same time by another session (setup and replay)
        select 200, 'Table already added: ' || i_table_name into ret_code, ret_note;
        return;
end;
$$ language plpgsql strict;
