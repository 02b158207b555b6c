-- pgq: install-or-upgrade manifest. Files are run in this order, in one transaction, with
-- check_function_bodies off (so functions may name each other in any order). Every file is
-- idempotent: a newer londiste4j runs the same list over an older install to upgrade it.

-- structure
structure/tables.sql
structure/capture.sql

-- queue administration
functions/pgq.version.sql
functions/pgq.quote_fqname.sql
functions/pgq.seq_funcs.sql
functions/pgq.create_queue.sql
functions/pgq.drop_queue.sql
functions/pgq.set_queue_config.sql
functions/pgq.tune_storage.sql
functions/pgq._grant_perms_from.sql
functions/pgq.grant_perms.sql

-- event insertion
functions/pgq.rebuild_insert_dispatch.sql
functions/pgq._insert_view.sql
functions/pgq.insert_event.sql
functions/pgq.insert_event_raw.sql
functions/pgq.current_event_table.sql

-- ticker and batches
functions/pgq.ticker.sql
functions/pgq.force_tick.sql
functions/pgq.find_tick_helper.sql
functions/pgq.next_batch.sql
functions/pgq.batch_event_tables.sql
functions/pgq.batch_event_sql.sql
functions/pgq.get_batch_events.sql
functions/pgq.get_batch_cursor.sql
functions/pgq.get_batch_info.sql
functions/pgq.finish_batch.sql
functions/pgq.event_retry.sql
functions/pgq.event_retry_raw.sql
functions/pgq.batch_retry.sql

-- consumers and info
functions/pgq.register_consumer.sql
functions/pgq.unregister_consumer.sql
functions/pgq.get_consumer_info.sql
functions/pgq.get_queue_info.sql

-- maintenance
functions/pgq.maint_retry_events.sql
functions/pgq.maint_rotate_tables.sql
functions/pgq.maint_tables_to_vacuum.sql
functions/pgq.maint_operations.sql

-- triggers
triggers/pgq._urlencode.sql
triggers/pgq._trg_meta.sql
triggers/pgq._trg_support.sql
triggers/pgq._trg_override.sql
triggers/pgq.logutriga.sql
triggers/pgq.sqltriga.sql
triggers/pgq.jsontriga.sql
triggers/pgq._capture_insert_event.sql
triggers/pgq._capture_generate.sql
triggers/pgq._capture_register.sql
triggers/pgq._capture_ddl.sql
triggers/pgq._capture_drop.sql
triggers/pgq._capture_event_triggers.sql
triggers/pgq.create_capture_trigger.sql

-- converge an older install (after the functions: it calls some of them)
structure/upgrade_schema.sql

-- event triggers of the generated capture functions (superuser only)
structure/capture_events.sql

-- grants (last: they name the functions above)
structure/grants.sql
