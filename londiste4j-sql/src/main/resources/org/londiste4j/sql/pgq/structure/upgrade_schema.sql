create or replace function pgq.upgrade_schema()
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.upgrade_schema(0)
--
--      Converges an installed pgq schema to this revision: each change is
--      made only when the catalogs show it is missing, so it can run any
--      number of times. Run by the install script after the functions.
--      Today: columns the first revisions did not have, the ev_txid index
--      of every event table, the trigger on pgq.queue that keeps each
--      queue's insert view (pgq._insert_view) and those views, and the
--      insert dispatcher (rebuilt always: its generated text may change
--      between revisions).
--
-- Returns:
--      number of changes made (the dispatcher rebuild not counted)
-- Tables directly manipulated:
--      alter - pgq.queue, the event tables
-- ----------------------------------------------------------------------
declare
    v_fixes     int4 := 0;
    q           record;
    i           int4;
    v_tbl       text;
begin
    if not exists (select 1 from pg_catalog.pg_attribute
                    where attrelid = 'pgq.queue'::regclass and attname = 'queue_per_tx_limit' and not attisdropped) then
        alter table pgq.queue add column queue_per_tx_limit integer;
        v_fixes := v_fixes + 1;
    end if;
    if not exists (select 1 from pg_catalog.pg_attribute
                    where attrelid = 'pgq.queue'::regclass and attname = 'queue_extra_maint' and not attisdropped) then
        alter table pgq.queue add column queue_extra_maint text[];
        v_fixes := v_fixes + 1;
    end if;

    for q in select queue_id, queue_data_pfx, queue_ntables from pgq.queue order by queue_id loop
        for i in 0 .. q.queue_ntables - 1 loop
            v_tbl := q.queue_data_pfx || '_' || i::text;
            if to_regclass(v_tbl) is not null and not exists (
                    select 1 from pg_catalog.pg_index x
                      join pg_catalog.pg_attribute a on a.attrelid = x.indrelid and a.attnum = x.indkey[0]
                     where x.indrelid = to_regclass(v_tbl) and a.attname = 'ev_txid') then
                execute 'create index event_' || q.queue_id::text || '_' || i::text || '_txid_idx on '
                    || pgq.quote_fqname(v_tbl) || ' (ev_txid)';
                v_fixes := v_fixes + 1;
            end if;
        end loop;
    end loop;

    -- every queue's insert view, and the trigger that keeps it in step with the queue's row
    if not exists (select 1 from pg_catalog.pg_trigger
                    where tgrelid = 'pgq.queue'::regclass and tgname = 'queue_state_changed') then
        create trigger queue_state_changed after update on pgq.queue for each row
            when (old.queue_cur_table is distinct from new.queue_cur_table
                  or old.queue_disable_insert is distinct from new.queue_disable_insert
                  or old.queue_per_tx_limit is distinct from new.queue_per_tx_limit)
            execute procedure pgq._queue_state_changed();
        v_fixes := v_fixes + 1;
    end if;
    for q in select queue_id from pgq.queue order by queue_id loop
        perform pgq._insert_view(q.queue_id);
    end loop;
    perform pgq._rebuild_insert_dispatch();
    return v_fixes;
end;
$$ language plpgsql;

-- run it now (in a DO block: a DBA applying the script with psql sees no stray result row)
do $upgrade$
begin
    perform pgq.upgrade_schema();
end
$upgrade$;
