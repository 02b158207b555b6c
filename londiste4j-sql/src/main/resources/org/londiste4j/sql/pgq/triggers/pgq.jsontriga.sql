create or replace function pgq.jsontriga()
returns trigger as $$
-- ----------------------------------------------------------------------
-- Function: pgq.jsontriga()
--
--      Trigger function that puts row changes into a queue as JSON, the
--      format of the original's jsontriga (pgq 3.5). Same arguments as
--      pgq.logutriga; PL/pgSQL.
--
--      Event: ev_type = {"op":"INSERT"|"UPDATE"|"DELETE"|"TRUNCATE",
--      "table":["schema","table"],"pkey":["k1",..]}; ev_data = the row as
--      a JSON object ('{}' for TRUNCATE): int2/int4/int8 as numbers, bool
--      as true/false, timestamp, timestamptz and date as JSON strings in
--      ISO 8601 form, every other type as the JSON string of its text
--      form; ev_extra1 = schema.table (unquoted); ev_extra2 = the old row
--      with 'backup'.
--
--      The row's values are rendered as text under fixed settings (the
--      function's SET clause), so that any subscriber parses them back to
--      the same values whatever the writer's session had: DateStyle ISO
--      (SQL or German dates are ambiguous or unreadable elsewhere),
--      IntervalStyle postgres (sql_standard signs mean something else to
--      a postgres-style reader) and extra_float_digits 3 (before 12 the
--      default 0 rounds floats to 15 digits: lossy).
--
-- Parameters:
--      arg1 - queue name; further arguments as pgq.logutriga
--
-- Returns:
--      NULL for AFTER triggers and SKIP, else the row
-- Calls:
--      pgq.insert_event(7), pgq._trg_cached(3), pgq._trg_args(2), pgq._trg_row(1),
--      pgq._trg_fields(6), pgq._strlist_contains(2), pgq._trg_json_row(3)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_meta    text[];
    v_args    text[];
    v_n       int;
    v_text    text;
    v_new     text[];
    v_old     text[];
    v_pk      text;
    v_pkf     text[];
    v_skipf   text[];
    v_data    text;
    v_backup  text;
    v_sep     text;
    v_eq      boolean;
    v_ignored int := 0;
    v_fields  text[];
    v_type    text;
    i         int;
