create or replace function pgq.tune_storage(i_queue_name text)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.tune_storage(1)
--
--      Sets storage parameters of a queue's event tables: they are only
--      appended to and then truncated whole, so pages are filled completely
--      and autovacuum has nothing to do on them.
--
-- Parameters:
--      i_queue_name    - name of the queue
--
-- Returns:
--      number of tables changed
-- Tables directly manipulated:
--      alter - the queue's event tables
-- ----------------------------------------------------------------------
declare
    q       record;
    i       int4;
    v_tbl   text;
begin
    select queue_data_pfx, queue_ntables into q from pgq.queue where queue_name = i_queue_name;
    if not found then
        raise exception 'No such event queue: %', i_queue_name;
    end if;
    for i in 0 .. q.queue_ntables - 1 loop
        v_tbl := pgq.quote_fqname(q.queue_data_pfx || '_' || i::text);
        execute 'alter table ' || v_tbl
            || ' set (fillfactor = 100, autovacuum_enabled = off, toast.autovacuum_enabled = off)';
    end loop;
    return q.queue_ntables;
end;
$$ language plpgsql strict;
