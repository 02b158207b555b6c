create or replace function londiste.global_update_seq(
    in i_queue_name text,
    in i_seq_name text,
    in i_value int8,
    out ret_code int4,
    out ret_note text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.global_update_seq(3)
--
--      On a branch or leaf, records a value the root published for a
--      sequence (event londiste.update-seq): the sequence joins the set
--      if new, and a local sequence is moved forward to the value
--      (pgq.seq_setval never moves it back).
--
-- Parameters:
--      i_queue_name - cascaded queue name
--      i_seq_name   - sequence name or schema.name
--      i_value      - published value
--
-- Returns:
--      200 - Sequence updated
--      402 - Must not run on root node
--      404 - Set not found
-- Calls:
--      pgq.seq_setval(2)
-- Tables directly manipulated:
--      insert/update - londiste.seq_info
-- ----------------------------------------------------------------------
declare
    v_type  text;
    v_fq    text := londiste.make_fqname(i_seq_name);
    v_local boolean;
begin
    select n.node_type into v_type from pgq_node.node_info n where n.queue_name = i_queue_name;
    if not found then
        select 404, 'Set not found: ' || i_queue_name into ret_code, ret_note;
        return;
    end if;
    if v_type = 'root' then
        select 402, 'Must not run on root node' into ret_code, ret_note;
        return;
    end if;

    select s.local into v_local from londiste.seq_info s
     where s.queue_name = i_queue_name and s.seq_name = v_fq
       for update;
    if not found then
        insert into londiste.seq_info (queue_name, seq_name, last_value) values (i_queue_name, v_fq, i_value);
    else
        update londiste.seq_info set last_value = i_value where queue_name = i_queue_name and seq_name = v_fq;
        if v_local then
            perform pgq.seq_setval(v_fq, i_value);
        end if;
    end if;
    select 200, 'Sequence updated' into ret_code, ret_note;
    return;
end;
$$ language plpgsql;
