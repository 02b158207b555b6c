create or replace function londiste.find_table_oid(tbl text)
returns oid as $$
-- ----------------------------------------------------------------------
-- Function: londiste.find_table_oid(1)
--
--      Finds the oid of a plain table by its Londiste name.
--
-- Parameters:
--      tbl - name or schema.name
--
-- Returns:
--      oid, or NULL when there is no such table
-- Calls:
--      londiste.find_rel_oid(2)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select londiste.find_rel_oid($1, 'r');
$$ language sql strict stable;
