create or replace function pgq.maint_rotate_tables_step1(i_queue_name text)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.maint_rotate_tables_step1(1)
--
--      Rotates a queue's event tables when queue_rotation_period has passed
--      since the last switch: the next table (the oldest) is emptied by
--      TRUNCATE and becomes current. Skipped while the previous rotation is
--      unfinished (step2 not run yet), while any consumer's last tick is not
--      yet past the previous switch's step2 (the oldest table may still hold
--      events it has not seen), and while someone holds a lock on the table
--      (pg_dump), or while a transaction that writes events through the
--      queue's insert view (pgq._insert_view) is open for more than a
--      second. Ticks no batch can start from any more are deleted.
--      Must be followed, in a later transaction, by
--      pgq.maint_rotate_tables_step2().
--
-- Parameters:
--      i_queue_name    - name of the queue
--
-- Returns:
--      1 if the tables were rotated, 0 if not
-- Calls:
--      pgq._insert_view(1) (by the trigger on pgq.queue)
-- Tables directly manipulated:
--      truncate - the queue's next event table
--      update - pgq.queue
--      delete - pgq.tick
-- ----------------------------------------------------------------------
declare
    q           record;
    v_xmin      bigint;
    v_next      int4;
    v_tbl       text;
    v_timeout   text;
begin
    select queue_id, queue_data_pfx, queue_ntables, queue_cur_table, queue_switch_step1, queue_switch_step2
        into q
        from pgq.queue
        where queue_name = i_queue_name
          and queue_switch_step2 is not null
          and queue_switch_time + queue_rotation_period < now()
        for update;
    if not found then
        return 0;
    end if;
    if txid_current() < q.queue_switch_step1 then
        raise exception 'queue %: rotation step1 txid % is ahead of this transaction %; pgq state is invalid',
            i_queue_name, q.queue_switch_step1, txid_current();
    end if;

    -- the slowest consumer: everything before its last tick's xmin is consumed by all
    select min(txid_snapshot_xmin(t.tick_snapshot)) into v_xmin
        from pgq.subscription s
        join pgq.tick t on t.tick_queue = s.sub_queue and t.tick_id = s.sub_last_tick
        where s.sub_queue = q.queue_id;
    if v_xmin is not null and v_xmin <= q.queue_switch_step2 then
        return 0;
    end if;

    v_next := (q.queue_cur_table + 1) % q.queue_ntables;
    v_tbl := pgq.quote_fqname(q.queue_data_pfx || '_' || v_next::text);
    begin
        execute 'lock table ' || v_tbl || ' in access exclusive mode nowait';
    exception when lock_not_available then
        return 0;
    end;
    -- the queue's insert view moves to the new table with the update (pgq._insert_view, by the trigger on
    -- pgq.queue): its lock waits for the transactions writing events through it, and writers queue behind that
    -- wait, so it is bounded; a writer open longer postpones the rotation (truncate and switch undone) to the
    -- next maintenance round
    v_timeout := current_setting('lock_timeout');
    perform set_config('lock_timeout', '1s', true);
    begin
        -- TRUNCATE, never DELETE: no dead rows, no vacuum, the space is back at once
        execute 'truncate ' || v_tbl;
        update pgq.queue
            set queue_cur_table = v_next, queue_switch_time = now(),
                queue_switch_step1 = txid_current(), queue_switch_step2 = null
            where queue_id = q.queue_id;
    exception when lock_not_available then
        perform set_config('lock_timeout', v_timeout, true);
        raise notice 'queue %: rotation postponed, a transaction writing events holds %_cur',
            i_queue_name, q.queue_data_pfx;
        return 0;
    end;
    perform set_config('lock_timeout', v_timeout, true);

    -- no consumer's last tick is this old (checked above), and none can be moved back to them any more
    delete from pgq.tick
        where tick_queue = q.queue_id and txid_snapshot_xmin(tick_snapshot) < q.queue_switch_step2;
    return 1;
end;
$$ language plpgsql security definer;

create or replace function pgq.maint_rotate_tables_step2()
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.maint_rotate_tables_step2(0)
--
--      Finishes the rotations of step1: records a txid taken after step1
--      committed, so every transaction with a higher txid is known to write
--      into the new table. Must run in a transaction after step1's.
--
-- Returns:
--      number of queues finished
-- Tables directly manipulated:
--      update - pgq.queue
-- ----------------------------------------------------------------------
declare
    v_count     int4;
begin
    update pgq.queue set queue_switch_step2 = txid_current() where queue_switch_step2 is null;
    get diagnostics v_count = row_count;
    return v_count;
end;
$$ language plpgsql security definer;
