create or replace function pgq.insert_event(queue_name text, ev_type text, ev_data text)
returns bigint as $$
-- ----------------------------------------------------------------------
-- Function: pgq.insert_event(3)
--
--      Inserts an event into the queue, in the caller's transaction: the
--      event reaches consumers only if and when that transaction commits.
--
-- Parameters:
--      queue_name      - name of the queue
--      ev_type         - user-specified type for the event
--      ev_data         - user data for the event
--
-- Returns:
--      event id
-- Calls:
--      pgq.insert_event(7)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select pgq.insert_event($1, $2, $3, null, null, null, null);
$$ language sql;

create or replace function pgq.insert_event(
    queue_name text, ev_type text, ev_data text,
    ev_extra1 text, ev_extra2 text, ev_extra3 text, ev_extra4 text)
returns bigint as $$
-- ----------------------------------------------------------------------
-- Function: pgq.insert_event(7)
--
--      Inserts an event, with its four extra fields, into the queue's
--      current event table, in the caller's transaction. This is on every
--      captured row's path (the trigger functions call it), so it runs only
--      static, plan-cached SQL.
--
-- Parameters:
--      queue_name      - name of the queue
--      ev_type         - user-specified type for the event
--      ev_data         - user data for the event
--      ev_extra1..4    - extra data fields for the event
--
-- Returns:
--      event id
-- Calls:
--      pgq.insert_event_raw(11)
-- Tables directly manipulated:
--      insert - the queue's current event table (through pgq._insert_dispatch)
-- ----------------------------------------------------------------------
begin
    return pgq.insert_event_raw(queue_name, null, now(), null, null,
                                ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4);
end;
$$ language plpgsql security definer;
