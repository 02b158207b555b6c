create or replace function londiste.local_remove_seq(
    in i_queue_name text,
    in i_seq_name text,
    out ret_code int4,
    out ret_note text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.local_remove_seq(2)
--
--      Stops keeping a sequence in step on this node. On the root this
--      removes it from the set (londiste.global_remove_seq, which
--      publishes londiste.remove-seq).
--
-- Parameters:
--      i_queue_name - cascaded queue name
--      i_seq_name   - sequence name or schema.name
--
-- Returns:
--      200 - Sequence removed
--      400 - Sequence not found (root: not in the set)
--      404 - Sequence not found (not local here)
-- Calls:
--      pgq_node.is_root_node(1), londiste.global_remove_seq(2)
-- Tables directly manipulated:
--      update - londiste.seq_info
-- ----------------------------------------------------------------------
declare
    v_fq    text := londiste.make_fqname(i_seq_name);
begin
    if pgq_node.is_root_node(i_queue_name) then
        select f.ret_code, f.ret_note into ret_code, ret_note
          from londiste.global_remove_seq(i_queue_name, v_fq) f;
        return;
    end if;
    update londiste.seq_info set local = false
     where queue_name = i_queue_name and seq_name = v_fq and local;
    if not found then
        select 404, 'Sequence not found: ' || v_fq into ret_code, ret_note;
        return;
    end if;
    select 200, 'Sequence removed: ' || v_fq into ret_code, ret_note;
    return;
end;
$$ language plpgsql strict;
