create or replace function pgq.set_queue_config(x_queue_name text, x_param_name text, x_param_value text)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.set_queue_config(3)
--
--      Sets one setting of a queue. The name may be given with or without
--      its 'queue_' prefix: ticker_max_count, ticker_max_lag,
--      ticker_idle_period, ticker_paused, rotation_period, external_ticker,
--      per_tx_limit, disable_insert. The value is cast to the column's type.
--
-- Parameters:
--      x_queue_name    - name of the queue
--      x_param_name    - name of the setting
--      x_param_value   - new value, as text
--
-- Returns:
--      1
-- Tables directly manipulated:
--      update - pgq.queue
-- ----------------------------------------------------------------------
declare
    v_col   text;
    v_type  text;
begin
    v_col := lower(x_param_name);
    if v_col not like 'queue\_%' then
        v_col := 'queue_' || v_col;
    end if;
    if v_col not in ('queue_ticker_max_count', 'queue_ticker_max_lag', 'queue_ticker_idle_period',
                     'queue_ticker_paused', 'queue_rotation_period', 'queue_external_ticker',
                     'queue_per_tx_limit', 'queue_disable_insert') then
        raise exception using message = 'set_queue_config: unknown queue setting ' || x_param_name
            || '; use one of ticker_max_count, ticker_max_lag, ticker_idle_period, ticker_paused,'
            || ' rotation_period, external_ticker, per_tx_limit, disable_insert';
    end if;
    perform 1 from pgq.queue where queue_name = x_queue_name;
    if not found then
        raise exception 'No such event queue: %', x_queue_name;
    end if;
    select format_type(a.atttypid, a.atttypmod) into v_type
        from pg_catalog.pg_attribute a
        where a.attrelid = 'pgq.queue'::regclass and a.attname = v_col;
    execute 'update pgq.queue set ' || quote_ident(v_col) || ' = cast($1 as ' || v_type || ')'
        || ' where queue_name = $2'
        using x_param_value, x_queue_name;
    return 1;
end;
$$ language plpgsql security definer;
