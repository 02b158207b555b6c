create or replace function londiste.find_table_oid(tbl text)
returns oid as $$
-- ----------------------------------------------------------------------
-- Function: londiste.find_table_oid(1)
--
--      Finds the oid of a table by its Londiste name: a plain table or
--      a partitioned one (10+), which is replicated whole under its own
--      name (its partitions are not tables of the set).
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
    select coalesce(londiste.find_rel_oid($1, 'r'), londiste.find_rel_oid($1, 'p'));
$$ language sql strict stable;
