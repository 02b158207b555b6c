create or replace function pgq.create_capture_trigger(i_table regclass, i_trigger_name text, i_queue text,
        i_args text[] default '{}', i_truncate boolean default false)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: pgq.create_capture_trigger(5)
--
--      Creates a row trigger that puts the table's changes into a queue
--      exactly as pgq.logutriga(i_queue, i_args...) would, through a
--      trigger function generated for this table and these arguments
--      (pgq._capture_generate): AFTER INSERT OR UPDATE OR DELETE, or
--      BEFORE with SKIP. The function is kept in step with the table by
--      the event triggers pgq_capture_ddl/pgq_capture_drop (regenerated
--      in the transaction of every DDL on the table, dropped with the
--      trigger or table).
--
--      Falls back to a trigger on pgq.logutriga with the same arguments
--      (and says so in a NOTICE) when the arguments hold something not
--      generated (when=, ev_*=, an unknown one), the table has a magic
--      _pgq_ev_* column, or the event triggers are missing and the caller
--      is no superuser (without them a generated function could go stale).
--
-- Parameters:
--      i_table        - table to capture
--      i_trigger_name - name of the row trigger
--      i_queue        - queue name
--      i_args         - further arguments as for pgq.logutriga: SKIP,
--                       ignore=c1,c2, pkey=c1,c2, backup, deny, ...
--      i_truncate     - also create the statement trigger
--                       <i_trigger_name>_truncate on pgq.logutriga
--                       (queue, and deny when given)
--
-- Returns:
--      the trigger function used: pgq._cap_<table oid>_<hash> or
--      pgq.logutriga
-- Calls:
--      pgq._capture_generate(4), pgq._capture_register(4),
--      pgq._capture_event_triggers(0)
-- Tables directly manipulated:
--      none (creates triggers; registers through pgq._capture_register)
-- ----------------------------------------------------------------------
declare
    v_args  text[] := coalesce(i_args, '{}');
    v_list  text;
    v_fn    text;
    v_why   text;
    v_tgoid oid;
begin
    select string_agg(quote_literal(a), ', ' order by n) into v_list
      from unnest(array[i_queue] || v_args) with ordinality as x(a, n);
    if (select count(*) from pg_catalog.pg_event_trigger
         where evtname in ('pgq_capture_ddl', 'pgq_capture_drop') and evtenabled = 'A') < 2 then
        if (select rolsuper from pg_catalog.pg_roles where rolname = current_user) then
            perform pgq._capture_event_triggers();
        else
            v_why := 'the event triggers pgq_capture_ddl and pgq_capture_drop are missing or disabled'
                || ' and only a superuser may create them';
        end if;
    end if;
    if v_why is null then
        v_fn := 'pgq._cap_' || i_table::oid::text || '_' || substr(md5(i_trigger_name), 1, 8);
        if not pgq._capture_generate(v_fn, i_table::oid, i_queue, v_args) then
            v_why := 'its arguments or its table need the generic trigger';
            v_fn := null;
        end if;
    end if;
    if v_why is not null then
        raise notice 'pgq.create_capture_trigger: trigger % on % uses pgq.logutriga: %', i_trigger_name, i_table, v_why;
    end if;
    execute 'create trigger ' || quote_ident(i_trigger_name)
        || case when 'SKIP' = any (v_args) then ' before' else ' after' end
        || ' insert or update or delete on ' || i_table::text || ' for each row execute procedure '
        || coalesce(v_fn, 'pgq.logutriga') || '(' || v_list || ')';
    if v_fn is not null then
        select t.oid into v_tgoid from pg_catalog.pg_trigger t
         where t.tgrelid = i_table and t.tgname = i_trigger_name;
        perform pgq._capture_register(v_tgoid, v_fn, i_queue, v_args);
    end if;
    if i_truncate then
        execute 'create trigger ' || quote_ident(i_trigger_name || '_truncate') || ' after truncate on '
            || i_table::text || ' for each statement execute procedure pgq.logutriga(' || quote_literal(i_queue)
            || case when 'deny' = any (v_args) then ', ''deny''' else '' end || ')';
    end if;
    return coalesce(v_fn, 'pgq.logutriga');
end;
$$ language plpgsql;
