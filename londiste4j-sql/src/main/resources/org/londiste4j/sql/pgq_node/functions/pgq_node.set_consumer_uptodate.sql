create or replace function pgq_node.set_consumer_uptodate(
    in i_queue_name text,
    in i_consumer_name text,
    in i_uptodate boolean,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.set_consumer_uptodate(3)
--
--      Sets a cascaded consumer's uptodate flag: the consumer sets it once
--      it has seen an administrative change (pause, new provider), which
--      clears it, so that the admin tool can wait for that.
--
-- Parameters:
--      i_queue_name        - cascaded queue name
--      i_consumer_name     - cascaded consumer name
--      i_uptodate          - new flag
--
-- Returns:
--      ret_code            - 200 ok, 404 unknown consumer
--      ret_note            - description
-- Calls:
--      none
-- Tables directly manipulated:
--      update - pgq_node.local_state
-- ----------------------------------------------------------------------
begin
    update pgq_node.local_state set uptodate = i_uptodate
     where queue_name = i_queue_name and consumer_name = i_consumer_name;
    if found then
        ret_code := 200;
        ret_note := 'Consumer uptodate = ' || i_uptodate::int4::text;
    else
        ret_code := 404;
        ret_note := 'Consumer not known: ' || i_queue_name || '/' || i_consumer_name;
    end if;
    return;
end;
$$ language plpgsql security definer;
