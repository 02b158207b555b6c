create or replace function londiste.create_trigger(
    in i_queue_name     text,
    in i_table_name     text,
    in i_trg_args       text[],
    in i_dest_table     text,
    in i_node_type      text,
    out ret_code        int4,
    out ret_note        text,
    out trigger_name    text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.create_trigger(5)
--
--      Creates, or replaces when its arguments changed, the capture
--      triggers of a table for a queue: the row trigger
--      _londiste_<queue> (zzz__londiste_<queue> for a SKIP trigger) and
--      the statement trigger _londiste_<queue>_truncate (pgq.sqltriga).
--      On a leaf both get the argument deny, so that only replay (under
--      session_replication_role = replica) may write the table.
--
--      Where the row trigger is a plain pgq.logutriga one (flags L, all
--      of I/U/D, AFTER, or BEFORE with SKIP) and londiste4j's pgq is
--      installed, it is made by pgq.create_capture_trigger: a function
--      generated for the table, writing the same events faster (it
--      falls back to pgq.logutriga by itself when it cannot).
--
--      A partitioned table (10+) is captured whole under its own name:
--      its events carry the parent's name in ev_extra1 (the argument
--      ev_extra1='schema.table'), whatever partition the row is in. On
--      11+ the row trigger is on the parent (PostgreSQL puts it on every
--      partition, current and future); 10 has no row triggers on a
--      partitioned table, so each leaf partition there gets its own,
--      made again by every call (call it after attaching a partition:
--      londiste4j's add-table of the parent does). The TRUNCATE trigger
--      is on the parent: a TRUNCATE of one partition is not captured.
--
-- Parameters:
--      i_queue_name - queue name
--      i_table_name - schema-qualified table name in the set
--      i_trg_args   - trigger arguments as for pgq.logutriga, and:
--                       tgflags=X     - creation flags, see below
--                       SKIP          - a SKIP trigger (same as S)
--                       no_triggers, virtual_table - create none
--                       expect_sync, skip_truncate, merge_all,
--                       no_merge      - ignored (local_add_table's)
--      i_dest_table - schema-qualified local table to put them on
--      i_node_type  - root, branch or leaf
--
-- Trigger creation flags (default AIUDL):
--      I, U, D - on INSERT, UPDATE, DELETE
--      Q, L, J - pgq.sqltriga, pgq.logutriga, pgq.jsontriga
--      B, A    - BEFORE, AFTER
--      S       - SKIP
--
-- Returns:
--      200 - OK
--      201 - Trigger not created
--      403 - AFTER trigger cannot work with SKIP trigger(s)
--      405 - Multiple SKIP triggers
--      trigger_name - name of the row trigger (NULL when none made)
-- Calls:
--      londiste.find_table_oid(1), londiste.quote_fqname(1),
--      pgq.create_capture_trigger(5), londiste.is_replica_func(1)
-- Tables directly manipulated:
--      none (creates and drops triggers)
-- ----------------------------------------------------------------------
declare
    v_args      text[] := '{}';     -- trigger arguments after the queue name
    v_extra     text[] := '{}';     -- deny on a leaf
    v_flags     text := '';
    v_skip      boolean := false;
    v_none      boolean := false;
    v_extra1    boolean := false;
    v_func      text := 'pgq.logutriga';
    v_when      text := 'after';
    v_events    text[] := '{}';
    v_name      text;
    v_trunc     text;
    v_oid       oid;
    v_skips     int4;
    v_skip_name text;
    v_all       text[];
    v_type      int2;
    v_capture   boolean;
    v_have      record;
    v_same      boolean;
    v_rels      oid[];
    v_rel       oid;
    v_partd     boolean;
    a           text;
begin
    foreach a in array coalesce(i_trg_args, '{}') loop
        if a like 'tgflags=%' then
            v_flags := v_flags || upper(substr(a, 9));
        elsif a in ('no_triggers', 'virtual_table') then
            v_none := true;
        elsif lower(a) = 'skip' then
            v_skip := true;
        elsif a in ('expect_sync', 'skip_truncate', 'merge_all', 'no_merge') then
            null;   -- local_add_table's options, not trigger arguments
        else
            if a like 'ev_extra1=%' then
                v_extra1 := true;
            end if;
            v_args := v_args || a;
        end if;
    end loop;

    if v_none then
        select 201, 'Trigger not created' into ret_code, ret_note;
        return;
    end if;

    v_oid := londiste.find_table_oid(i_dest_table);
    v_partd := exists (select 1 from pg_catalog.pg_class c where c.oid = v_oid and c.relkind = 'p');

    -- a table replicated under another name, or a partitioned one (a row trigger fires on the partition,
    -- which would name itself), still sends events named as in the set
    if (i_dest_table <> i_table_name or v_partd) and not v_extra1 then
        v_args := v_args || ('ev_extra1=' || quote_literal(i_table_name));
    end if;

    -- the relations that carry the row trigger: the table itself, or the leaf partitions on PostgreSQL 10
    if v_partd and current_setting('server_version_num')::int < 110000 then
        with recursive parts(oid, kind) as (
            select h.inhrelid, c.relkind from pg_catalog.pg_inherits h
              join pg_catalog.pg_class c on c.oid = h.inhrelid where h.inhparent = v_oid
            union all
            select h.inhrelid, c.relkind from parts p join pg_catalog.pg_inherits h on h.inhparent = p.oid
              join pg_catalog.pg_class c on c.oid = h.inhrelid
        )
        select coalesce(array_agg(p.oid order by p.oid), '{}') into v_rels from parts p where p.kind = 'r';
    else
        v_rels := array[v_oid];
    end if;

    if strpos(v_flags, 'B') > 0 then
        v_when := 'before';
    end if;
    if strpos(v_flags, 'A') > 0 then
        v_when := 'after';
    end if;
    if strpos(v_flags, 'Q') > 0 then
        v_func := 'pgq.sqltriga';
    end if;
    if strpos(v_flags, 'L') > 0 then
        v_func := 'pgq.logutriga';
    end if;
    if strpos(v_flags, 'J') > 0 then
        v_func := 'pgq.jsontriga';
    end if;
    if strpos(v_flags, 'I') > 0 then
        v_events := v_events || 'insert'::text;
    end if;
    if strpos(v_flags, 'U') > 0 then
        v_events := v_events || 'update'::text;
    end if;
    if strpos(v_flags, 'D') > 0 then
        v_events := v_events || 'delete'::text;
    end if;
    if v_events = '{}' then
        v_events := array['insert', 'update', 'delete'];
    end if;
    if strpos(v_flags, 'S') > 0 then
        v_skip := true;
    end if;

    if i_node_type = 'leaf' then
        -- a leaf may lack the trigger functions (a database that only receives)
        if not exists (select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                        where n.nspname = 'pgq' and p.proname in ('logutriga', 'sqltriga', 'jsontriga')) then
            select 201, 'Trigger not created' into ret_code, ret_note;
            return;
        end if;
        v_extra := array['deny'];
    end if;

    v_name := '_londiste_' || i_queue_name;

    -- a BEFORE trigger with SKIP stops the row: an AFTER trigger behind it would never fire
    if v_skip or v_when = 'after' then
        select count(*), min(t.tgname::text) into v_skips, v_skip_name
          from pg_catalog.pg_trigger t
         where t.tgrelid = v_rels[1] and position(decode('00534b495000', 'hex') in t.tgargs) > 0;
        if v_when = 'after' and v_skips > 0 then
            select 403, 'AFTER trigger cannot work with SKIP trigger(s)' into ret_code, ret_note;
            return;
        end if;
    end if;
    if v_skip then
        if v_skips = 0 then
            -- the zzz_ prefix makes it fire last among the BEFORE triggers
            v_name := 'zzz_' || v_name;
            v_args := v_args || 'SKIP'::text;
        elsif v_skips = 1 then
            -- one SKIP trigger is there already: it keeps stopping the row, but must fire last
            if position('zzz_' in v_skip_name) <> 1 then
                execute 'alter trigger ' || quote_ident(v_skip_name) || ' on ' || v_rels[1]::regclass::text
                    || ' rename to ' || quote_ident('zzz_' || v_skip_name);
            end if;
        else
            select 405, 'Multiple SKIP triggers' into ret_code, ret_note;
            return;
        end if;
    end if;

    v_all := array[i_queue_name] || v_args || v_extra;
    v_type := 1   -- row
        + case when v_when = 'before' then 2 else 0 end
        + case when 'insert' = any (v_events) then 4 else 0 end
        + case when 'delete' = any (v_events) then 8 else 0 end
        + case when 'update' = any (v_events) then 16 else 0 end;
    v_capture := v_func = 'pgq.logutriga' and v_type in (29, 31)
        and (v_when = 'before') = ('SKIP' = any (v_args))
        and pg_catalog.to_regprocedure('pgq.create_capture_trigger(regclass,text,text,text[],boolean)') is not null;

    foreach v_rel in array v_rels loop
        -- keep an existing row trigger only when it already is what would be made
        v_same := false;
        select t.tgargs, t.tgtype, p.proname::text as fname into v_have
          from pg_catalog.pg_trigger t
          join pg_catalog.pg_proc p on p.oid = t.tgfoid
         where t.tgrelid = v_rel and t.tgname = v_name;
        if found then
            v_same := v_have.tgtype = v_type
                and v_have.tgargs = (select string_agg(convert_to(x, pg_catalog.getdatabaseencoding())
                                                       || decode('00', 'hex'), ''::bytea order by n)
                                       from unnest(v_all) with ordinality as u(x, n))
                and (v_have.fname = substr(v_func, 5) or (v_capture and v_have.fname like '\_cap\_%'));
            if not v_same then
                execute 'drop trigger ' || quote_ident(v_name) || ' on ' || v_rel::regclass::text;
            end if;
        end if;
        if not v_same then
            if v_capture then
                perform pgq.create_capture_trigger(v_rel::regclass, v_name, i_queue_name, v_args || v_extra, false);
            else
                execute 'create trigger ' || quote_ident(v_name) || ' ' || v_when || ' '
                    || array_to_string(v_events, ' or ') || ' on ' || v_rel::regclass::text
                    || ' for each row execute procedure ' || v_func || '('
                    || (select string_agg(quote_literal(x), ', ' order by n)
                          from unnest(v_all) with ordinality as u(x, n))
                    || ')';
            end if;
        end if;
    end loop;

    v_trunc := '_londiste_' || i_queue_name || '_truncate';
    if not exists (select 1 from pg_catalog.pg_trigger t where t.tgrelid = v_oid and t.tgname = v_trunc) then
        execute 'create trigger ' || quote_ident(v_trunc) || ' after truncate on '
            || londiste.quote_fqname(i_dest_table) || ' for each statement execute procedure pgq.sqltriga('
            || (select string_agg(quote_literal(x), ', ' order by n)
                  from unnest(array[i_queue_name] || v_extra) with ordinality as u(x, n))
            || ')';
    end if;

    select 200, 'OK', v_name into ret_code, ret_note, trigger_name;
    return;
end;
$$ language plpgsql;
