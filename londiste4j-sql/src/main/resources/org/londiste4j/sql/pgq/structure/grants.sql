-- pgq: roles and grants. Run last: it names the functions above.
-- pgq_reader consumes (batches, info), pgq_writer produces (insert_event), pgq_admin administers queues and
-- runs the ticker and maintenance (pgqd). The roles are created when the installing user may create roles;
-- otherwise the install goes on without them (a WARNING says so) and functions stay executable by PUBLIC.
-- Producing (insert_event) stays executable by PUBLIC in any case.

-- as the original: every role may look into the schema, so that a captured table's trigger (which calls
-- pgq.insert_event, executable by PUBLIC) works for the application's own user
grant usage on schema pgq to public;

do $roles$
declare
    v_may   boolean;
    r       text;
begin
    select rolsuper or rolcreaterole into v_may from pg_catalog.pg_roles where rolname = current_user;
    foreach r in array array['pgq_reader', 'pgq_writer', 'pgq_admin'] loop
        if not exists (select 1 from pg_catalog.pg_roles where rolname = r) then
            if v_may then
                execute 'create role ' || r;
            else
                -- a warning, not a notice: the install script runs with client_min_messages = warning
                raise warning using message = 'pgq: role ' || r || ' not created: ' || current_user
                    || ' may not create roles; ask a superuser to create it, then run pgq.grant_perms() for each queue';
            end if;
        end if;
    end loop;
end
$roles$;

do $grants$
declare
    v_reader    text[] := array[
        'pgq.next_batch(text, text)', 'pgq.next_batch_info(text, text)',
        'pgq.next_batch_custom(text, text, interval, integer, interval)',
        'pgq.get_batch_events(bigint)', 'pgq.get_batch_cursor(bigint, text, integer)',
        'pgq.get_batch_cursor(bigint, text, integer, text)', 'pgq.batch_event_sql(bigint)',
        'pgq.batch_event_tables(bigint)', 'pgq.get_batch_info(bigint)', 'pgq.finish_batch(bigint)',
        'pgq.event_retry(bigint, bigint, integer)', 'pgq.event_retry(bigint, bigint, timestamptz)',
        'pgq.batch_retry(bigint, integer)', 'pgq.register_consumer(text, text)',
        'pgq.register_consumer_at(text, text, bigint)', 'pgq.unregister_consumer(text, text)',
        'pgq.find_tick_helper(integer, bigint, timestamptz, bigint, bigint, interval)'];
    v_writer    text[] := array[
        'pgq.insert_event(text, text, text)', 'pgq.insert_event(text, text, text, text, text, text, text)',
        'pgq.current_event_table(text)'];
    v_admin     text[] := array[
        'pgq.create_queue(text)', 'pgq.drop_queue(text)', 'pgq.drop_queue(text, boolean)',
        'pgq.set_queue_config(text, text, text)',
        'pgq.insert_event_raw(text, bigint, timestamptz, integer, integer, text, text, text, text, text, text)',
        'pgq.event_retry_raw(text, text, timestamptz, bigint, timestamptz, integer, text, text, text, text, text,'
            || ' text)',
        'pgq.ticker()', 'pgq.ticker(text)', 'pgq.ticker(text, bigint, timestamptz, bigint)',
        'pgq.force_tick(text)', 'pgq.maint_retry_events()', 'pgq.maint_rotate_tables_step1(text)',
        'pgq.maint_rotate_tables_step2()', 'pgq.maint_operations()', 'pgq.tune_storage(text)',
        'pgq.grant_perms(text)', 'pgq._grant_perms_from(text, text, text, text)', 'pgq.upgrade_schema()',
        'pgq._rebuild_insert_dispatch()',
        'pgq.seq_setval(text, bigint)'];
    f           text;
    v_roles     boolean;
begin
    -- info functions stay open to everyone, as in the original
    v_roles := (select count(*) from pg_catalog.pg_roles
                 where rolname in ('pgq_reader', 'pgq_writer', 'pgq_admin')) = 3;
    if not v_roles then
        return;
    end if;
    execute 'grant usage on schema pgq to pgq_reader, pgq_writer, pgq_admin';
    execute 'grant select on pgq.queue, pgq.tick, pgq.consumer, pgq.subscription, pgq.event_template to pgq_reader';
    execute 'grant all on pgq.queue, pgq.tick, pgq.consumer, pgq.subscription, pgq.retry_queue,
             pgq.event_template, pgq.batch_id_seq to pgq_admin';
    foreach f in array v_reader loop
        execute 'revoke all on function ' || f || ' from public';
        execute 'grant execute on function ' || f || ' to pgq_reader, pgq_admin';
    end loop;
    -- producing stays open to PUBLIC too: a row trigger must never fail a user's write for want of a grant
    foreach f in array v_writer loop
        execute 'grant execute on function ' || f || ' to pgq_writer, pgq_admin';
    end loop;
    foreach f in array v_admin loop
        execute 'revoke all on function ' || f || ' from public';
        execute 'grant execute on function ' || f || ' to pgq_admin';
    end loop;
end
$grants$;
