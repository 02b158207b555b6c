create or replace function londiste.execute_start(
    in i_queue_name     text,
    in i_file_name      text,
    in i_sql            text,
    in i_expect_root    boolean,
    in i_attrs          text,
    out ret_code        int4,
    out ret_note        text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.execute_start(5)
--
--      Starts an EXECUTE script, at the beginning of the transaction
--      that runs it: records it in londiste.applied_execute, so a script
--      id runs once per node (the insert also holds off a parallel run
--      of the same id until this transaction ends).
--
-- Parameters:
--      i_queue_name  - queue name
--      i_file_name   - unique id of the script
--      i_sql         - the script (kept for information and the event)
--      i_expect_root - refuse unless this is the root (the setup tool)
--      i_attrs       - urlencoded attributes, the event's ev_extra2
--
-- Returns:
--      200 - Executing
--      201 - already applied, skipping
--      401 - Node is not root node
-- Calls:
--      pgq_node.is_root_node(1)
-- Tables directly manipulated:
--      insert - londiste.applied_execute
-- ----------------------------------------------------------------------
declare
    v_rows  int4;
begin
    if i_expect_root and not pgq_node.is_root_node(i_queue_name) then
        select 401, 'Node is not root node: ' || i_queue_name into ret_code, ret_note;
        return;
    end if;
    insert into londiste.applied_execute (queue_name, execute_file, execute_sql, execute_attrs)
        values (i_queue_name, i_file_name, i_sql, i_attrs)
        on conflict do nothing;
    get diagnostics v_rows = row_count;
    if v_rows = 0 then
        select 201, 'EXECUTE: "' || i_file_name || '" already applied, skipping' into ret_code, ret_note;
        return;
    end if;
    select 200, 'Executing: ' || i_file_name into ret_code, ret_note;
    return;
end;
$$ language plpgsql;

create or replace function londiste.execute_start(
    in i_queue_name     text,
    in i_file_name      text,
    in i_sql            text,
    in i_expect_root    boolean,
    out ret_code        int4,
    out ret_note        text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.execute_start(4)
--
--      londiste.execute_start(5) without attributes.
--
-- Parameters:
--      i_queue_name, i_file_name, i_sql, i_expect_root - as (5)
--
-- Returns:
--      as londiste.execute_start(5)
-- Calls:
--      londiste.execute_start(5)
-- Tables directly manipulated:
--      insert - londiste.applied_execute
-- ----------------------------------------------------------------------
    select f.ret_code, f.ret_note from londiste.execute_start($1, $2, $3, $4, null) f;
$$ language sql;
