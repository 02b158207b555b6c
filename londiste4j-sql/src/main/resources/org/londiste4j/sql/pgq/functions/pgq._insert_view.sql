create or replace function pgq._insert_view_closed()
returns trigger as $$
-- ----------------------------------------------------------------------
-- Function: pgq._insert_view_closed(0)
--
--      INSTEAD OF INSERT trigger of a queue's insert view while the queue
--      is closed to plain inserts (queue_disable_insert, or a
--      queue_per_tx_limit): the event goes through pgq.insert_event, which
--      applies those rules (refuses it, or counts it) with its usual
--      messages. The view's other state, open, needs no trigger.
--
-- Parameters:
--      TG_ARGV[0] - name of the queue
--
-- Returns:
--      NEW (the row counts as inserted when pgq.insert_event took it)
-- Calls:
--      pgq._capture_insert_event(7)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
begin
    perform pgq._capture_insert_event(TG_ARGV[0], NEW.ev_type, NEW.ev_data,
                                      NEW.ev_extra1, NEW.ev_extra2, NEW.ev_extra3, NEW.ev_extra4);
    return NEW;
end;
$$ language plpgsql set search_path = pg_catalog, pg_temp;

create or replace function pgq._insert_view(i_queue_id int4)
returns void as $$
-- ----------------------------------------------------------------------
-- Function: pgq._insert_view(1)
--
--      Keeps a queue's insert view, <queue_data_pfx>_cur (pgq.event_1_cur),
--      in step with its pgq.queue row: a plain, auto-updatable view of the
--      current event table while the queue takes plain inserts, with an
--      INSTEAD OF trigger (pgq._insert_view_closed) while it is closed to
--      them or limited per transaction.
--
--      The generated capture functions insert into this view instead of
--      reading the queue row for every event (a table access that cost
--      them about a tenth of their time). It is as safe as reading the row:
--      changing the view takes its ACCESS EXCLUSIVE lock, so it waits for
--      the open transactions that have written events through it, and any
--      later insert takes the view's lock anew, which makes its session
--      see the change and replan the cached INSERT before it runs. So no
--      event goes to the old table after the change commits, as none did
--      after the queue row changed (the rotation bounds its wait for the
--      lock: pgq.maint_rotate_tables_step1).
--
--      Called by pgq.create_queue, pgq.upgrade_schema and
--      the trigger on pgq.queue (pgq._queue_state_changed), so that every
--      change of queue_cur_table, queue_disable_insert or
--      queue_per_tx_limit, by any path, moves the view in its transaction.
--
-- Parameters:
--      i_queue_id  - the queue's id
--
-- Returns:
--      nothing
-- Calls:
--      none
-- Tables directly manipulated:
--      create/replace - the view <queue_data_pfx>_cur and its trigger
-- ----------------------------------------------------------------------
declare
    q           record;
    v_view      text;
    v_tbl       regclass;
    v_closed    boolean;
    v_trigger   boolean;
begin
    select queue_name, queue_data_pfx, queue_cur_table, queue_disable_insert, queue_per_tx_limit into q
      from pgq.queue where queue_id = i_queue_id;
    if not found then
        return;                 -- a dropped queue: pgq.drop_queue drops its view
    end if;
    v_view := q.queue_data_pfx || '_cur';
    v_tbl := to_regclass(q.queue_data_pfx || '_' || q.queue_cur_table::text);
    if v_tbl is null then
        raise exception 'queue %: event table %_% is missing', q.queue_name, q.queue_data_pfx, q.queue_cur_table;
    end if;
    -- replaced only when it shows another table: each replacement waits for the view's writers
    if to_regclass(v_view) is null or not exists (
            select 1 from pg_depend d join pg_rewrite r on r.oid = d.objid
             where d.classid = 'pg_rewrite'::regclass and r.ev_class = to_regclass(v_view)
               and d.refclassid = 'pg_class'::regclass and d.refobjid = v_tbl) then
        execute 'create or replace view ' || v_view || ' as select * from ' || v_tbl::text;
    end if;
    v_closed := q.queue_disable_insert or q.queue_per_tx_limit is not null;
    v_trigger := exists (select 1 from pg_trigger where tgrelid = to_regclass(v_view) and tgname = 'insert_closed');
    if v_closed and not v_trigger then
        execute 'create trigger insert_closed instead of insert on ' || v_view
            || ' for each row execute procedure pgq._insert_view_closed(' || quote_literal(q.queue_name) || ')';
    elsif v_trigger and not v_closed then
        execute 'drop trigger insert_closed on ' || v_view;
    end if;
end;
$$ language plpgsql security definer set search_path = pg_catalog, pg_temp;

create or replace function pgq._queue_state_changed()
returns trigger as $$
-- ----------------------------------------------------------------------
-- Function: pgq._queue_state_changed(0)
--
--      AFTER UPDATE trigger of pgq.queue: a change of the current event
--      table, of queue_disable_insert or of queue_per_tx_limit (by a pgq
--      function or by hand) moves the queue's insert view with it.
--
-- Returns:
--      NULL
-- Calls:
--      pgq._insert_view(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
begin
    perform pgq._insert_view(NEW.queue_id);
    return null;
end;
$$ language plpgsql security definer set search_path = pg_catalog, pg_temp;
