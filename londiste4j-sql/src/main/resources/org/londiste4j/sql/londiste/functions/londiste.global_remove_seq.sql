create or replace function londiste.global_remove_seq(
    in i_queue_name text,
    in i_seq_name text,
    out ret_code int4,
    out ret_note text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.global_remove_seq(2)
--
--      Removes a sequence from the set: on the root (through
--      londiste.local_remove_seq) it also publishes londiste.remove-seq;
--      elsewhere it is what that event does.
--
-- Parameters:
--      i_queue_name - cascaded queue name
--      i_seq_name   - sequence name or schema.name
--
-- Returns:
--      200 - Sequence removed
--      400 - Sequence not found
-- Calls:
--      pgq_node.is_root_node(1), londiste.root_notify_change(3)
-- Tables directly manipulated:
--      delete - londiste.seq_info
-- ----------------------------------------------------------------------
declare
    v_fq    text := londiste.make_fqname(i_seq_name);
begin
    delete from londiste.seq_info where queue_name = i_queue_name and seq_name = v_fq;
    if not found then
        select 400, 'Sequence not found: ' || v_fq into ret_code, ret_note;
        return;
    end if;
    if pgq_node.is_root_node(i_queue_name) then
        perform londiste.root_notify_change(i_queue_name, 'londiste.remove-seq', v_fq);
    end if;
    select 200, 'Sequence removed: ' || v_fq into ret_code, ret_note;
    return;
end;
$$ language plpgsql strict;
