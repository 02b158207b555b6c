create or replace function londiste.find_column_types(tbl text)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: londiste.find_column_types(1)
--
--      Describes a table's live columns in order as one letter each:
--      'k' for a primary key column, 'v' for any other (the column type
--      string of the old logtriga). No 'k' means no primary key.
--
-- Parameters:
--      tbl - table name or schema.name
--
-- Returns:
--      e.g. 'kvv'; '' when the table does not exist
-- Calls:
--      londiste.find_table_oid(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select coalesce(string_agg(case when pk.attnum is null then 'v' else 'k' end, '' order by a.attnum), '')
      from pg_catalog.pg_attribute a
      left join (select unnest(i.indkey) as attnum
                   from pg_catalog.pg_index i
                  where i.indrelid = londiste.find_table_oid($1) and i.indisprimary) pk
        on pk.attnum = a.attnum
     where a.attrelid = londiste.find_table_oid($1) and a.attnum > 0 and not a.attisdropped;
$$ language sql strict stable;
