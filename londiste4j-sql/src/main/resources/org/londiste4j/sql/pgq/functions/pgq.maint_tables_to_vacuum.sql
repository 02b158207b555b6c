create or replace function pgq.maint_tables_to_vacuum()
returns setof text as $$
-- ----------------------------------------------------------------------
-- Function: pgq.maint_tables_to_vacuum(0)
--
--      Returns the small, busily updated tables that need frequent VACUUM
--      (pgq's own, and pgq_node's and londiste's when installed), or none
--      when autovacuum is on: it looks after them then. Event tables are
--      never among them: they are emptied by TRUNCATE.
--
-- Returns:
--      table names, schema-qualified
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select t from unnest(array['pgq.subscription', 'pgq.consumer', 'pgq.queue', 'pgq.tick', 'pgq.retry_queue',
                               'pgq_node.node_info', 'pgq_node.local_state', 'pgq_node.subscriber_info',
                               'londiste.completed', 'pgq_ext.completed_tick', 'pgq_ext.completed_batch',
                               'pgq_ext.completed_event', 'pgq_ext.partial_batch']) with ordinality as a(t, n)
     where to_regclass(t) is not null and current_setting('autovacuum') <> 'on'
     order by n;
$$ language sql stable;
