create or replace function pgq_node.set_consumer_paused(
    in i_queue_name text,
    in i_consumer_name text,
    in i_paused boolean,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.set_consumer_paused(3)
--
--      Pauses or resumes a cascaded consumer. A change clears its uptodate
--      flag, so that the admin tool can wait until the consumer has seen it.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--      i_consumer_name     - cascaded consumer name
--      i_paused            - true to pause, false to resume
--
-- Returns:
--      ret_code            - 200 ok, 201 already so, 404 unknown consumer
--      ret_note            - description
-- Calls:
--      none
-- Tables directly manipulated:
--      update - pgq_node.local_state
-- ----------------------------------------------------------------------
declare
    v_old   boolean;
    v_word  text := case when i_paused then 'paused' else 'resumed' end;
begin
    select s.paused into v_old from pgq_node.local_state s
     where s.queue_name = i_queue_name and s.consumer_name = i_consumer_name
       for update;
    if not found then
        ret_code := 404;
        ret_note := 'Unknown consumer: ' || i_consumer_name;
    elsif v_old = i_paused then
        ret_code := 201;
        ret_note := 'Consumer ' || i_consumer_name || ' already ' || v_word;
    else
        update pgq_node.local_state set paused = i_paused, uptodate = false
         where queue_name = i_queue_name and consumer_name = i_consumer_name;
        ret_code := 200;
        ret_note := 'Consumer ' || i_consumer_name || ' tagged as ' || v_word;
    end if;
    return;
end;
$$ language plpgsql security definer;