begin
    -- NOTE: this prologue (role, arguments, table metadata, key and ignored columns, row split) is the same
    -- in pgq.logutriga and sqltriga: kept inline, as a helper call would cost every captured row a PL/pgSQL
    -- frame; change all three together
    -- as the original: the 'local' role disables capture, and nothing else is checked then
    if current_setting('session_replication_role') = 'local' then
        if TG_WHEN = 'AFTER' or TG_LEVEL = 'STATEMENT' then
            return null;
        elsif TG_OP = 'DELETE' then
            return OLD;
        end if;
        return NEW;
    end if;
    if TG_LEVEL <> 'ROW' and TG_OP <> 'TRUNCATE' then
        raise exception 'pgq Ins/Upd/Del trigger must be fired FOR EACH ROW';
    elsif TG_NARGS < 1 then
        raise exception 'pgq trigger must have destination queue as argument';
    end if;

    -- table metadata, kept per session (pgq._trg_meta); see pgq._trg_cached for when it is checked
    v_meta := nullif(current_setting('pgq_l4j.m' || TG_RELID, true), '')::text[];
    if v_meta is null or v_meta[2] <> TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME
            or current_setting('pgq_l4j.t' || TG_RELID, true) is distinct from txid_current()::text then
        v_meta := pgq._trg_cached(TG_RELID, v_meta, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
    end if;
    v_n := v_meta[4]::int;

    if TG_NARGS > 1 then
        v_args := pgq._trg_args(TG_ARGV, TG_OP);
        v_pk := coalesce(v_args[3], v_meta[3]);
        if TG_OP in ('UPDATE', 'DELETE') and v_pk = '' then
            raise exception 'Update/Delete on table without pkey';
        elsif v_args[1] is not null and TG_WHEN = 'AFTER' then
            raise exception 'SKIP does not work in AFTER trigger.';
        elsif v_args[5] is not null then
            raise exception 'Table ''%'' to queue ''%'': change not allowed (%)', v_meta[2], TG_ARGV[0], TG_OP;
        end if;
    else
        v_pk := v_meta[3];
        if v_pk = '' and TG_OP in ('UPDATE', 'DELETE') then
            raise exception 'Update/Delete on table without pkey';
        end if;
    end if;

    if TG_OP = 'TRUNCATE' then
        v_fields := array['{"op":"TRUNCATE"' || v_meta[5] || '}', '{}', v_meta[2], null, null, null];
        if v_args is not null then
            v_fields := pgq._trg_fields(v_fields, v_args, v_meta, null, TG_RELID, null);
        end if;
        if v_fields is not null then
            perform pgq.insert_event(TG_ARGV[0], v_fields[1], v_fields[2], v_fields[3], v_fields[4],
                                     v_fields[5], v_fields[6]);
        end if;
        return null;
    end if;

    -- per-column flags: primary key, left out of the data
    v_pkf := v_meta[7 + 5 * v_n : 6 + 6 * v_n];
    v_skipf := v_meta[7 + 4 * v_n : 6 + 5 * v_n];
    if v_args is not null and (v_args[3] is not null or v_args[2] is not null) then
        for i in 1 .. v_n loop
            if v_args[3] is not null then
                v_pkf[i] := case when v_skipf[i] <> 'm' and pgq._strlist_contains(v_pk, v_meta[6 + i])
                                 then 'k' else '-' end;
            end if;
            if v_args[2] is not null and pgq._strlist_contains(v_args[2], v_meta[6 + i]) then
                v_skipf[i] := 'm';
            end if;
        end loop;
    end if;

    if TG_OP = 'DELETE' then
        v_text := OLD::text;
    else
        v_text := NEW::text;
    end if;
    if strpos(v_text, '"') = 0 then
        v_new := string_to_array(substr(v_text, 2, length(v_text) - 2) || ',', ',', '');
    else
        v_new := pgq._trg_row(v_text);
    end if;

    if TG_OP = 'UPDATE' then
        v_text := OLD::text;
        if strpos(v_text, '"') = 0 then
            v_old := string_to_array(substr(v_text, 2, length(v_text) - 2) || ',', ',', '');
        else
            v_old := pgq._trg_row(v_text);
        end if;
    end if;

    if TG_OP = 'UPDATE' then
        -- the original's rule: a key change is an error; a change of only ignored columns logs nothing
        for i in 1 .. v_n loop
            continue when v_pkf[i] <> 'k' and v_args[2] is null;
            continue when v_old[i] is null and v_new[i] is null;
            if v_old[i] is not null and v_new[i] is not null then
                continue when v_old[i] = v_new[i];
                if v_meta[6 + 4 * v_n + i] = 'o' then
                    execute 'select ($1).' || quote_ident(v_meta[6 + i]) || ' = ($2).' || quote_ident(v_meta[6 + i])
                       into v_eq using OLD, NEW;
                    continue when v_eq;
                end if;
            end if;
            if v_pkf[i] = 'k' then
                raise exception 'primary key update not allowed';
            elsif v_skipf[i] = 'm' then
                v_ignored := v_ignored + 1;
                continue;
            end if;
            v_ignored := 0;
            exit;
        end loop;
        if v_ignored > 0 then
            if TG_WHEN = 'AFTER' or v_args[1] is not null then
                return null;
            end if;
            return NEW;
        end if;
    end if;

    v_data := pgq._trg_json_row(v_meta, v_skipf, v_new);
    if TG_OP = 'UPDATE' and v_args[4] is not null then
        v_backup := pgq._trg_json_row(v_meta, v_skipf, v_old);
    end if;
    if v_args[3] is not null then
        v_type := '{"op":"' || case TG_OP when 'INSERT' then 'INSERT' when 'UPDATE' then 'UPDATE' else 'DELETE' end
                  || '"' || split_part(v_meta[5], '"pkey":', 1) || '"pkey":['
                  || array_to_string(array(select to_json(k)::text from unnest(string_to_array(v_pk, ',')) as k), ',')
                  || ']}';
    else
        v_type := '{"op":"' || TG_OP || '"' || v_meta[5] || '}';
    end if;

    if v_args is null and v_meta[6] <> 'm' then
        perform pgq.insert_event(TG_ARGV[0], v_type, v_data, v_meta[2], v_backup, null, null);
    else
        v_fields := array[v_type, v_data, v_meta[2], v_backup, null, null];
        if TG_OP = 'DELETE' then
            v_fields := pgq._trg_fields(v_fields, v_args, v_meta, v_new, TG_RELID, OLD::text);
        else
            v_fields := pgq._trg_fields(v_fields, v_args, v_meta, v_new, TG_RELID, NEW::text);
        end if;
        if v_fields is not null then
            perform pgq.insert_event(TG_ARGV[0], v_fields[1], v_fields[2], v_fields[3], v_fields[4],
                                     v_fields[5], v_fields[6]);
        end if;
    end if;

    if TG_WHEN = 'AFTER' or v_args[1] is not null then
        return null;
    elsif TG_OP = 'DELETE' then
        return OLD;
    end if;
    return NEW;
end;
$$ language plpgsql set datestyle = iso set intervalstyle = postgres set extra_float_digits = 3;
