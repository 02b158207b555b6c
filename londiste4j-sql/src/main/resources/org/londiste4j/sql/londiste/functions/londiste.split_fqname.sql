create or replace function londiste.split_fqname(
    in i_fqname text,
    out schema_part text,
    out name_part text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.split_fqname(1)
--
--      Splits a possibly schema-qualified name at its first dot; a name
--      without a dot is in schema public. No quoting is undone: Londiste
--      names are plain 'schema.name' strings.
--
-- Parameters:
--      i_fqname - name or schema.name
--
-- Returns:
--      schema_part, name_part
-- Calls:
--      none
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select case when strpos($1, '.') > 0 then substr($1, 1, strpos($1, '.') - 1) else 'public' end,
           case when strpos($1, '.') > 0 then substr($1, strpos($1, '.') + 1) else $1 end;
$$ language sql strict immutable;
