create or replace function londiste.drop_table_fkey(i_from_table text, i_fkey_name text)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: londiste.drop_table_fkey(2)
--
--      Drops a foreign key of a table and keeps its definition in
--      londiste.pending_fkeys, to be restored after the copy.
--
-- Parameters:
--      i_from_table - schema-qualified referencing table
--      i_fkey_name  - constraint name
--
-- Returns:
--      1 when dropped, 0 when there is no such foreign key
-- Calls:
--      londiste.find_table_fkeys(1)
-- Tables directly manipulated:
--      insert - londiste.pending_fkeys
-- ----------------------------------------------------------------------
declare
    v_fk    record;
begin
    select * into v_fk from londiste.find_table_fkeys(i_from_table) f
     where f.fkey_name = i_fkey_name and f.from_table = i_from_table;
    if not found then
        return 0;
    end if;
    insert into londiste.pending_fkeys (from_table, to_table, fkey_name, fkey_def)
        values (v_fk.from_table, v_fk.to_table, i_fkey_name, v_fk.fkey_def);
    execute 'alter table only ' || londiste.quote_fqname(v_fk.from_table)
        || ' drop constraint ' || quote_ident(i_fkey_name);
    return 1;
end;
$$ language plpgsql strict;
