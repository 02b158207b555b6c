create or replace function londiste.get_valid_pending_fkeys(i_queue_name text)
returns setof londiste.pending_fkeys as $$
-- ----------------------------------------------------------------------
-- Function: londiste.get_valid_pending_fkeys(1)
--
--      Lists the dropped foreign keys this queue's worker may restore
--      now: both tables are local on some queue, every copy of each is
--      finished (state ok, no snapshot left), one of them is this
--      queue's, and this queue is the one chosen for the pair (the root
--      queue of a combined root, else a branch's combined queue, else
--      the first queue by name) so that only one worker restores it.
--
-- Parameters:
--      i_queue_name - queue name
--
-- Returns:
--      rows of londiste.pending_fkeys
-- Calls:
--      none
-- Tables directly manipulated:
--      none (reads londiste.pending_fkeys, londiste.table_info,
--      pgq_node.node_info)
-- ----------------------------------------------------------------------
    with sides as (
        select f.from_table, f.to_table, f.fkey_name, f.fkey_def, s.side,
               count(t.table_name) as n_total,
               count(case when t.queue_name = $1 then 1 end) as n_mine,
               count(case when t.merge_state = 'ok' and t.custom_snapshot is null then 1 end) as n_ok
          from londiste.pending_fkeys f
          cross join lateral (values (f.from_table), (f.to_table)) as s(side)
          left join londiste.table_info t on coalesce(t.dest_table, t.table_name) = s.side and t.local
         group by 1, 2, 3, 4, 5
    )
    select s.from_table, s.to_table, s.fkey_name, s.fkey_def
      from sides s
     group by 1, 2, 3, 4
    having bool_and(s.n_total > 0 and s.n_ok = s.n_total) and sum(s.n_mine) > 0
       and $1 = (select coalesce(min(case when c.node_type = 'root' then t.queue_name end),
                                 min(case when c.node_type = 'branch' then c.queue_name end),
                                 min(t.queue_name))
                   from londiste.table_info t
                   join pgq_node.node_info n on n.queue_name = t.queue_name
                   left join pgq_node.node_info c on c.queue_name = n.combined_queue
                  where coalesce(t.dest_table, t.table_name) in (s.to_table, s.from_table) and t.local)
     order by 1, 2, 3;
$$ language sql strict stable;
