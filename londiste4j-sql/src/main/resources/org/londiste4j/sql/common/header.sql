-- londiste4j: install or upgrade of schema @schema@ to revision @revision@ (londiste4j @tool_version@).
-- One transaction: either all of it lands or nothing does. Safe to run again.
begin;
set local check_function_bodies = off;
set local client_min_messages = warning;
-- two installers at once would interleave their DDL: the second waits here
select pg_advisory_xact_lock(hashtext('londiste4j install @schema@'));

do $guard$
declare
    v_rev int4;
begin
    -- NOTE: SchemaInstaller detects these cases before running the script; these texts reach DBAs
    -- who apply the script by hand with psql -f.
    if exists (select 1 from pg_catalog.pg_extension where extname = '@schema@') then
        raise exception 'schema @schema@: the original @schema@ extension is installed; londiste4j uses it as it is and installs nothing over it';
    end if;
    if pg_catalog.to_regclass('@schema@.schema_version') is not null then
        execute 'select max(schema_rev) from @schema@.schema_version' into v_rev;
        if v_rev > @revision@ then
            raise exception 'schema @schema@: installed revision % is newer than this londiste4j (revision @revision@); upgrade londiste4j first', v_rev;
        end if;
    elsif exists (select 1 from pg_catalog.pg_namespace where nspname = '@schema@') then
        if exists (select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                   where n.nspname = '@schema@' and p.proname = 'version') then
            raise exception 'schema @schema@: an original (non-extension) @schema@ install is present; londiste4j uses it as it is and installs nothing over it';
        end if;
    end if;
end
$guard$;

create schema if not exists @schema@;
