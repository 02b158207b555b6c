create or replace function londiste.local_set_table_state(
    in i_queue_name text,
    in i_table_name text,
    in i_snapshot text,
    in i_merge_state text,
    out ret_code int4,
    out ret_note text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.local_set_table_state(4)
--
--      Sets the copy state of a local table, with the provider snapshot
--      of its copy (NULL when none).
--
-- Parameters:
--      i_queue_name  - queue name
--      i_table_name  - table name or schema.name in the set
--      i_snapshot    - provider snapshot of the COPY, or NULL
--      i_merge_state - NULL, in-copy, catching-up, wanna-sync:<tick>,
--                      do-sync:<tick> or ok
--
-- Returns:
--      200 - Table <name> state set to '<state>' (or NULL)
--      404 - No such table
-- Calls:
--      londiste.make_fqname(1)
-- Tables directly manipulated:
--      update - londiste.table_info
-- ----------------------------------------------------------------------
declare
    v_fq    text := londiste.make_fqname(i_table_name);
begin
    update londiste.table_info
       set custom_snapshot = i_snapshot, merge_state = i_merge_state
     where queue_name = i_queue_name and table_name = v_fq and local;
    if not found then
        select 404, 'No such table: ' || v_fq into ret_code, ret_note;
        return;
    end if;
    select 200, 'Table ' || v_fq || ' state set to ' || coalesce(quote_literal(i_merge_state), 'NULL')
      into ret_code, ret_note;
    return;
end;
$$ language plpgsql;
