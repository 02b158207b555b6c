create or replace function pgq.batch_event_sql(x_batch_id bigint)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: pgq.batch_event_sql(1)
--
--      Builds the SELECT that returns the events of an open batch, ordered
--      by ev_id: the events of exactly the transactions that committed
--      between the batch's two ticks, i.e. visible in the end tick's
--      snapshot and not in the start tick's. Retried events (ev_owner set)
--      only for the subscription that retried them.
--
--      Range scan on ev_txid from the start snapshot's xmax to the end
--      snapshot's xmax; the transactions that were still running at the
--      start tick (below its xmax) and have ended since are listed by id
--      instead, so one long transaction does not make every batch scan
--      everything since it began. With very many of those (more than the
--      setting pgq.batch_txid_list_max, 1000 when unset), one wider range
--      scan is cheaper than the list.
--
-- Parameters:
--      x_batch_id      - id of an open batch
--
-- Returns:
--      SQL text (columns ev_id, ev_time, ev_txid, ev_retry, ev_type, ev_data, ev_extra1..4)
-- Calls:
--      pgq.batch_event_tables(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    b           record;
    v_ids       text;
    v_nids      int4;
    v_cond      text;
    v_sql       text := '';
    v_tbl       text;
    v_last_snap text;
    v_cur_snap  text;
    v_max       int4;
begin
    select s.sub_id, s.sub_queue, s.sub_last_tick, s.sub_next_tick,
           last.tick_snapshot as last_snap, cur.tick_snapshot as cur_snap
        into b
        from pgq.subscription s
        join pgq.tick last on last.tick_queue = s.sub_queue and last.tick_id = s.sub_last_tick
        join pgq.tick cur on cur.tick_queue = s.sub_queue and cur.tick_id = s.sub_next_tick
        where s.sub_batch = x_batch_id;
    if not found then
        raise exception 'batch not found: %', x_batch_id;
    end if;

    -- snapshots are read once per query (uncorrelated subqueries), not spelled out: they can be long
    v_last_snap := '(select tick_snapshot from pgq.tick where tick_queue = ' || b.sub_queue::text
        || ' and tick_id = ' || b.sub_last_tick::text || ')';
    v_cur_snap := '(select tick_snapshot from pgq.tick where tick_queue = ' || b.sub_queue::text
        || ' and tick_id = ' || b.sub_next_tick::text || ')';

    select string_agg(x::text, ',' order by x), count(*) into v_ids, v_nids
        from txid_snapshot_xip(b.last_snap) x
        where txid_visible_in_snapshot(x, b.cur_snap);

    v_max := coalesce(nullif(current_setting('pgq.batch_txid_list_max', true), '')::int4, 1000);
    if v_nids > v_max then
        v_cond := 'ev.ev_txid >= ' || txid_snapshot_xmin(b.last_snap)::text
            || ' and ev.ev_txid < ' || txid_snapshot_xmax(b.cur_snap)::text
            || ' and not txid_visible_in_snapshot(ev.ev_txid, ' || v_last_snap || ')';
    else
        v_cond := 'ev.ev_txid >= ' || txid_snapshot_xmax(b.last_snap)::text
            || ' and ev.ev_txid < ' || txid_snapshot_xmax(b.cur_snap)::text;
        if v_nids > 0 then
            v_cond := '(' || v_cond || ' or ev.ev_txid in (' || v_ids || '))';
        end if;
    end if;
    v_cond := v_cond || ' and txid_visible_in_snapshot(ev.ev_txid, ' || v_cur_snap || ')'
        || ' and (ev.ev_owner is null or ev.ev_owner = ' || b.sub_id::text || ')';

    for v_tbl in select t from pgq.batch_event_tables(x_batch_id) t loop
        if v_sql <> '' then
            v_sql := v_sql || ' union all ';
        end if;
        v_sql := v_sql || 'select ev.ev_id, ev.ev_time, ev.ev_txid, ev.ev_retry, ev.ev_type, ev.ev_data,'
            || ' ev.ev_extra1, ev.ev_extra2, ev.ev_extra3, ev.ev_extra4 from '
            || pgq.quote_fqname(v_tbl) || ' ev where ' || v_cond;
    end loop;
    if v_sql = '' then
        raise exception 'batch %: no event table to read', x_batch_id;
    end if;
    return v_sql || ' order by 1';
end;
$$ language plpgsql stable;
