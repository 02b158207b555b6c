create or replace function pgq._trg_fingerprint(i_relid oid, i_pkey_index oid)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: pgq._trg_fingerprint(2)
--
--      A token that changes whenever what the capture triggers cache about
--      a table changes: the names, types and order of its live columns
--      (adding, dropping, renaming or retyping a column) and its primary
--      key index (a key is replaced by dropping the old index; a renamed
--      key column shows in the column names). Replaces the original's
--      relcache callback, which PL/pgSQL cannot register. One index scan
--      and one syscache probe: it runs on the first captured row of each
--      table in each transaction.
--
-- Parameters:
--      i_relid      - oid of the table
--      i_pkey_index - oid of its primary key index as cached (null if none)
--
-- Returns:
--      opaque token
-- Calls:
--      none
-- Tables directly manipulated:
--      none (reads pg_attribute; pg_constraint for a table without key)
-- ----------------------------------------------------------------------
declare
    v_cols text;
    v_key  text;
begin
    -- (select $n): the planner cannot look at the value, so the cached plan goes generic instead of
    -- re-planning a catalog query on every call (that costs more than running it)
    select string_agg(a.attname::text || ':' || a.atttypid::text, ',' order by a.attnum) into v_cols
      from pg_catalog.pg_attribute a
     where a.attrelid = (select i_relid) and a.attnum > 0 and not a.attisdropped;
    if i_pkey_index is null then
        select c.conindid::text into v_key from pg_catalog.pg_constraint c
         where c.conrelid = (select i_relid) and c.contype = 'p';
    elsif pg_catalog.pg_relation_filenode(i_pkey_index) is not null then
        -- a syscache probe: dropping or replacing the key drops its index, whose oid is not reused meanwhile
        v_key := i_pkey_index::text;
    end if;
    return coalesce(v_cols, '') || '/' || coalesce(v_key, '');
end;
$$ language plpgsql stable;

create or replace function pgq._trg_meta(i_relid oid)
returns text[] as $$
-- ----------------------------------------------------------------------
-- Function: pgq._trg_meta(1)
--
--      What the capture triggers need to know about a table, built from
--      the catalog once and then kept per session (keyed by the table's
--      oid, validated by pgq._trg_fingerprint) so that the per-row path
--      reads no catalog rows.
--
--      Layout of the array, n = number of live columns:
--        [1] key index oid '|' fingerprint  [2] table name as the original writes it
--        (schema.table, unquoted)  [3] primary key column list
--        (comma-separated, in key order)  [4] n  [5] the JSON
--        '"table":[..],"pkey":[..]' fragment of pgq.jsontriga's ev_type
--        [6] 'm' if the table has a magic _pgq_ev_* column, else '-'
--        [7 .. 6+n]       column names
--        [7+n .. 6+2n]    url-encoded column names (pgq.logutriga)
--        [7+2n .. 6+3n]   quoted identifiers (pgq.sqltriga)
--        [7+3n .. 6+4n]   JSON-quoted names (pgq.jsontriga)
--        [7+4n .. 6+5n]   value kind: i = integer (int2/4/8, JSON number
--                         as is), b = bool, t = timestamp, z = timestamptz,
--                         d = date, s = text whose equality is its text's,
--                         o = text of a type whose '=' is not text equality
--                         (numeric, float, interval, ...), m = magic
--                         _pgq_ev_* column
--        [7+5n .. 6+6n]   'k' if the column is in the primary key, else '-'
--
-- Parameters:
--      i_relid - oid of the table
--
-- Returns:
--      the metadata array
-- Calls:
--      pgq._trg_fingerprint(2), pgq._urlencode(1)
-- Tables directly manipulated:
--      none (reads the catalog)
-- ----------------------------------------------------------------------
declare
    v_meta   text[];
    v_cols   text[];
