create or replace function pgq._grant_perms_from(src_schema text, src_table text, dst_schema text, dst_table text)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq._grant_perms_from(4)
--
--      Copies the table privileges granted on one table to another, so
--      that what a DBA grants on pgq.event_template reaches every queue's
--      event tables.
--
-- Parameters:
--      src_schema, src_table   - table to copy the grants from
--      dst_schema, dst_table   - table to grant them on
--
-- Returns:
--      number of privileges granted
-- Tables directly manipulated:
--      none (grants on dst)
-- ----------------------------------------------------------------------
declare
    r       record;
    v_count int4 := 0;
    v_dst   text;
begin
    v_dst := quote_ident(dst_schema) || '.' || quote_ident(dst_table);
    for r in
        select a.privilege_type,
               case when a.grantee = 0 then 'public' else quote_ident(g.rolname) end as grantee,
               a.is_grantable
          from pg_catalog.pg_class c
          join pg_catalog.pg_namespace n on n.oid = c.relnamespace
          cross join lateral aclexplode(c.relacl) a
          left join pg_catalog.pg_roles g on g.oid = a.grantee
         where n.nspname = src_schema and c.relname = src_table
           and a.grantee <> c.relowner
    loop
        execute 'grant ' || r.privilege_type || ' on ' || v_dst || ' to ' || r.grantee
            || case when r.is_grantable then ' with grant option' else '' end;
        v_count := v_count + 1;
    end loop;
    return v_count;
end;
$$ language plpgsql strict;
