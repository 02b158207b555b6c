create or replace function pgq.get_batch_cursor(
    in i_batch_id bigint,
    in i_cursor_name text,
    in i_quick_limit int4,
    in i_extra_where text,
    out ev_id bigint,
    out ev_time timestamptz,
    out ev_txid bigint,
    out ev_retry int4,
    out ev_type text,
    out ev_data text,
    out ev_extra1 text,
    out ev_extra2 text,
    out ev_extra3 text,
    out ev_extra4 text)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: pgq.get_batch_cursor(4)
--
--      Opens a cursor over the events of an open batch and returns its
--      first i_quick_limit events. When fewer come back, that was the whole
--      batch; otherwise the caller FETCHes the rest from the cursor. The
--      cursor lives until the caller closes it or the transaction ends.
--
-- Parameters:
--      i_batch_id      - id of an open batch
--      i_cursor_name   - name for the cursor
--      i_quick_limit   - how many events to return right away
--      i_extra_where   - an extra condition on the events (SQL), or NULL
--
-- Returns:
--      the first events
-- Calls:
--      pgq.batch_event_sql(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_sql   text;
begin
    v_sql := pgq.batch_event_sql(i_batch_id);
    if i_extra_where is not null then
        v_sql := 'select * from (' || v_sql || ') ev where ' || i_extra_where || ' order by 1';
    end if;
    execute 'declare ' || quote_ident(i_cursor_name) || ' no scroll cursor for ' || v_sql;
    if i_quick_limit is not null and i_quick_limit > 0 then
        return query execute 'fetch ' || i_quick_limit::text || ' from ' || quote_ident(i_cursor_name);
    end if;
    return;
end;
$$ language plpgsql;

create or replace function pgq.get_batch_cursor(
    in i_batch_id bigint,
    in i_cursor_name text,
    in i_quick_limit int4,
    out ev_id bigint,
    out ev_time timestamptz,
    out ev_txid bigint,
    out ev_retry int4,
    out ev_type text,
    out ev_data text,
    out ev_extra1 text,
    out ev_extra2 text,
    out ev_extra3 text,
    out ev_extra4 text)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: pgq.get_batch_cursor(3)
--
--      As pgq.get_batch_cursor(4), without an extra condition.
--
-- Parameters:
--      i_batch_id      - id of an open batch
--      i_cursor_name   - name for the cursor
--      i_quick_limit   - how many events to return right away
--
-- Returns:
--      the first events
-- Calls:
--      pgq.get_batch_cursor(4)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select * from pgq.get_batch_cursor($1, $2, $3, null);
$$ language sql;
