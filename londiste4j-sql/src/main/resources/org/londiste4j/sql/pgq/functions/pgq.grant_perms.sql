create or replace function pgq.grant_perms(x_queue_name text)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.grant_perms(1)
--
--      Grants the pgq roles their rights on a queue's event tables and
--      sequences: pgq_reader may read, pgq_writer may also insert (bulk
--      producers using pgq.current_event_table()), pgq_admin may do
--      everything. Roles that do not exist are skipped. Grants made on
--      pgq.event_template are copied to the event tables too.
--
-- Parameters:
--      x_queue_name    - name of the queue
--
-- Returns:
--      number of grants made
-- Calls:
--      pgq._grant_perms_from(4)
-- Tables directly manipulated:
--      none (grants on the queue's event tables and sequences)
-- ----------------------------------------------------------------------
declare
    q       record;
    v_objs  text;
    v_seqs  text;
    v_count int4 := 0;
    i       int4;
begin
    select queue_data_pfx, queue_ntables, queue_event_seq, queue_tick_seq into q
        from pgq.queue where queue_name = x_queue_name;
    if not found then
        raise exception 'No such event queue: %', x_queue_name;
    end if;
    v_objs := pgq.quote_fqname(q.queue_data_pfx);
    for i in 0 .. q.queue_ntables - 1 loop
        v_objs := v_objs || ', ' || pgq.quote_fqname(q.queue_data_pfx || '_' || i::text);
    end loop;
    v_count := v_count + pgq._grant_perms_from('pgq', 'event_template', 'pgq', substr(q.queue_data_pfx, 5));
    for i in 0 .. q.queue_ntables - 1 loop
        v_count := v_count + pgq._grant_perms_from('pgq', 'event_template', 'pgq',
                                                   substr(q.queue_data_pfx, 5) || '_' || i::text);
    end loop;
    v_seqs := pgq.quote_fqname(q.queue_event_seq) || ', ' || pgq.quote_fqname(q.queue_tick_seq);

    if exists (select 1 from pg_catalog.pg_roles where rolname = 'pgq_reader') then
        execute 'grant select on ' || v_objs || ' to pgq_reader';
        execute 'grant select on ' || v_seqs || ' to pgq_reader';
        v_count := v_count + 2;
    end if;
    if exists (select 1 from pg_catalog.pg_roles where rolname = 'pgq_writer') then
        execute 'grant select, insert on ' || v_objs || ' to pgq_writer';
        execute 'grant select, usage, update on ' || v_seqs || ' to pgq_writer';
        v_count := v_count + 2;
    end if;
    if exists (select 1 from pg_catalog.pg_roles where rolname = 'pgq_admin') then
        execute 'grant all on ' || v_objs || ' to pgq_admin';
        execute 'grant all on ' || v_seqs || ' to pgq_admin';
        v_count := v_count + 2;
    end if;
    return v_count;
end;
$$ language plpgsql security definer;
