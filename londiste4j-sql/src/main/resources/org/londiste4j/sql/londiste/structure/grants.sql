-- londiste: roles and grants. Run last: it names the functions above.
-- As the original: londiste_reader (in pgq_reader) may read a provider's registry, londiste_writer (in
-- pgq_admin) runs a node (replay, setup); everyone may look into the registry tables. The roles are
-- created when the installing user may create roles; otherwise the install goes on without them (a
-- WARNING says so) and the functions stay executable by PUBLIC.

grant usage on schema londiste to public;
grant select on londiste.table_info, londiste.seq_info, londiste.pending_fkeys, londiste.applied_execute to public;
grant select on londiste.copy_progress to public;

do $roles$
declare
    v_may   boolean;
    r       text[];
begin
    select rolsuper or rolcreaterole into v_may from pg_catalog.pg_roles where rolname = current_user;
    foreach r slice 1 in array array[array['londiste_writer', 'pgq_admin'], array['londiste_reader', 'pgq_reader']] loop
        if not exists (select 1 from pg_catalog.pg_roles where rolname = r[1]) then
            if v_may and exists (select 1 from pg_catalog.pg_roles where rolname = r[2]) then
                execute 'create role ' || r[1] || ' in role ' || r[2];
            else
                raise warning using message = 'londiste: role ' || r[1] || ' not created: ' || current_user
                    || ' may not create roles or ' || r[2] || ' is missing; ask a superuser to create it';
            end if;
        end if;
    end loop;
end
$roles$;

do $grants$
declare
    v_remote    text[] := array[
        'londiste.get_seq_list(text)', 'londiste.get_table_list(text)', 'londiste._coordinate_copy(text, text)',
        'londiste.get_copy_progress(text)'];
    v_local     text[] := array[
        'londiste.local_show_missing(text)', 'londiste.local_add_seq(text, text)',
        'londiste.local_add_table(text, text, text[], text, text)', 'londiste.local_add_table(text, text, text[], text)',
        'londiste.local_add_table(text, text, text[])', 'londiste.local_add_table(text, text)',
        'londiste.local_change_handler(text, text, text[], text)',
        'londiste.local_remove_seq(text, text)', 'londiste.local_remove_table(text, text)',
        'londiste.global_add_table(text, text)', 'londiste.global_remove_table(text, text)',
        'londiste.global_update_seq(text, text, bigint)', 'londiste.global_remove_seq(text, text)',
        'londiste.get_table_pending_fkeys(text)', 'londiste.get_valid_pending_fkeys(text)',
        'londiste.drop_table_fkey(text, text)', 'londiste.restore_table_fkey(text, text, boolean)',
        'londiste.execute_start(text, text, text, boolean)', 'londiste.execute_start(text, text, text, boolean, text)',
        'londiste.execute_finish(text, text)', 'londiste.root_notify_change(text, text, text)',
        'londiste.local_set_table_state(text, text, text, text)', 'londiste.local_set_table_attrs(text, text, text)',
        'londiste.local_set_table_struct(text, text, text)', 'londiste.drop_table_triggers(text, text)',
        'londiste.table_info_trigger()', 'londiste.create_trigger(text, text, text[], text, text)',
        'londiste.set_session_replication_role(text, boolean)', 'londiste.upgrade_schema()',
        'londiste.set_copy_progress(text, text, text, bigint, bigint, bigint, bigint)'];
    v_maint     text[] := array[
        'londiste.periodic_maintenance()', 'londiste.root_check_seqs(text)', 'londiste.root_check_seqs(text, bigint)'];
    f           text;
begin
    if (select count(*) from pg_catalog.pg_roles
         where rolname in ('londiste_writer', 'londiste_reader', 'pgq_admin')) < 3 then
        return;     -- without the roles everything stays as PUBLIC has it
    end if;
    execute 'grant select, insert, update, delete on londiste.table_info, londiste.seq_info,'
        || ' londiste.pending_fkeys, londiste.applied_execute to pgq_admin';
    execute 'grant select, insert, update, delete on londiste.copy_progress to pgq_admin';
    execute 'grant usage on sequence londiste.table_info_nr_seq, londiste.seq_info_nr_seq to londiste_writer';
    foreach f in array v_remote loop
        execute 'revoke all on function ' || f || ' from public';
        execute 'grant execute on function ' || f || ' to londiste_reader, londiste_writer';
    end loop;
    foreach f in array v_local loop
        execute 'revoke all on function ' || f || ' from public';
        execute 'grant execute on function ' || f || ' to londiste_writer';
    end loop;
    foreach f in array v_maint loop
        execute 'revoke all on function ' || f || ' from public';
        execute 'grant execute on function ' || f || ' to londiste_writer, pgq_admin';
    end loop;
end
$grants$;
