create or replace function londiste.execute_finish(
    in i_queue_name     text,
    in i_file_name      text,
    out ret_code        int4,
    out ret_note        text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.execute_finish(2)
--
--      Ends an EXECUTE script, at the end of the transaction that ran
--      it. On the root the script goes into the queue as an EXECUTE
--      event (ev_data = the SQL, ev_extra1 = its id, ev_extra2 = its
--      attributes), so the nodes below run it in the same place of the
--      event stream.
--
-- Parameters:
--      i_queue_name - queue name
--      i_file_name  - unique id of the script
--
-- Returns:
--      200 - Execute finished
--      404 - execute_file called without execute_start
-- Calls:
--      pgq_node.is_root_node(1), pgq.insert_event(7)
-- Tables directly manipulated:
--      none (reads londiste.applied_execute)
-- ----------------------------------------------------------------------
declare
    v_sql   text;
    v_attrs text;
begin
    select e.execute_sql, e.execute_attrs into v_sql, v_attrs
      from londiste.applied_execute e where e.execute_file = i_file_name;
    if not found then
        select 404, 'execute_file called without execute_start' into ret_code, ret_note;
        return;
    end if;
    if pgq_node.is_root_node(i_queue_name) then
        perform pgq.insert_event(i_queue_name, 'EXECUTE', v_sql, i_file_name, v_attrs, null, null);
    end if;
    select 200, 'Execute finished: ' || i_file_name into ret_code, ret_note;
    return;
end;
$$ language plpgsql strict;
