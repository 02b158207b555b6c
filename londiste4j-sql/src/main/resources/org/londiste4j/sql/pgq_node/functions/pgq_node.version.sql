create or replace function pgq_node.version()
returns text as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.version(0)
--
--      Returns the version of the installed pgq_node schema: the pgq_node
--      3 API level followed by londiste4j's schema revision, e.g.
--      '3.5-londiste4j.1'.
--
-- Returns:
--      version string
-- Calls:
--      none
-- Tables directly manipulated:
--      none (reads pgq_node.schema_version)
-- ----------------------------------------------------------------------
    select '3.5-londiste4j.' || coalesce(max(schema_rev), 0)::text from pgq_node.schema_version;
$$ language sql stable;
