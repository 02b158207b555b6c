-- the pgq_node API in one database: a root, a branch and a leaf of three queues, wired as a cascade would be
-- (the branch reads the root's queue, the leaf reads the branch's), then consumers, flags, watermarks,
-- demotion and promotion, drop
\set VERBOSITY terse
set client_min_messages = error;
create function pg_temp.try(i_sql text) returns text language plpgsql as $$
begin
    execute i_sql;
    return 'ok';
exception when others then
    return sqlerrm;
end $$;
select pgq_node.version() ~ '^3\.5-londiste4j\.[0-9]+$' as version_ok;

-- root: locations first, then the node
select * from pgq_node.register_location('aq', 'n1', 'dbname=n1', false);
select * from pgq_node.register_location('aq', 'n2', 'dbname=n2', false);
select * from pgq_node.get_worker_state('aq');
select * from pgq_node.create_node('aq', 'root', 'n1', 'w1', null, null, null);
select * from pgq_node.create_node('aq', 'root', 'n1', 'w1', null, null, null);
select * from pgq_node.create_node('xq', 'root', 'n1', 'w1', 'n2', null, null);
select * from pgq_node.create_node('xq', 'bogus', 'n1', 'w1', null, null, null);
select * from pgq_node.create_node('xq', 'branch', 'n1', 'w1', null, 1, null);
select * from pgq_node.create_node('xq', 'branch', 'n1', 'w1', 'n2', null, null);
select * from pgq_node.create_node('xq', 'leaf', 'n1', 'w1', 'n2', 1, 'nosuch');
select queue_name, queue_external_ticker, queue_disable_insert from pgq.queue order by 1;
-- tick on every call from here on
select pgq.set_queue_config('aq', 'ticker_max_lag', '0'), pgq.set_queue_config('aq', 'ticker_idle_period', '0');
select pgq_node.is_root_node('aq') as root, pgq_node.is_leaf_node('aq') as leaf;
select pg_temp.try($$select pgq_node.is_root_node('nosuch')$$) as error;
select * from pgq_node.get_node_info('aq');
select * from pgq_node.get_worker_state('aq');
select * from pgq_node.get_node_info('nosuch');
-- a location registered on the root goes down the queue
select * from pgq_node.register_location('aq', 'n3', 'dbname=n3', false);
select * from pgq_node.register_location('aq', 'n3', null, true);
select * from pgq_node.register_location('aq', 'n9', null, true);
select * from pgq_node.get_queue_locations('aq');
select pgq.ticker('aq') as tick;

-- the branch subscribes on the root, then becomes a node of its own queue here ('bq' stands for 'aq' elsewhere)
select * from pgq_node.register_subscriber('aq', 'n2', 'w2', null);
select * from pgq_node.register_subscriber('aq', 'n3', 'w3', 2);
select * from pgq_node.get_subscriber_info('aq');
select consumer_name, last_tick from pgq.get_consumer_info('aq') order by 1;
select ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3 from pgq.get_batch_events(pgq.next_batch('aq', 'w2'))
 order by ev_id;
select pgq.finish_batch(pgq.next_batch('aq', 'w2'));
select * from pgq_node.register_location('bq', 'n1', 'dbname=n1', false);
select * from pgq_node.register_location('bq', 'n2', 'dbname=n2', false);
select * from pgq_node.register_location('bq', 'n3', 'dbname=n3', false);
select * from pgq_node.create_node('bq', 'branch', 'n2', 'w2', 'n1', 5, null);
select queue_name, queue_external_ticker, queue_disable_insert from pgq.queue order by 1;
select tick_id from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue where q.queue_name = 'bq' order by 1;
select * from pgq_node.get_node_info('bq');
select * from pgq_node.get_worker_state('bq');
select pg_temp.try($$select pgq.insert_event('bq', 'x', 'y')$$) <> 'ok' as branch_refuses_inserts;

