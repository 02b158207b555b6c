create or replace function londiste.find_column_types(tbl text)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: londiste.find_column_types(1)
--
--      Describes a table's live columns in order as one letter each:
--      'k' for a primary key column, 'v' for any other (the column type
--      string of the old logtriga). No 'k' means no primary key.
--
--      A partitioned table of PostgreSQL 10 cannot have a primary key of
--      its own: its key is then the one every leaf partition has (the
--      same column names in each), and none when a partition lacks it,
--      differs, or there is no partition yet.
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
    with recursive t(oid, kind) as (
        select c.oid, c.relkind::text from pg_catalog.pg_class c where c.oid = londiste.find_table_oid($1)
    ), own(attname) as (
        select a.attname::text
          from t
          join pg_catalog.pg_index i on i.indrelid = t.oid and i.indisprimary
          join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum = any (i.indkey::int2[])
    ), parts(oid, kind) as (
        select h.inhrelid, c.relkind::text
          from t
          join pg_catalog.pg_inherits h on h.inhparent = t.oid
          join pg_catalog.pg_class c on c.oid = h.inhrelid
         where t.kind = 'p'
        union all
        select h.inhrelid, c.relkind::text
          from parts p
          join pg_catalog.pg_inherits h on h.inhparent = p.oid
          join pg_catalog.pg_class c on c.oid = h.inhrelid
    ), leaf_keys(k) as (
        select (select array_agg(a.attname::text order by a.attname)
                  from pg_catalog.pg_index i
                  join pg_catalog.pg_attribute a on a.attrelid = p.oid and a.attnum = any (i.indkey::int2[])
                 where i.indrelid = p.oid and i.indisprimary)
          from parts p
         where p.kind <> 'p'
    ), shared(attname) as (
        select unnest(min(k))
          from leaf_keys
        having count(*) > 0 and count(k) = count(*) and count(distinct k) = 1
           and not exists (select 1 from own)
    ), keycols(attname) as (
        select attname from own
        union
        select attname from shared
    )
    select coalesce(string_agg(case when a.attname::text in (select attname from keycols) then 'k' else 'v' end,
                               '' order by a.attnum), '')
      from t
      join pg_catalog.pg_attribute a on a.attrelid = t.oid
     where a.attnum > 0 and not a.attisdropped;
$$ language sql strict stable;
