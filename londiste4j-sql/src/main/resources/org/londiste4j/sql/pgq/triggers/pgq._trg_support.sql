create or replace function pgq._strlist_contains(i_list text, i_name text)
returns boolean as $$
-- ----------------------------------------------------------------------
-- Function: pgq._strlist_contains(2)
--
--      True if i_name occurs in the comma-separated i_list as a whole
--      token, a token being delimited by the list's ends, commas or
--      whitespace (the original's rule for ignore= and pkey= lists: no
--      quoting, and a name with a space in it also matches its parts).
--
-- Parameters:
--      i_list - list as written in the trigger argument
--      i_name - column name
--
-- Returns:
--      true if found
-- Calls:
--      none
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select $1 ~ (E'(^|[\\s,])' || regexp_replace($2, '([^A-Za-z0-9_ ])', E'\\\\\\1', 'g') || E'($|[\\s,])');
$$ language sql immutable strict;

create or replace function pgq._trg_args(i_argv text[], i_op text)
returns text[] as $$
-- ----------------------------------------------------------------------
-- Function: pgq._trg_args(2)
--
--      Parses the arguments of a capture trigger after the queue name, as
--      the original does: SKIP, ignore=cols, pkey=cols, backup, deny,
--      ev_type=, ev_data=, ev_extra1..4= and when= expressions. A repeated
--      list argument takes the last value, a repeated expression the first
--      (the original keeps the first prepared query).
--
-- Parameters:
--      i_argv - TG_ARGV of the trigger (element 0 is the queue)
--      i_op   - TG_OP
--
-- Returns:
--      array: [1] skip ('t' or null) [2] ignore list [3] pkey list
--      [4] backup ('t' or null) [5] deny ('t' or null) [6..11] expressions
--      for ev_type, ev_data, ev_extra1..4 [12] when expression
-- Calls:
--      none
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_res  text[] := array[null, null, null, null, null, null, null, null, null, null, null, null]::text[];
    v_arg  text;
    v_pos  int;
    v_expr text;
    i      int;
begin
    for i in array_lower(i_argv, 1) + 1 .. array_upper(i_argv, 1) loop
        v_arg := i_argv[i];
        v_pos := null;
        if v_arg = 'SKIP' then
            v_res[1] := 't';
        elsif v_arg like 'ignore=%' then
            v_res[2] := substr(v_arg, 8);
        elsif v_arg like 'pkey=%' then
            v_res[3] := substr(v_arg, 6);
        elsif v_arg = 'backup' then
            v_res[4] := 't';
        elsif v_arg = 'deny' then
            v_res[5] := 't';
        elsif v_arg like 'ev\_extra_=%' and substr(v_arg, 9, 1) between '1' and '4' then
            v_pos := 7 + substr(v_arg, 9, 1)::int;
            v_expr := substr(v_arg, 11);
        elsif v_arg like 'ev\_data=%' then
            v_pos := 7;
            v_expr := substr(v_arg, 9);
        elsif v_arg like 'ev\_type=%' then
            v_pos := 6;
            v_expr := substr(v_arg, 9);
        elsif v_arg like 'when=%' then
            v_pos := 12;
            v_expr := substr(v_arg, 6);
        else
            raise exception 'bad param to pgq trigger';
        end if;
        if v_pos is not null then
            if i_op = 'TRUNCATE' then
                raise exception 'Custom expressions do not make sense for truncater trigger';
            end if;
            v_res[v_pos] := coalesce(v_res[v_pos], v_expr);
        end if;
    end loop;
    if i_op = 'TRUNCATE' then
        if v_res[2] is not null then
            raise exception 'Column ignore does not make sense for truncate trigger';
        elsif v_res[3] is not null then
            raise exception 'Custom pkey_list does not make sense for truncate trigger';
        elsif v_res[4] is not null then
            raise exception 'Backup does not make sense for truncate trigger';
        end if;
    end if;
    return v_res;
end;
$$ language plpgsql immutable;

create or replace function pgq._trg_row(i_text text)
returns text[] as $$
-- ----------------------------------------------------------------------
-- Function: pgq._trg_row(1)
--
--      Splits the text form of a row (record_out: each column through its
--      type's output function, exactly the text the original's
--      SPI_getvalue gives) back into column texts: NULL for an empty
--      unquoted field, quotes and doubled quotes/backslashes removed.
--      The triggers split rows without any double quote themselves, with
--      string_to_array; this is the path for the others.
--
-- Parameters:
--      i_text - text of a row, '(v1,v2,...)'
--
-- Returns:
--      column texts in column order
-- Calls:
--      none
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
begin
    return array(
        select case when m[1] = '' then null
                    when left(m[1], 1) = '"' then
                        regexp_replace(substr(m[1], 2, length(m[1]) - 2), E'([\\\\"])\\1', E'\\1', 'g')
                    else m[1] end
          from regexp_matches(substr(i_text, 2, length(i_text) - 2) || ',', '("(?:[^"]|"")*"|[^,"]*),', 'g') as m);
