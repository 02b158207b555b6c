create or replace function pgq.current_event_table(x_queue_name text)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: pgq.current_event_table(1)
--
--      Returns the name of the table new events of the queue go to now, for
--      producers that insert in bulk. The answer is stale after the next
--      rotation: use it only inside the transaction that asked, and prefer
--      pgq.insert_event().
--
-- Parameters:
--      x_queue_name    - name of the queue
--
-- Returns:
--      fully qualified table name
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_pfx       text;
    v_table     int4;
    v_disabled  boolean;
begin
    select queue_data_pfx, queue_cur_table, queue_disable_insert
        into v_pfx, v_table, v_disabled
        from pgq.queue where queue_name = x_queue_name;
    if not found then
        raise exception 'Event queue not found: %', x_queue_name;
    end if;
    -- as the original: a replaying worker (session_replication_role = replica) may write to a closed queue
    if v_disabled and current_setting('session_replication_role') <> 'replica' then
        raise exception 'Insert into queue disallowed';
    end if;
    return v_pfx || '_' || v_table::text;
end;
$$ language plpgsql;