-- the leaf reads the branch
select * from pgq_node.register_subscriber('bq', 'n3', 'w3', null);
select * from pgq_node.register_location('cq', 'n2', 'dbname=n2', false);
select * from pgq_node.register_location('cq', 'n3', 'dbname=n3', false);
select * from pgq_node.create_node('cq', 'leaf', 'n3', 'w3', 'n2', 5, null);
select * from pgq_node.get_node_info('cq');
select * from pgq_node.get_worker_state('cq');
select * from pgq_node.register_subscriber('cq', 'n4', 'w4', null);
select pgq_node.is_leaf_node('cq') as leaf;
-- a merge-leaf: partition queue 'pq' here writes into the branch's queue 'bq'
select * from pgq_node.register_location('pq', 'p1', 'dbname=p1', false);
select * from pgq_node.register_location('pq', 'n2', 'dbname=n2', false);
select * from pgq_node.create_node('pq', 'leaf', 'n2', 'w2p', 'p1', 1, 'bq');
select combined_queue, combined_type from pgq_node.get_worker_state('pq');
select target_for from pgq_node.get_node_info('bq');
select * from pgq_node.set_partition_watermark('bq', 'pq', 3);
select * from pgq_node.set_partition_watermark('bq', 'cq', 3);
select completed_tick from pgq_node.get_worker_state('pq');
select * from pgq_node.drop_node('pq', 'n2');

-- a cascaded consumer on the leaf: register, state, flags, completed, error
select * from pgq_node.register_consumer('cq', 'c1', 'n2', 5);
select * from pgq_node.register_consumer('cq', 'c1', 'n2', 6);
select * from pgq_node.register_consumer('nosuch', 'c1', 'n2', 6);
select * from pgq_node.get_consumer_state('cq', 'c1');
select * from pgq_node.get_consumer_state('cq', 'nobody');
select * from pgq_node.get_consumer_state('nosuch', 'c1');
select * from pgq_node.set_consumer_uptodate('cq', 'c1', true);
select * from pgq_node.set_consumer_uptodate('cq', 'nobody', true);
select * from pgq_node.set_consumer_paused('cq', 'c1', true);
select * from pgq_node.set_consumer_paused('cq', 'c1', true);
select * from pgq_node.set_consumer_paused('cq', 'nobody', true);
select paused, uptodate from pgq_node.get_consumer_state('cq', 'c1');
select * from pgq_node.set_consumer_paused('cq', 'c1', false);
select * from pgq_node.set_consumer_error('cq', 'c1', 'failed: boom');
select * from pgq_node.set_consumer_error('cq', 'nobody', 'failed');
select cur_error from pgq_node.get_consumer_state('cq', 'c1');
select * from pgq_node.set_consumer_completed('cq', 'c1', 7);
select * from pgq_node.set_consumer_completed('cq', 'nobody', 7);
select * from pgq_node.get_consumer_info('cq');
select * from pgq_node.change_consumer_provider('cq', 'c1', 'n9');
select * from pgq_node.change_consumer_provider('cq', 'nobody', 'n3');
select * from pgq_node.change_consumer_provider('cq', 'c1', 'n3');
select * from pgq_node.unregister_consumer('cq', 'c1');
select * from pgq_node.unregister_consumer('nosuch', 'c1');
select * from pgq_node.get_consumer_info('cq');
select * from pgq_node.set_node_attrs('cq', 'sync_watermark=n3');
select * from pgq_node.set_node_attrs('nosuch', 'x=1');
select node_attrs from pgq_node.get_node_info('cq');

