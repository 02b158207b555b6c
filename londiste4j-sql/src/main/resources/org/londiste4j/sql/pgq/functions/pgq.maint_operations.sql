create or replace function pgq.maint_operations(out func_name text, out func_arg text)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: pgq.maint_operations(0)
--
--      Lists the maintenance steps pgqd runs, each in a transaction of its
--      own, in this order: pgq.maint_rotate_tables_step1(queue) for the
--      queues due for rotation; pgq.maint_rotate_tables_step2() when a
--      rotation may be unfinished; the functions in each queue's
--      queue_extra_maint; pgq_node.maint_watermark(queue) and
--      londiste.periodic_maintenance() where those are installed; then
--      'vacuum' of the tables of pgq.maint_tables_to_vacuum().
--
-- Returns:
--      func_name   - function to call, or 'vacuum'
--      func_arg    - its argument (queue or table name), or NULL
-- Calls:
--      pgq.maint_tables_to_vacuum(0)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    q           record;
    v_step2     boolean := false;
    v_fn        text;
begin
    for q in select queue_name from pgq.queue
              where queue_switch_step2 is not null and queue_switch_time + queue_rotation_period < now()
              order by queue_name
    loop
        func_name := 'pgq.maint_rotate_tables_step1';
        func_arg := q.queue_name;
        v_step2 := true;
        return next;
    end loop;
    if v_step2 or exists (select 1 from pgq.queue where queue_switch_step2 is null) then
        func_name := 'pgq.maint_rotate_tables_step2';
        func_arg := null;
        return next;
    end if;

    for q in select queue_name, unnest(queue_extra_maint) as fn from pgq.queue
              where queue_extra_maint is not null order by queue_name
    loop
        func_name := q.fn;
        func_arg := q.queue_name;
        return next;
    end loop;

    if to_regprocedure('pgq_node.maint_watermark(text)') is not null
       and to_regclass('pgq_node.node_info') is not null
    then
        for q in execute 'select queue_name from pgq_node.node_info order by queue_name' loop
            func_name := 'pgq_node.maint_watermark';
            func_arg := q.queue_name;
            return next;
        end loop;
    end if;
    if to_regprocedure('londiste.periodic_maintenance()') is not null then
        func_name := 'londiste.periodic_maintenance';
        func_arg := null;
        return next;
    end if;

    for v_fn in select t from pgq.maint_tables_to_vacuum() t loop
        func_name := 'vacuum';
        func_arg := v_fn;
        return next;
    end loop;
    return;
end;
$$ language plpgsql;
