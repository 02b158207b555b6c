create or replace function londiste.get_table_pending_fkeys(i_table_name text)
returns setof londiste.pending_fkeys as $$
-- ----------------------------------------------------------------------
-- Function: londiste.get_table_pending_fkeys(1)
--
--      Lists the dropped foreign keys from or to a table.
--
-- Parameters:
--      i_table_name - schema-qualified table name
--
-- Returns:
--      rows of londiste.pending_fkeys
-- Calls:
--      none
-- Tables directly manipulated:
--      none (reads londiste.pending_fkeys)
-- ----------------------------------------------------------------------
    select f.* from londiste.pending_fkeys f
     where f.from_table = $1 or f.to_table = $1
     order by 1, 2, 3;
$$ language sql strict stable;