-- watermarks: subscribers report theirs to the provider, the root publishes the lowest
select * from pgq_node.set_subscriber_watermark('aq', 'n2', 2);
select * from pgq_node.set_subscriber_watermark('aq', 'n2', 2);
select * from pgq_node.set_subscriber_watermark('aq', 'n2', 1);
select * from pgq_node.set_subscriber_watermark('aq', 'n8', 2);
select * from pgq_node.get_subscriber_info('aq');
select local_watermark, global_watermark from pgq_node.get_node_info('aq');
select * from pgq_node.set_subscriber_watermark('aq', 'n3', 2);
select consumer_name, last_tick from pgq.get_consumer_info('aq') order by 1;
select local_watermark, global_watermark from pgq_node.get_node_info('aq');
select * from pgq_node.set_global_watermark('aq', null);
select completed_tick, global_watermark from pgq_node.get_worker_state('aq');
select pgq.ticker('aq') as tick;
select ev_type, ev_data, ev_extra1 from pgq.get_batch_events(pgq.next_batch('aq', 'w2'));
select pgq.finish_batch(pgq.next_batch('aq', 'w2'));
select * from pgq_node.set_global_watermark('aq', 3);
select global_watermark from pgq_node.get_worker_state('aq');
select * from pgq_node.set_global_watermark('bq', null);
select * from pgq_node.set_global_watermark('bq', 99);
select pgq.ticker('bq', 6, now(), 1) as tick;
select * from pgq_node.set_global_watermark('bq', 6);
select global_watermark from pgq_node.get_worker_state('bq');
select * from pgq_node.set_global_watermark('cq', 6);
select * from pgq_node.set_global_watermark('nosuch', 6);
select pgq_node.maint_watermark('aq') as maint, pgq_node.maint_watermark('bq') as maint_branch;
select func_name, func_arg from pgq.maint_operations() where func_name like 'pgq_node.%';

-- switchover: the root becomes a branch of n2, the branch becomes the root
select * from pgq_node.demote_root('bq', 1, 'n1');
select pg_temp.try($$select * from pgq_node.demote_root('aq', 2, 'n2')$$) as error;
select * from pgq_node.demote_root('aq', 1, 'n2');
select queue_external_ticker, queue_disable_insert from pgq.queue where queue_name = 'aq';
select ret_code, ret_note, last_tick > 0 as has_tick from pgq_node.demote_root('aq', 2, 'n2');
select ret_code, ret_note, last_tick = (select max(tick_id) from pgq.tick t join pgq.queue q on q.queue_id = t.tick_queue
                                         where q.queue_name = 'aq') as at_top
  from pgq_node.demote_root('aq', 3, 'n2');
select node_type, provider_node, worker_uptodate from pgq_node.get_node_info('aq');
select * from pgq_node.demote_root('nosuch', 1, 'n2');
select * from pgq_node.promote_branch('cq');
select * from pgq_node.promote_branch('nosuch');
select * from pgq_node.promote_branch('bq');
select queue_name, queue_external_ticker, queue_disable_insert from pgq.queue order by 1;
select node_type, provider_node, worker_last_tick from pgq_node.get_node_info('bq');
select pgq.set_queue_config('bq', 'ticker_max_lag', '0'), pgq.set_queue_config('bq', 'ticker_idle_period', '0');
select pgq.insert_event('bq', 'x', 'y') > 0 as root_takes_inserts;
select pgq.ticker('bq') as tick_after_copied_ones;

-- forgetting nodes
select * from pgq_node.unregister_location('cq', 'n3');
select * from pgq_node.unregister_location('cq', 'n2');
select * from pgq_node.unregister_location('bq', 'n9');
select * from pgq_node.unregister_subscriber('bq', 'n3');
select * from pgq_node.unregister_subscriber('bq', 'n3');
select * from pgq_node.drop_node('aq', 'n1');
select * from pgq_node.drop_node('aq', 'n3');
select * from pgq_node.get_subscriber_info('aq');
select * from pgq_node.get_queue_locations('aq');
select * from pgq_node.drop_node('cq', 'n3');
select * from pgq_node.get_node_info('cq');
select * from pgq_node.get_queue_locations('cq');
select * from pgq_node.drop_node('bq', 'n2');
select queue_name from pgq.queue order by 1;
select (select count(*) from pgq_node.node_info) as nodes, (select count(*) from pgq_node.local_state) as states,
       (select count(*) from pgq_node.subscriber_info) as subscribers;
