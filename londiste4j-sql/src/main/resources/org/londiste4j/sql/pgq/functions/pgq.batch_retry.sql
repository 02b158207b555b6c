create or replace function pgq.batch_retry(i_batch_id bigint, i_retry_seconds integer)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.batch_retry(2)
--
--      Gives every event of an open batch back, to come again to this
--      consumer only after some seconds. Events already given back one by
--      one stay as they are.
--
-- Parameters:
--      i_batch_id      - id of an open batch
--      i_retry_seconds - how long to wait before giving them back
--
-- Returns:
--      number of events taken for retry
-- Calls:
--      pgq.batch_event_sql(1)
-- Tables directly manipulated:
--      insert - pgq.retry_queue
-- ----------------------------------------------------------------------
declare
    v_sub   record;
    v_count int4;
begin
    select sub_id, sub_queue into v_sub from pgq.subscription where sub_batch = i_batch_id;
    if not found then
        raise exception 'batch not found: %', i_batch_id;
    end if;
    execute 'insert into pgq.retry_queue (ev_retry_after, ev_queue, ev_id, ev_time, ev_txid, ev_owner,'
        || ' ev_retry, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4)'
        || ' select $1, $2, e.ev_id, e.ev_time, null, $3, coalesce(e.ev_retry, 0) + 1, e.ev_type, e.ev_data,'
        || ' e.ev_extra1, e.ev_extra2, e.ev_extra3, e.ev_extra4'
        || ' from (' || pgq.batch_event_sql(i_batch_id) || ') e'
        || ' on conflict (ev_owner, ev_id) do nothing'
        using now() + i_retry_seconds * '1 second'::interval, v_sub.sub_queue, v_sub.sub_id;
    get diagnostics v_count = row_count;
    return v_count;
end;
$$ language plpgsql security definer;