begin
    select array[coalesce(pk.indexrelid::text, '') || '|'
                     || pgq._trg_fingerprint(c.oid, pk.indexrelid),
                 n.nspname || '.' || c.relname,
                 coalesce(pk.names, ''),
                 null,
                 ',"table":[' || to_json(n.nspname::text)::text || ',' || to_json(c.relname::text)::text
                     || '],"pkey":[' || coalesce(pk.jnames, '') || ']',
                 case when exists (select 1 from pg_catalog.pg_attribute m
                                    where m.attrelid = c.oid and m.attnum > 0 and not m.attisdropped
                                      and m.attname::text like E'\\_pgq\\_ev\\_%') then 'm' else '-' end]
      into v_meta
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      left join lateral (
            select min(i.indexrelid) as indexrelid,
                   string_agg(k.attname::text, ',' order by k.attnum) as names,
                   string_agg(to_json(k.attname::text)::text, ',' order by k.attnum) as jnames
              from pg_catalog.pg_index i
              join pg_catalog.pg_attribute k on k.attrelid = i.indexrelid
             where i.indrelid = c.oid and i.indisprimary and k.attnum > 0 and not k.attisdropped
           ) pk on true
     where c.oid = i_relid;

    select array_agg(name order by attnum)
           || array_agg(pgq._urlencode(name) order by attnum)
           || array_agg(quote_ident(name) order by attnum)
           || array_agg(to_json(name)::text order by attnum)
           || array_agg(kind order by attnum)
           || array_agg(pkflag order by attnum)
      into v_cols
      from (select a.attnum, a.attname::text as name,
                   case when a.attname::text like E'\\_pgq\\_ev\\_%' then 'm'
                        when a.atttypid in (20, 21, 23) then 'i'
                        when a.atttypid = 16 then 'b'
                        when a.atttypid = 1114 then 't'
                        when a.atttypid = 1184 then 'z'
                        when a.atttypid = 1082 then 'd'
                        when pgq._trg_text_equality(a.atttypid) then 's'
                        else 'o' end as kind,
                   case when exists (select 1 from pg_catalog.pg_index i
                                      where i.indrelid = a.attrelid and i.indisprimary
                                        and a.attnum = any (i.indkey::int2[])) then 'k' else '-' end as pkflag
              from pg_catalog.pg_attribute a
             where a.attrelid = i_relid and a.attnum > 0 and not a.attisdropped) cols;

    v_meta[4] := coalesce(array_length(v_cols, 1) / 6, 0)::text;
    return v_meta || coalesce(v_cols, '{}');
end;
$$ language plpgsql stable strict;

create or replace function pgq._trg_text_equality(i_type oid)
returns boolean as $$
-- ----------------------------------------------------------------------
-- Function: pgq._trg_text_equality(1)
--
--      True when two values of the type are equal exactly when their text
--      forms are: the original compares old and new values with the type's
--      default equality operator, or by text for arrays and for types
--      without one. For the other types (numeric 1.0 = 1.00, intervals,
--      floats, ...) the triggers confirm a text difference with '='.
--
-- Parameters:
--      i_type - type oid of a column
--
-- Returns:
--      true if comparing the text forms is exact
-- Calls:
--      none
-- Tables directly manipulated:
--      none (reads pg_type, pg_opclass)
-- ----------------------------------------------------------------------
    select case
        when t.typcategory = 'A' then true
        when t.typtype = 'd' then pgq._trg_text_equality(t.typbasetype)
        when t.oid in (16, 17, 18, 19, 20, 21, 23, 25, 26, 1042, 1043, 1082, 1114, 1184, 2950) then true
        else not exists (
            select 1 from pg_catalog.pg_opclass oc join pg_catalog.pg_am am on am.oid = oc.opcmethod
             where oc.opcdefault and am.amname in ('btree', 'hash')
               and oc.opcintype = case when t.typtype = 'e' then 'anyenum'::regtype
                                       when t.typtype = 'r' then 'anyrange'::regtype
                                       when t.typtype = 'c' then 'record'::regtype
                                       else t.oid end)
    end
      from pg_catalog.pg_type t
     where t.oid = $1;
$$ language sql stable strict;

create or replace function pgq._trg_cached(i_relid oid, i_meta text[], i_name text)
returns text[] as $$
-- ----------------------------------------------------------------------
-- Function: pgq._trg_cached(3)
--
--      Checks a table's session-cached pgq._trg_meta against the catalog
--      (pgq._trg_fingerprint), rebuilds it when stale, and marks it checked
--      for the current transaction. The triggers call it only on the first
--      captured row of a table in a transaction (or when the table's name
--      changed); later rows of the same transaction use the cache as is.
--      That is enough because the first row event takes the table's ROW
--      EXCLUSIVE lock until commit, so no other session can ALTER the
--      table before this transaction ends. Only DDL on the table by this
--      same transaction, after it changed rows of it, is not seen until
--      the next transaction (the original notices it at once through its
--      relcache callback).
--
-- Parameters:
--      i_relid - oid of the table (TG_RELID)
--      i_meta  - the cached metadata, or null
--      i_name  - the table's name now, schema.table (TG_TABLE_SCHEMA, TG_TABLE_NAME)
--
-- Returns:
--      the metadata array (see pgq._trg_meta)
-- Calls:
--      pgq._trg_meta(1), pgq._trg_fingerprint(2)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_meta text[] := i_meta;
    v_key  text;
begin
    if v_meta is not null then
        v_key := split_part(v_meta[1], '|', 1);
        if v_meta[1] <> v_key || '|' || pgq._trg_fingerprint(i_relid, nullif(v_key, '')::oid)
                or v_meta[2] <> i_name then
            v_meta := null;
        end if;
    end if;
    if v_meta is null then
        v_meta := pgq._trg_meta(i_relid);
        perform set_config('pgq_l4j.m' || i_relid::text, v_meta::text, false);
    end if;
    perform set_config('pgq_l4j.t' || i_relid::text, txid_current()::text, false);
    return v_meta;
end;
$$ language plpgsql;
