create or replace function pgq.create_queue(i_queue_name text)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.create_queue(1)
--
--      Creates a queue: its row in pgq.queue, its event and tick sequences,
--      the parent event table pgq.event_<id> (inheriting pgq.event_template)
--      and its queue_ntables children pgq.event_<id>_0 .. _<n-1>, each with an
--      index on ev_txid; then rebuilds the insert dispatcher and records the
--      first tick, so consumers can register at once. Capture functions
--      generated for a queue of the same name (dropped, now recreated) are
--      rewritten for the new event tables.
--
-- Parameters:
--      i_queue_name    - name of the new queue
--
-- Returns:
--      1 if created, 0 if a queue of that name exists already
-- Calls:
--      pgq._rebuild_insert_dispatch(0), pgq.tune_storage(1), pgq.grant_perms(1), pgq.ticker(1),
--      pgq._capture_generate(4), pgq._insert_view(1)
-- Tables directly manipulated:
--      insert - pgq.queue
-- ----------------------------------------------------------------------
declare
    v_id        int4;
    v_pfx       text;
    v_n         int4;
    i           int4;
begin
    if coalesce(i_queue_name, '') = '' then
        raise exception 'create_queue: queue name must not be empty';
    end if;
    -- one queue DDL at a time: the insert dispatcher is rebuilt from the committed queue list
    perform pg_advisory_xact_lock(hashtext('pgq queue ddl'));
    if exists (select 1 from pgq.queue where queue_name = i_queue_name) then
        return 0;
    end if;

    v_id := nextval('pgq.queue_queue_id_seq');
    v_pfx := 'pgq.event_' || v_id::text;
    insert into pgq.queue (queue_id, queue_name, queue_data_pfx, queue_event_seq, queue_tick_seq)
        values (v_id, i_queue_name, v_pfx, v_pfx || '_id_seq', v_pfx || '_tick_seq');
    select queue_ntables into v_n from pgq.queue where queue_id = v_id;

    execute 'create sequence ' || v_pfx || '_id_seq';
    execute 'create sequence ' || v_pfx || '_tick_seq';
    execute 'create table ' || v_pfx || ' () inherits (pgq.event_template)';
    for i in 0 .. v_n - 1 loop
        execute 'create table ' || v_pfx || '_' || i::text || ' () inherits (' || v_pfx || ')';
        execute 'create index event_' || v_id::text || '_' || i::text || '_txid_idx on '
            || v_pfx || '_' || i::text || ' (ev_txid)';
    end loop;

    perform pgq.tune_storage(i_queue_name);
    perform pgq.grant_perms(i_queue_name);
    perform pgq._rebuild_insert_dispatch();
    perform pgq._insert_view(v_id);
    -- capture functions generated for a queue of this name (dropped and now recreated) write its event tables
    -- directly: rewrite them for the new tables (meanwhile they went through pgq.insert_event)
    perform pgq._capture_generate(cf.cf_function, cf.cf_table, cf.cf_queue, cf.cf_args)
       from pgq.capture_function cf
      where cf.cf_queue = i_queue_name
        and exists (select 1 from pg_catalog.pg_class c where c.oid = cf.cf_table);
    perform pgq.ticker(i_queue_name);
    return 1;
end;
$$ language plpgsql security definer;
