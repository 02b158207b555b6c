create or replace function pgq.drop_queue(x_queue_name text, x_force bool)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.drop_queue(2)
--
--      Drops a queue: its event tables, sequences, ticks and retry events.
--      Refuses while consumers are registered, unless forced, in which case
--      they are unregistered first.
--
-- Parameters:
--      x_queue_name    - name of the queue
--      x_force         - unregister the consumers instead of refusing
--
-- Returns:
--      1
-- Calls:
--      pgq.unregister_consumer(2), pgq._rebuild_insert_dispatch(0),
--      pgq._capture_generate(4)
-- Tables directly manipulated:
--      delete - pgq.queue, pgq.tick, pgq.retry_queue
--      drop - the event tables, sequences and insert view
-- ----------------------------------------------------------------------
declare
    q       record;
    c       record;
begin
    perform pg_advisory_xact_lock(hashtext('pgq queue ddl'));
    select queue_id, queue_data_pfx, queue_event_seq, queue_tick_seq into q
        from pgq.queue where queue_name = x_queue_name for update;
    if not found then
        raise exception 'No such event queue: %', x_queue_name;
    end if;

    if exists (select 1 from pgq.subscription where sub_queue = q.queue_id) then
        if not coalesce(x_force, false) then
            raise exception using message = 'cannot drop queue, consumers still attached: ' || x_queue_name
                || '; unregister them or use pgq.drop_queue(queue, true)';
        end if;
        for c in select co_name from pgq.subscription, pgq.consumer
                  where sub_queue = q.queue_id and co_id = sub_consumer
        loop
            perform pgq.unregister_consumer(x_queue_name, c.co_name);
        end loop;
    end if;

    delete from pgq.retry_queue where ev_queue = q.queue_id;
    delete from pgq.tick where tick_queue = q.queue_id;
    delete from pgq.queue where queue_id = q.queue_id;
    perform pgq._rebuild_insert_dispatch();
    -- capture functions generated for it go through pgq.insert_event again (which refuses an unknown queue
    -- clearly), before their insert view goes
    perform pgq._capture_generate(cf.cf_function, cf.cf_table, cf.cf_queue, cf.cf_args)
       from pgq.capture_function cf
      where cf.cf_queue = x_queue_name
        and exists (select 1 from pg_catalog.pg_class t where t.oid = cf.cf_table);
    execute 'drop view if exists ' || pgq.quote_fqname(q.queue_data_pfx || '_cur');
    -- children first, then the parent: no cascade (and no NOTICE about it)
    for c in select inhrelid::regclass::text as child from pg_catalog.pg_inherits
              where inhparent = pgq.quote_fqname(q.queue_data_pfx)::regclass
    loop
        execute 'drop table ' || c.child;
    end loop;
    execute 'drop table ' || pgq.quote_fqname(q.queue_data_pfx);
    execute 'drop sequence ' || pgq.quote_fqname(q.queue_event_seq);
    execute 'drop sequence ' || pgq.quote_fqname(q.queue_tick_seq);
    return 1;
end;
$$ language plpgsql security definer;

create or replace function pgq.drop_queue(x_queue_name text)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.drop_queue(1)
--
--      Drops a queue that has no consumers registered.
--
-- Parameters:
--      x_queue_name    - name of the queue
--
-- Returns:
--      1
-- Calls:
--      pgq.drop_queue(2)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
begin
    return pgq.drop_queue(x_queue_name, false);
end;
$$ language plpgsql security definer;
