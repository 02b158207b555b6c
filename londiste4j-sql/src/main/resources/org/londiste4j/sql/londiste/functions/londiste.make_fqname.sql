create or replace function londiste.make_fqname(i_name text)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: londiste.make_fqname(1)
--
--      Makes a name schema-qualified: a name with a dot is returned as
--      it is, one without gets 'public.' in front.
--
-- Parameters:
--      i_name - name or schema.name
--
-- Returns:
--      schema.name
-- Calls:
--      none
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select case when strpos($1, '.') > 0 then $1 else 'public.' || $1 end;
$$ language sql strict immutable;
