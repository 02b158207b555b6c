create or replace function londiste.quote_fqname(i_name text)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: londiste.quote_fqname(1)
--
--      Quotes a Londiste name for SQL: the part before the first dot is
--      the schema (public when there is no dot), each part is quoted
--      with quote_ident.
--
-- Parameters:
--      i_name - name or schema.name
--
-- Returns:
--      "schema"."name", quoted where needed
-- Calls:
--      londiste.split_fqname(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select quote_ident(s.schema_part) || '.' || quote_ident(s.name_part) from londiste.split_fqname($1) s;
$$ language sql strict immutable;
