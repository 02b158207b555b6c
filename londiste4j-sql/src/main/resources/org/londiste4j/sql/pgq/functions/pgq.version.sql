create or replace function pgq.version()
returns text as $$
-- ----------------------------------------------------------------------
-- Function: pgq.version(0)
--
--      Returns the version of the installed pgq schema: the PgQ 3 API level
--      followed by londiste4j's schema revision, e.g. '3.5-londiste4j.1'.
--
-- Returns:
--      version string
-- Tables directly manipulated:
--      none (reads pgq.schema_version)
-- ----------------------------------------------------------------------
    select '3.5-londiste4j.' || coalesce(max(schema_rev), 0)::text from pgq.schema_version;
$$ language sql stable;
