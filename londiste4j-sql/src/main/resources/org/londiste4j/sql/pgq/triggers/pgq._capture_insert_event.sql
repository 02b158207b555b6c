create or replace function pgq._capture_insert_event(
    i_queue text, i_type text, i_data text,
    i_extra1 text, i_extra2 text, i_extra3 text, i_extra4 text)
returns bigint as $$
-- ----------------------------------------------------------------------
-- Function: pgq._capture_insert_event(7)
--
--      pgq.insert_event for the generated capture functions, on their rare
--      path (the queue gone, recreated, closed to inserts or limited per
--      transaction). Those functions are security definer without a SET
--      search_path, so they run with their caller's path; this pins the
--      path for pgq.insert_event and what it calls, whose bodies name
--      functions and operators without a schema. Not security definer: it
--      runs as its caller (the generated function's owner); called by
--      anyone else, it is pgq.insert_event (executable by PUBLIC).
--
-- Parameters:
--      i_queue         - name of the queue
--      i_type          - ev_type
--      i_data          - ev_data
--      i_extra1..4     - ev_extra1..4
--
-- Returns:
--      event id
-- Calls:
--      pgq.insert_event(7)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
begin
    return pgq.insert_event(i_queue, i_type, i_data, i_extra1, i_extra2, i_extra3, i_extra4);
end;
$$ language plpgsql set search_path = pg_catalog, pg_temp;