end;
$$ language plpgsql immutable strict;

create or replace function pgq._trg_expr(i_expr text, i_names text[])
returns text as $$
-- ----------------------------------------------------------------------
-- Function: pgq._trg_expr(2)
--
--      Rewrites a when= or ev_*= expression of a capture trigger so it can
--      be run with the row as $1: every plain word (not in a string,
--      comment or quoted identifier, not dotted) that is exactly the name
--      of a column becomes ($1)."column", as the original's query builder
--      turns such words into parameters.
--
-- Parameters:
--      i_expr  - expression from the trigger argument
--      i_names - the table's column names
--
-- Returns:
--      rewritten expression
-- Calls:
--      none
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_rest text := i_expr;
    v_out  text := '';
    v_tok  text;
    v_tag  text;
    v_end  int;
    -- one token at the start: whitespace, comments, E'' and '' strings, quoted identifier, word (with
    -- dots and quoted parts: never a column reference then), $n, number, any other character
    c_token constant text := '^(\s+|--[^\n]*|/\*(?:[^*]|\*+[^*/])*\*+/'
        || '|[Ee]''(?:[^''\\]|''''|\\.)*''|''(?:[^'']|'''')*''|"(?:[^"]|"")*"'
        || '|[A-Za-z_][A-Za-z0-9_.]*(?:"(?:[^"]|"")*"[A-Za-z0-9_.]*)*|\$[0-9]+|[0-9.]+(?:[eE][-+.]?[0-9]*)?|.)';
begin
    while v_rest <> '' loop
        if v_rest ~ '^\$[A-Za-z_$]' then
            v_tag := substring(v_rest from '^(\$[^$]*\$)');
            v_end := strpos(substr(v_rest, length(v_tag) + 1), v_tag);
            if v_tag is null or v_end = 0 then
                raise exception 'QB: syntax error';
            end if;
            v_tok := substr(v_rest, 1, length(v_tag) * 2 + v_end - 1);
        else
            v_tok := substring(v_rest from c_token);
            if v_tok is null then
                raise exception 'QB: syntax error';
            end if;
            if v_tok ~ '^[A-Za-z_][A-Za-z0-9_]*$' and v_tok = any (i_names) then
                v_out := v_out || '($1).' || quote_ident(v_tok);
                v_rest := substr(v_rest, length(v_tok) + 1);
                continue;
            end if;
        end if;
        v_out := v_out || v_tok;
        v_rest := substr(v_rest, length(v_tok) + 1);
    end loop;
    return v_out;
end;
$$ language plpgsql immutable strict set standard_conforming_strings = on;

create or replace function pgq._trg_json_row(i_meta text[], i_skip text[], i_row text[])
returns text as $$
-- ----------------------------------------------------------------------
-- Function: pgq._trg_json_row(3)
--
--      The JSON object of a row for pgq.jsontriga, rendered per column type
--      as the original does: int2/int4/int8 as numbers, bool as
--      true/false, timestamp/timestamptz/date as to_json gives them (ISO
--      8601), NULL as null, anything else as the JSON string of the
--      type's text output.
--
-- Parameters:
--      i_meta - table metadata (pgq._trg_meta)
--      i_skip - per column 'm' when left out (ignored or magic)
--      i_row  - column texts
--
-- Returns:
--      JSON text
-- Calls:
--      none
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_n    int := i_meta[4]::int;
    v_out  text := '';
    v_sep  text := '';
    v_val  text;
    v_kind text;
    i      int;
begin
    for i in 1 .. v_n loop
        continue when i_skip[i] = 'm';
        v_val := i_row[i];
        v_kind := i_meta[6 + 4 * v_n + i];
        if v_val is null then
            v_val := 'null';
        elsif v_kind = 'i' then
            null;
        elsif v_kind = 'b' then
            v_val := case when v_val = 't' then 'true' else 'false' end;
        elsif v_kind = 't' then
            v_val := to_json(v_val::timestamp)::text;
        elsif v_kind = 'z' then
            v_val := to_json(v_val::timestamptz)::text;
        elsif v_kind = 'd' then
            v_val := to_json(v_val::date)::text;
        else
            v_val := to_json(v_val)::text;
        end if;
        v_out := v_out || v_sep || i_meta[6 + 3 * v_n + i] || ':' || v_val;
        v_sep := ',';
    end loop;
    return '{' || v_out || '}';
end;
$$ language plpgsql stable;
