create or replace function londiste.find_table_fkeys(i_table_name text)
returns setof londiste.pending_fkeys as $$
-- ----------------------------------------------------------------------
-- Function: londiste.find_table_fkeys(1)
--
--      Lists the foreign keys that exist now from or to a table, each
--      with the statement that recreates it.
--
-- Parameters:
--      i_table_name - table name or schema.name
--
-- Returns:
--      from_table - schema.name of the referencing table
--      to_table   - schema.name of the referenced table
--      fkey_name  - constraint name
--      fkey_def   - alter table only ... add constraint ... statement
-- Calls:
--      londiste.find_table_oid(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select n1.nspname::text || '.' || t1.relname::text,
           n2.nspname::text || '.' || t2.relname::text,
           c.conname::text,
           'alter table only ' || quote_ident(n1.nspname::text) || '.' || quote_ident(t1.relname::text)
               || ' add constraint ' || quote_ident(c.conname::text) || ' ' || pg_catalog.pg_get_constraintdef(c.oid)
      from pg_catalog.pg_constraint c
      join pg_catalog.pg_class t1 on t1.oid = c.conrelid
      join pg_catalog.pg_namespace n1 on n1.oid = t1.relnamespace
      join pg_catalog.pg_class t2 on t2.oid = c.confrelid
      join pg_catalog.pg_namespace n2 on n2.oid = t2.relnamespace
     where c.contype = 'f'
       and (c.conrelid = londiste.find_table_oid($1) or c.confrelid = londiste.find_table_oid($1))
     order by 1, 2, 3;
$$ language sql strict stable;
