create or replace function londiste.find_rel_oid(i_fqname text, i_kind text)
returns oid as $$
-- ----------------------------------------------------------------------
-- Function: londiste.find_rel_oid(2)
--
--      Finds the pg_class oid of a relation of the given kind by its
--      Londiste name (unquoted schema.name; public when no dot).
--
-- Parameters:
--      i_fqname - name or schema.name
--      i_kind   - pg_class.relkind: 'r' table, 'S' sequence...
--
-- Returns:
--      oid, or NULL when there is no such relation of that kind
-- Calls:
--      londiste.split_fqname(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select c.oid
      from londiste.split_fqname($1) s
      join pg_catalog.pg_namespace n on n.nspname = s.schema_part
      join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = s.name_part
     where c.relkind::text = $2;
$$ language sql strict stable;
