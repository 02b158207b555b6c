create or replace function londiste.restore_table_fkey(i_from_table text, i_fkey_name text,
        i_lazy boolean default false)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: londiste.restore_table_fkey(3)
--
--      Restores a dropped foreign key. At once (i_lazy false), or in
--      steps the caller runs itself (i_lazy true) so that no long lock
--      is held: first the statement adding it NOT VALID, then, once it
--      exists, the statement validating it; the call after validation
--      forgets the pending entry.
--
-- Parameters:
--      i_from_table - schema-qualified referencing table
--      i_fkey_name  - constraint name
--      i_lazy       - hand back the next step instead of running it
--
-- Returns:
--      '' when done (or nothing pending), else the SQL to run next
-- Calls:
--      londiste.find_table_oid(1)
-- Tables directly manipulated:
--      delete - londiste.pending_fkeys
-- ----------------------------------------------------------------------
declare
    v_fk    record;
    v_valid boolean;
begin
    select * into v_fk from londiste.pending_fkeys f
     where f.fkey_name = i_fkey_name and f.from_table = i_from_table
       for update;
    if not found then
        return '';
    end if;
    if i_lazy then
        select c.convalidated into v_valid from pg_catalog.pg_constraint c
         where c.contype = 'f' and c.conrelid = londiste.find_table_oid(i_from_table) and c.conname = i_fkey_name;
        if not found then
            return v_fk.fkey_def || ' not valid';
        elsif not v_valid then
            return 'alter table only ' || londiste.quote_fqname(v_fk.from_table)
                || ' validate constraint ' || quote_ident(v_fk.fkey_name);
        end if;
    else
        execute v_fk.fkey_def;
    end if;
    delete from londiste.pending_fkeys where fkey_name = v_fk.fkey_name and from_table = v_fk.from_table;
    return '';
end;
$$ language plpgsql strict;
