create or replace function pgq_node.set_partition_watermark(
    in i_combined_queue_name text,
    in i_part_queue_name text,
    in i_watermark bigint,
    out ret_code int4,
    out ret_note text)
returns record as $$
-- ----------------------------------------------------------------------
-- Function: pgq_node.set_partition_watermark(3)
--
--      On a combined branch: moves the position of the merge-leaf worker
--      of a partition queue to the partition tick that came in a batch of
--      the combined root, so that it is in place should this branch become
--      the combined root.
--
-- Parameters:
--      i_combined_queue_name   - the local combined queue (a branch)
--      i_part_queue_name       - the local partition queue (a merge-leaf into it)
--      i_watermark             - the partition's tick id
--
-- Returns:
--      ret_code                - 200 ok, 201 no such partition queue,
--                                401 its worker is not registered
--      ret_note                - description
-- Calls:
--      none
-- Tables directly manipulated:
--      update - pgq_node.local_state
-- ----------------------------------------------------------------------
declare
    v_worker    text;
begin
    select p.worker_name into v_worker
      from pgq_node.node_info p
      join pgq_node.node_info c on c.queue_name = p.combined_queue
     where p.queue_name = i_part_queue_name and p.node_type = 'leaf'
       and c.queue_name = i_combined_queue_name and c.node_type = 'branch';
    if not found then
        ret_code := 201;
        ret_note := 'Part-queue does not exist';
        return;
    end if;

    update pgq_node.local_state set last_tick_id = i_watermark
     where queue_name = i_part_queue_name and consumer_name = v_worker;
    if not found then
        ret_code := 401;
        ret_note := 'Worker registration not found';
        return;
    end if;
    ret_code := 200;
    ret_note := 'Ok';
    return;
end;
$$ language plpgsql security definer;
