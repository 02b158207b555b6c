-- londiste: install-or-upgrade manifest. Files are run in this order, in one transaction, with
-- check_function_bodies off (so functions may name each other in any order). Every file is
-- idempotent: a newer londiste4j runs the same list over an older install to upgrade it.
-- Needs the pgq and pgq_node schemas (ours or the original extensions) installed first.
--
-- Left out on purpose: the partition helpers of the original londiste 3.8 (create_partition,
-- is_obsolete_partition, list_obsolete_partitions, drop_obsolete_partitions), which only served
-- handlers londiste4j does not ship.

-- structure
structure/tables.sql
structure/copy_progress.sql

-- names and catalog look-ups
functions/londiste.version.sql
functions/londiste.split_fqname.sql
functions/londiste.make_fqname.sql
functions/londiste.quote_fqname.sql
functions/londiste.find_rel_oid.sql
functions/londiste.find_table_oid.sql
functions/londiste.find_seq_oid.sql
functions/londiste.find_column_types.sql
functions/londiste.find_table_fkeys.sql
functions/londiste.is_replica_func.sql

-- information
functions/londiste.get_seq_list.sql
functions/londiste.get_table_list.sql
functions/londiste._coordinate_copy.sql
functions/londiste.local_show_missing.sql

-- initial copy progress (londiste4j's own)
functions/londiste.set_copy_progress.sql
functions/londiste.get_copy_progress.sql

-- tables
functions/londiste.create_trigger.sql
functions/londiste.drop_table_triggers.sql
functions/londiste.table_info_trigger.sql
functions/londiste.local_add_table.sql
functions/londiste.local_change_handler.sql
functions/londiste.local_remove_table.sql
functions/londiste.global_add_table.sql
functions/londiste.global_remove_table.sql
functions/londiste.local_set_table_state.sql
functions/londiste.local_set_table_attrs.sql
functions/londiste.local_set_table_struct.sql

-- sequences
functions/londiste.root_notify_change.sql
functions/londiste.root_check_seqs.sql
functions/londiste.local_add_seq.sql
functions/londiste.local_remove_seq.sql
functions/londiste.global_update_seq.sql
functions/londiste.global_remove_seq.sql

-- foreign keys
functions/londiste.get_table_pending_fkeys.sql
functions/londiste.get_valid_pending_fkeys.sql
functions/londiste.drop_table_fkey.sql
functions/londiste.restore_table_fkey.sql

-- EXECUTE scripts, replay session, maintenance
functions/londiste.execute_start.sql
functions/londiste.execute_finish.sql
functions/londiste.set_session_replication_role.sql
functions/londiste.periodic_maintenance.sql

-- converge an older install, create the registry's trigger (after the functions: it names them)
structure/upgrade_schema.sql

-- grants (last: they name the functions above)
structure/grants.sql
