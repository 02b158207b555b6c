create or replace function pgq_node.upgrade_schema()
returns int4 as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.upgrade_schema(0)
--
--      Converges an installed pgq_node schema to this revision: each
--      change is made only when the catalogs show it is missing, so it can
--      run any number of times. Run by the install script after the
--      functions. Today: node_info.node_attrs, which early pgq_node 3
--      installs lack.
--
-- Returns:
--      number of changes made
-- Calls:
--      none
-- Tables directly manipulated:
--      alter - pgq_node.node_info
-- ----------------------------------------------------------------------
declare
    v_fixes     int4 := 0;
begin
    if not exists (select 1 from pg_catalog.pg_attribute
                    where attrelid = 'pgq_node.node_info'::regclass and attname = 'node_attrs'
                      and not attisdropped) then
        alter table pgq_node.node_info add column node_attrs text;
        v_fixes := v_fixes + 1;
    end if;
    return v_fixes;
end;
$$ language plpgsql;

-- run it now (in a DO block: a DBA applying the script with psql sees no stray result row)
do $upgrade$
begin
    perform pgq_node.upgrade_schema();
end
$upgrade$;
