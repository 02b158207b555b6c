create or replace function londiste.root_check_seqs(
    in i_queue_name text,
    in i_buffer int8,
    out ret_code int4,
    out ret_note text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.root_check_seqs(2)
--
--      On the root: publishes a new value for every local sequence that
--      came within i_buffer of its last published value, as the event
--      londiste.update-seq (ev_data = the value, ev_extra1 = the name).
--      The value published is the current one plus three buffers, so
--      the nodes below always stay ahead of the root.
--
-- Parameters:
--      i_queue_name - cascaded queue name
--      i_buffer     - safety room; NULL or below 10 means 10000
--
-- Returns:
--      100 - Sequences updated
--      402 - Not a root node
--      404 - Queue not found
-- Calls:
--      pgq.insert_event(7)
-- Tables directly manipulated:
--      update - londiste.seq_info
-- ----------------------------------------------------------------------
declare
    v_buffer    int8 := case when i_buffer is null or i_buffer < 10 then 10000 else i_buffer end;
    v_type      text;
    v_real      int8;
    v_pub       int8;
    s           record;
begin
    -- the node row lock serialises two checkers, so a value is never published twice
    select n.node_type into v_type from pgq_node.node_info n where n.queue_name = i_queue_name for update;
    if not found then
        select 404, 'Queue not found: ' || i_queue_name into ret_code, ret_note;
        return;
    end if;
    if v_type <> 'root' then
        select 402, 'Not a root node' into ret_code, ret_note;
        return;
    end if;

    for s in
        select i.seq_name, i.last_value from londiste.seq_info i
         where i.queue_name = i_queue_name and i.local
         order by i.nr
    loop
        execute 'select last_value from ' || londiste.quote_fqname(s.seq_name) into v_real;
        if v_real + v_buffer >= s.last_value then
            v_pub := v_real + v_buffer * 3;
            perform pgq.insert_event(i_queue_name, 'londiste.update-seq', v_pub::text, s.seq_name, null, null, null);
            update londiste.seq_info set last_value = v_pub
             where queue_name = i_queue_name and seq_name = s.seq_name;
        end if;
    end loop;

    select 100, 'Sequences updated' into ret_code, ret_note;
    return;
end;
$$ language plpgsql;

create or replace function londiste.root_check_seqs(
    in i_queue_name text,
    out ret_code int4,
    out ret_note text)
as $$
-- ----------------------------------------------------------------------
-- Function: londiste.root_check_seqs(1)
--
--      londiste.root_check_seqs(2) with the default safety room 10000.
--
-- Parameters:
--      i_queue_name - cascaded queue name
--
-- Returns:
--      as londiste.root_check_seqs(2)
-- Calls:
--      londiste.root_check_seqs(2)
-- Tables directly manipulated:
--      update - londiste.seq_info
-- ----------------------------------------------------------------------
    select f.ret_code, f.ret_note from londiste.root_check_seqs($1, 10000) f;
$$ language sql;
