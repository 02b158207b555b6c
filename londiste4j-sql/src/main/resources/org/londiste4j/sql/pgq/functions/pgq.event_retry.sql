create or replace function pgq.event_retry(x_batch_id bigint, x_event_id bigint, x_retry_time timestamptz)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.event_retry(3a)
--
--      Gives an event of an open batch back, to come again at a later time
--      to this consumer only (other consumers are not affected). The event
--      is copied to pgq.retry_queue with ev_owner set to the subscription;
--      pgq.maint_retry_events() puts it back into the queue when due.
--
-- Parameters:
--      x_batch_id      - id of an open batch
--      x_event_id      - id of an event of that batch
--      x_retry_time    - when to give it back
--
-- Returns:
--      1 if the event was taken for retry, 0 if it was already
-- Calls:
--      pgq.batch_event_sql(1)
-- Tables directly manipulated:
--      insert - pgq.retry_queue
-- ----------------------------------------------------------------------
declare
    v_sub   record;
    v_count int4;
begin
    select sub_id, sub_queue into v_sub from pgq.subscription where sub_batch = x_batch_id;
    if not found then
        raise exception 'batch not found: %', x_batch_id;
    end if;
    execute 'insert into pgq.retry_queue (ev_retry_after, ev_queue, ev_id, ev_time, ev_txid, ev_owner,'
        || ' ev_retry, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4)'
        || ' select $1, $2, e.ev_id, e.ev_time, null, $3, coalesce(e.ev_retry, 0) + 1, e.ev_type, e.ev_data,'
        || ' e.ev_extra1, e.ev_extra2, e.ev_extra3, e.ev_extra4'
        || ' from (' || pgq.batch_event_sql(x_batch_id) || ') e where e.ev_id = $4'
        || ' on conflict (ev_owner, ev_id) do nothing'
        using x_retry_time, v_sub.sub_queue, v_sub.sub_id, x_event_id;
    get diagnostics v_count = row_count;
    if v_count = 0 then
        if not exists (select 1 from pgq.retry_queue where ev_owner = v_sub.sub_id and ev_id = x_event_id) then
            raise exception 'event % not found in batch %', x_event_id, x_batch_id;
        end if;
    end if;
    return v_count;
end;
$$ language plpgsql security definer;

create or replace function pgq.event_retry(x_batch_id bigint, x_event_id bigint, x_retry_seconds integer)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.event_retry(3b)
--
--      Gives an event of an open batch back, to come again to this consumer
--      only after some seconds. See pgq.event_retry(3a).
--
-- Parameters:
--      x_batch_id      - id of an open batch
--      x_event_id      - id of an event of that batch
--      x_retry_seconds - how long to wait before giving it back
--
-- Returns:
--      1 if the event was taken for retry, 0 if it was already
-- Calls:
--      pgq.event_retry(3a)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
begin
    return pgq.event_retry(x_batch_id, x_event_id, now() + x_retry_seconds * '1 second'::interval);
end;
$$ language plpgsql security definer;
