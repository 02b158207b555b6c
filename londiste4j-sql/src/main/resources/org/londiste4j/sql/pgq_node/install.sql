-- pgq_node: install-or-upgrade manifest. Files are run in this order, in one transaction, with
-- check_function_bodies off (so functions may name each other in any order). Every file is
-- idempotent: a newer londiste4j runs the same list over an older install to upgrade it.

-- pgq first
structure/requires.sql

-- structure
structure/tables.sql

-- global node map
functions/pgq_node.version.sql
functions/pgq_node._queue_top.sql
functions/pgq_node.register_location.sql
functions/pgq_node.unregister_location.sql
functions/pgq_node.get_queue_locations.sql

-- node operations
functions/pgq_node.create_node.sql
functions/pgq_node.drop_node.sql
functions/pgq_node.get_node_info.sql
functions/pgq_node.is_root_node.sql
functions/pgq_node.is_leaf_node.sql
functions/pgq_node.get_subscriber_info.sql
functions/pgq_node.get_consumer_info.sql
functions/pgq_node.demote_root.sql
functions/pgq_node.promote_branch.sql
functions/pgq_node.set_node_attrs.sql

-- provider side: subscribers
functions/pgq_node.register_subscriber.sql
functions/pgq_node.unregister_subscriber.sql
functions/pgq_node.set_subscriber_watermark.sql

-- subscriber side: the worker
functions/pgq_node.get_worker_state.sql
functions/pgq_node.set_global_watermark.sql
functions/pgq_node.set_partition_watermark.sql

-- subscriber side: any cascaded consumer
functions/pgq_node.register_consumer.sql
functions/pgq_node.unregister_consumer.sql
functions/pgq_node.get_consumer_state.sql
functions/pgq_node.change_consumer_provider.sql
functions/pgq_node.set_consumer_uptodate.sql
functions/pgq_node.set_consumer_paused.sql
functions/pgq_node.set_consumer_completed.sql
functions/pgq_node.set_consumer_error.sql

-- maintenance (pgq.maint_operations() lists it for every node)
functions/pgq_node.maint_watermark.sql

-- converge an older install (after the functions)
structure/upgrade_schema.sql

-- grants (last: they name the functions above)
structure/grants.sql
