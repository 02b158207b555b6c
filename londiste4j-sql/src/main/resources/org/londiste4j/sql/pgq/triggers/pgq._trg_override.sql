-- revision 1 took the row as anyelement: before PostgreSQL 11 a PL/pgSQL function keeps the row type it
-- was first called with, and misread rows after another session's ALTER COLUMN TYPE
drop function if exists pgq._trg_fields(text[], text[], text[], text[], anyelement);

create or replace function pgq._trg_fields(i_fields text[], i_args text[], i_meta text[], i_row text[],
                                           i_relid oid, i_rec text)
returns text[] as $$
-- ----------------------------------------------------------------------
-- Function: pgq._trg_fields(6)
--
--      Applies a capture trigger's field overrides to an event about to
--      be inserted, in the original's order: first the magic columns
--      (_pgq_ev_type, _pgq_ev_data, _pgq_ev_extra1..4: the row's value,
--      NULL included, replaces the field), then the ev_*= expressions,
--      then when=: false drops the event.
--
-- Parameters:
--      i_fields - {ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4}
--      i_args   - parsed trigger arguments (pgq._trg_args), or null
--      i_meta   - table metadata (pgq._trg_meta)
--      i_row    - column texts of the row (NEW, or OLD for a delete)
--      i_relid  - the table
--      i_rec    - the row's text form, for the expressions: read back into
--                 the table's row type as it is now, in the expression's
--                 own query, so a row type changed by DDL is never stale
--
-- Returns:
--      the fields, or null when when= said no
-- Calls:
--      pgq._trg_expr(2), pgq._trg_row(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_fields text[] := i_fields;
    v_n      int := i_meta[4]::int;
    v_name   text;
    v_expr   text;
    v_key    text;
    v_type   oid;
    v_text   text;
    v_cnt    bigint;
    i        int;
begin
    for i in 1 .. v_n loop
        if i_meta[6 + 4 * v_n + i] = 'm' then
            v_name := i_meta[6 + i];
            v_fields[case v_name when '_pgq_ev_type' then 1 when '_pgq_ev_data' then 2
                                 when '_pgq_ev_extra1' then 3 when '_pgq_ev_extra2' then 4
                                 when '_pgq_ev_extra3' then 5 when '_pgq_ev_extra4' then 6
                                 else null end] := i_row[i];
            if v_name not in ('_pgq_ev_type', '_pgq_ev_data', '_pgq_ev_extra1', '_pgq_ev_extra2',
                              '_pgq_ev_extra3', '_pgq_ev_extra4') then
                raise exception 'Unknown magic column: %', v_name;
            end if;
        end if;
    end loop;
    if i_args is null then
        return v_fields;
    end if;
    for i in 6 .. 12 loop
        continue when i_args[i] is null;
        -- the rewritten expression depends only on the text and the columns: kept per session
        v_key := 'pgq_l4j.x' || md5(i_meta[1] || '/' || i_args[i]);
        v_expr := nullif(current_setting(v_key, true), '');
        if v_expr is null then
            v_expr := pgq._trg_expr(i_args[i], i_meta[7 : 6 + v_n]);
            perform set_config(v_key, v_expr, false);
        end if;
        execute 'select pg_catalog.pg_typeof(x.c)::oid, x::text from (select '
                || replace(v_expr, '($1).', '(($1)::' || i_relid::regclass::text || ').') || ') as x(c)'
           into v_type, v_text using i_rec;
        get diagnostics v_cnt = row_count;
        if v_cnt <> 1 then
            raise exception 'Expect 1 row from override query, got %', v_cnt;
        end if;
        v_text := (pgq._trg_row(v_text))[1];
        if i = 12 then
            if v_type <> 16 then
                raise exception 'when= query result must be boolean, got=%', v_type;
            elsif v_text is null then
                raise exception 'when= should not be NULL';
            elsif v_text = 'f' then
                return null;
            end if;
        else
            v_fields[i - 5] := v_text;
        end if;
    end loop;
    return v_fields;
end;
$$ language plpgsql;
