create or replace function londiste.find_seq_oid(seq text)
returns oid as $$
-- ----------------------------------------------------------------------
-- Function: londiste.find_seq_oid(1)
--
--      Finds the oid of a sequence by its Londiste name.
--
-- Parameters:
--      seq - name or schema.name
--
-- Returns:
--      oid, or NULL when there is no such sequence
-- Calls:
--      londiste.find_rel_oid(2)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select londiste.find_rel_oid($1, 'S');
$$ language sql strict stable;
