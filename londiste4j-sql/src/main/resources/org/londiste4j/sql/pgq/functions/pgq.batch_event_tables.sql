create or replace function pgq.batch_event_tables(x_batch_id bigint)
returns setof text as $$
-- ----------------------------------------------------------------------
-- Function: pgq.batch_event_tables(1)
--
--      Returns the event tables that may hold events of an open batch.
--      A transaction writes into the table that was current when it
--      inserted; the last rotation switched tables at queue_switch_step1 and
--      queue_switch_step2 marks the first txid that surely saw the switch.
--      So the previous table is needed unless every txid of the batch is
--      above step2, and the current one unless every txid is below step1.
--      Older tables are never needed: a rotation waits until every
--      consumer's last tick is past step2, and drops the ticks before it.
--      Known limit (as in the original): a REPEATABLE READ or SERIALIZABLE
--      producer whose snapshot predates step1 and that takes its first
--      txid only after step2 writes into the old table with a txid above
--      step2; its events can be missed. Producers in READ COMMITTED (the
--      default, and what triggers see) are safe: insert_event takes the
--      txid before it reads the current table.
--
-- Parameters:
--      x_batch_id      - id of an open batch
--
-- Returns:
--      table names, schema-qualified
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    b       record;
begin
    select txid_snapshot_xmin(last.tick_snapshot) as tx_min,
           txid_snapshot_xmax(cur.tick_snapshot) as tx_max,
           q.queue_data_pfx, q.queue_ntables, q.queue_cur_table, q.queue_switch_step1, q.queue_switch_step2
        into b
        from pgq.subscription s
        join pgq.queue q on q.queue_id = s.sub_queue
        join pgq.tick last on last.tick_queue = s.sub_queue and last.tick_id = s.sub_last_tick
        join pgq.tick cur on cur.tick_queue = s.sub_queue and cur.tick_id = s.sub_next_tick
        where s.sub_batch = x_batch_id;
    if not found then
        raise exception 'batch not found: %', x_batch_id;
    end if;
    if b.queue_switch_step2 is null or b.tx_min <= b.queue_switch_step2 then
        return next b.queue_data_pfx || '_' || ((b.queue_cur_table + b.queue_ntables - 1) % b.queue_ntables)::text;
    end if;
    if b.tx_max >= b.queue_switch_step1 then
        return next b.queue_data_pfx || '_' || b.queue_cur_table::text;
    end if;
    return;
end;
$$ language plpgsql stable;
