create or replace function londiste.drop_table_triggers(
    in i_queue_name text,
    in i_table_name text)
returns void as $$
-- ----------------------------------------------------------------------
-- Function: londiste.drop_table_triggers(2)
--
--      Drops every capture trigger of the table's local copy that writes
--      to this queue: found by its function (londiste.is_replica_func)
--      and its first argument (the queue name), not by its name, so
--      triggers made by hand or by older tools go too. On a partitioned
--      table the partitions' own triggers go as well (PostgreSQL 10 has
--      them there); the parent's, dropped first, takes the copies that
--      PostgreSQL 11+ made of it on the partitions with it.
--
-- Parameters:
--      i_queue_name - queue name
--      i_table_name - schema-qualified table name in the set
--
-- Returns:
--      nothing; a table unknown to the queue is left alone
-- Calls:
--      londiste.find_table_oid(1), londiste.is_replica_func(1)
-- Tables directly manipulated:
--      none (drops triggers)
-- ----------------------------------------------------------------------
declare
    v_dest  text;
    v_oid   oid;
    v_queue bytea := convert_to(i_queue_name, pg_catalog.getdatabaseencoding()) || decode('00', 'hex');
    v_name  text;
    r       record;
begin
    select coalesce(t.dest_table, t.table_name) into v_dest
      from londiste.table_info t
     where t.queue_name = i_queue_name and t.table_name = i_table_name;
    if not found then
        return;
    end if;
    v_oid := londiste.find_table_oid(v_dest);
    if v_oid is null then
        return;
    end if;
    for r in
        with recursive rels(oid, lvl) as (
            select v_oid, 0
            union all
            select h.inhrelid, rels.lvl + 1 from rels join pg_catalog.pg_inherits h on h.inhparent = rels.oid
             where exists (select 1 from pg_catalog.pg_class c where c.oid = rels.oid and c.relkind = 'p')
        )
        select rels.oid, rels.lvl from rels order by rels.lvl, rels.oid
    loop
        -- read at each level: dropping a parent's trigger has dropped its copies below
        for v_name in
            select t.tgname::text from pg_catalog.pg_trigger t
             where t.tgrelid = r.oid and londiste.is_replica_func(t.tgfoid)
               and substr(t.tgargs, 1, octet_length(v_queue)) = v_queue
        loop
            execute 'drop trigger ' || quote_ident(v_name) || ' on ' || r.oid::regclass::text;
        end loop;
    end loop;
end;
$$ language plpgsql strict;
