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
--      pgq._insert_dispatch(12); pgq.insert_event_raw(11) when the queue has a
--      per-transaction limit or refuses inserts
-- Tables directly manipulated:
--      insert - the queue's current event table (through pgq._insert_dispatch)
-- ----------------------------------------------------------------------
declare
    v_qid       int4;
    v_table     int4;
    v_disabled  boolean;
    v_limit     int4;
    v_txid      bigint;
begin
    -- the common case in one function call less than insert_event_raw: this is the trigger's hot path
    v_txid := txid_current(); -- before the current table is read: see pgq.insert_event_raw
    select q.queue_id, q.queue_cur_table, q.queue_disable_insert, q.queue_per_tx_limit
        into v_qid, v_table, v_disabled, v_limit
        from pgq.queue q where q.queue_name = insert_event.queue_name;
    if not found then
        raise exception 'No such queue: %', queue_name;
    end if;
    if v_disabled or v_limit is not null then
        return pgq.insert_event_raw(queue_name, null, now(), null, null,
                                    ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4);
    end if;
    return pgq._insert_dispatch(v_qid, v_table, null, now(), null, null,
                                ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4);
end;
$$ language plpgsql security definer;
