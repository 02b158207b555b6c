create or replace function londiste.local_add_seq(
    in i_queue_name text,
    in i_seq_name text,
    out ret_code int4,
    out ret_note text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.local_add_seq(2)
--
--      Makes this node keep a sequence in step. On the root it adds the
--      sequence to the set and publishes its value at once; elsewhere
--      the sequence must be in the set already, and gets the value last
--      published (never moved backwards).
--
-- Parameters:
--      i_queue_name - cascaded queue name
--      i_seq_name   - sequence name or schema.name
--
-- Returns:
--      200 - Sequence added
--      201 - Sequence already added
--      400 - Sequence not found (locally)
--      404 - Unknown sequence (not in the set, on a non-root node)
-- Calls:
--      londiste.root_check_seqs(1), pgq.seq_setval(2)
-- Tables directly manipulated:
--      insert/update - londiste.seq_info
-- ----------------------------------------------------------------------
declare
    v_fq    text := londiste.make_fqname(i_seq_name);
    v_local boolean;
    v_last  int8;
begin
    if londiste.find_seq_oid(v_fq) is null then
        select 400, 'Sequence not found: ' || v_fq into ret_code, ret_note;
        return;
    end if;

    select s.local, s.last_value into v_local, v_last
      from londiste.seq_info s
     where s.queue_name = i_queue_name and s.seq_name = v_fq
       for update;
    if found and v_local then
        select 201, 'Sequence already added: ' || v_fq into ret_code, ret_note;
        return;
    end if;

    if pgq_node.is_root_node(i_queue_name) then
        if found then
            update londiste.seq_info set local = true where queue_name = i_queue_name and seq_name = v_fq;
        else
            insert into londiste.seq_info (queue_name, seq_name, local, last_value)
                values (i_queue_name, v_fq, true, 0);
        end if;
        perform 1 from londiste.root_check_seqs(i_queue_name);
    else
        if not found then
            select 404, 'Unknown sequence: ' || v_fq into ret_code, ret_note;
            return;
        end if;
        update londiste.seq_info set local = true where queue_name = i_queue_name and seq_name = v_fq;
        perform pgq.seq_setval(v_fq, v_last);
    end if;

    select 200, 'Sequence added: ' || v_fq into ret_code, ret_note;
    return;
end;
$$ language plpgsql;
