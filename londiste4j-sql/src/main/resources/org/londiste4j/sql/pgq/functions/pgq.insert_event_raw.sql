create or replace function pgq.insert_event_raw(
    queue_name text, ev_id bigint, ev_time timestamptz,
    ev_owner integer, ev_retry integer, ev_type text, ev_data text,
    ev_extra1 text, ev_extra2 text, ev_extra3 text, ev_extra4 text)
returns bigint as $$
-- ----------------------------------------------------------------------
-- Function: pgq.insert_event_raw(11)
--
--      Inserts an event with all its fields given: the low-level form used
--      for retried events and for copying events between queues. Honours
--      queue_disable_insert (except under session_replication_role =
--      replica, as the original) and queue_per_tx_limit. The current table is
--      read from pgq.queue on every call (nothing is cached that a rotation
--      could make stale); the per-transaction count costs nothing while the
--      queue has no limit.
--
-- Parameters:
--      queue_name      - name of the queue
--      ev_id           - event id, or NULL to take the next one from the queue's sequence
--      ev_time         - event time
--      ev_owner        - subscription id the event is reserved for (retried events), or NULL
--      ev_retry        - retry count, or NULL
--      ev_type, ev_data, ev_extra1..4 - the event's payload
--
-- Returns:
--      event id
-- Calls:
--      pgq._insert_dispatch(12)
-- Tables directly manipulated:
--      insert - the queue's current event table
-- ----------------------------------------------------------------------
declare
    v_qid       int4;
    v_table     int4;
    v_disabled  boolean;
    v_limit     int4;
    v_count     int4;
    v_guc       text;
    v_txid      bigint;
begin
    -- take a txid before reading the current table: a transaction that reads the table from before a
    -- rotation then always has a txid below the rotation's step2 (see pgq.batch_event_tables)
    v_txid := txid_current();
    select q.queue_id, q.queue_cur_table, q.queue_disable_insert, q.queue_per_tx_limit
        into v_qid, v_table, v_disabled, v_limit
        from pgq.queue q where q.queue_name = insert_event_raw.queue_name;
    if not found then
        raise exception 'No such queue: %', queue_name;
    end if;
    -- as the original: a queue closed to producers (a branch's copy of the queue) still takes the events a
    -- replaying worker copies into it, under session_replication_role = replica
    if v_disabled and current_setting('session_replication_role') <> 'replica' then
        -- NOTE: the original's wording; producers match it
        raise exception 'Insert into queue disallowed';
    end if;
    if v_limit is not null then
        -- a transaction-local setting: it vanishes at commit or rollback, and with a rolled back savepoint
        v_guc := 'pgq.tx_event_count_' || v_qid::text;
        v_count := coalesce(nullif(current_setting(v_guc, true), ''), '0')::int4 + 1;
        if v_count > v_limit then
            raise exception 'Queue ''%'' allows max % events from one TX', queue_name, v_limit;
        end if;
        perform set_config(v_guc, v_count::text, true);
    end if;
    return pgq._insert_dispatch(v_qid, v_table, ev_id, ev_time, ev_owner, ev_retry,
                                ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4);
end;
$$ language plpgsql security definer;
