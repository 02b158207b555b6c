-- pgq_node: grants. Run last: it names the functions above. The roles are pgq's (created by its install
-- when the installer may create roles): pgq_reader reads the node registry remotely (a subscriber's
-- worker on its provider), pgq_writer also keeps cascaded consumers' state, pgq_admin runs workers and
-- administers nodes. Without the three roles every function stays executable by PUBLIC.

grant usage on schema pgq_node to public;

do $grants$
declare
    -- anyone: plain questions about the local node
    v_public    text[] := array[
        'pgq_node.is_root_node(text)', 'pgq_node.is_leaf_node(text)', 'pgq_node.version()'];
    -- a cascaded consumer keeping its own position in this database
    v_consumer  text[] := array[
        'pgq_node.register_consumer(text, text, text, bigint)', 'pgq_node.unregister_consumer(text, text)',
        'pgq_node.change_consumer_provider(text, text, text)',
        'pgq_node.set_consumer_uptodate(text, text, boolean)', 'pgq_node.set_consumer_paused(text, text, boolean)',
        'pgq_node.set_consumer_completed(text, text, bigint)', 'pgq_node.set_consumer_error(text, text, text)'];
    -- the node's worker and the admin tool
    v_worker    text[] := array[
        'pgq_node.create_node(text, text, text, text, text, bigint, text)', 'pgq_node.drop_node(text, text)',
        'pgq_node.demote_root(text, integer, text)', 'pgq_node.promote_branch(text)',
        'pgq_node.set_node_attrs(text, text)', 'pgq_node.get_worker_state(text)',
        'pgq_node.set_global_watermark(text, bigint)', 'pgq_node.set_partition_watermark(text, text, bigint)'];
    v_admin     text[] := array[
        'pgq_node.register_location(text, text, text, boolean)', 'pgq_node.unregister_location(text, text)',
        'pgq_node.upgrade_schema()', 'pgq_node.maint_watermark(text)', 'pgq_node._queue_top(text)'];
    -- what a subscriber's worker calls on its provider
    v_remote    text[] := array[
        'pgq_node.get_consumer_info(text)', 'pgq_node.get_consumer_state(text, text)',
        'pgq_node.get_queue_locations(text)', 'pgq_node.get_node_info(text)',
        'pgq_node.get_subscriber_info(text)', 'pgq_node.register_subscriber(text, text, text, bigint)',
        'pgq_node.unregister_subscriber(text, text)', 'pgq_node.set_subscriber_watermark(text, text, bigint)'];
    v_tables    text := 'pgq_node.node_location, pgq_node.node_info, pgq_node.local_state, pgq_node.subscriber_info';
    f           text;
begin
    if (select count(*) from pg_catalog.pg_roles
         where rolname in ('pgq_reader', 'pgq_writer', 'pgq_admin')) < 3 then
        return;
    end if;
    execute 'grant usage on schema pgq_node to pgq_reader, pgq_writer, pgq_admin';
    foreach f in array v_public loop
        execute 'grant execute on function ' || f || ' to public';
    end loop;
    foreach f in array v_consumer loop
        execute 'revoke all on function ' || f || ' from public';
        execute 'grant execute on function ' || f || ' to pgq_writer, pgq_admin';
    end loop;
    foreach f in array v_worker || v_admin loop
        execute 'revoke all on function ' || f || ' from public';
        execute 'grant execute on function ' || f || ' to pgq_admin';
    end loop;
    foreach f in array v_remote loop
        execute 'revoke all on function ' || f || ' from public';
        execute 'grant execute on function ' || f || ' to pgq_reader, pgq_writer, pgq_admin';
    end loop;
    execute 'revoke all on ' || v_tables || ' from public';
    execute 'grant select on ' || v_tables || ' to pgq_reader, pgq_writer';
    execute 'grant select, insert, update, delete on ' || v_tables || ' to pgq_admin';
    execute 'grant select on pgq_node.schema_version to public';
end
$grants$;
