create or replace function pgq.quote_fqname(i_name text)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: pgq.quote_fqname(1)
--
--      Quotes a possibly schema-qualified name: 'schema.name' becomes
--      quote_ident(schema) || '.' || quote_ident(name); a name without a
--      dot is taken as being in schema public.
--
-- Parameters:
--      i_name      - name, schema.name
--
-- Returns:
--      quoted name
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select case when strpos($1, '.') > 0
                then quote_ident(split_part($1, '.', 1)) || '.' || quote_ident(substr($1, strpos($1, '.') + 1))
                else 'public.' || quote_ident($1)
           end;
$$ language sql strict immutable;
