create or replace function londiste.version()
returns text as $$
-- ----------------------------------------------------------------------
-- Function: londiste.version(0)
--
--      Returns the version of the installed londiste schema: the
--      Londiste 3 API level followed by londiste4j's schema revision,
--      e.g. '3.8-londiste4j.1'.
--
-- Returns:
--      version string
-- Tables directly manipulated:
--      none (reads londiste.schema_version)
-- ----------------------------------------------------------------------
    select '3.8-londiste4j.' || coalesce(max(schema_rev), 0)::text from londiste.schema_version;
$$ language sql stable;
