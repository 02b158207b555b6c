-- the PgQ 3 API on one queue: create, produce, tick, consume, retry, rotate, inspect, drop
\set VERBOSITY terse
-- errors as result rows (psql's own error lines name the script's path)
set client_min_messages = error;
create function pg_temp.try(i_sql text) returns text language plpgsql as $$
begin
    execute i_sql;
    return 'ok';
exception when others then
    return sqlerrm;
end $$;
select pgq.create_queue('q') as created, pgq.create_queue('q') as again;
select pgq.set_queue_config('q', 'ticker_max_lag', '0'), pgq.set_queue_config('q', 'queue_ticker_idle_period', '0');
select pgq.register_consumer('q', 'a') as a, pgq.register_consumer('q', 'a') as a_again,
       pgq.register_consumer('q', 'b') as b;
select pgq.insert_event('q', 'T', 'D') as ev1, pgq.insert_event('q', 'T2', 'D2', 'e1', 'e2', 'e3', 'e4') as ev2;
select pgq.ticker('q') is not null as ticked;
select batch_id, cur_tick_id, prev_tick_id, cur_tick_event_seq, prev_tick_event_seq
  from pgq.next_batch_info('q', 'a');
select ev_id, ev_retry, ev_type, ev_data, ev_extra1, ev_extra2, ev_extra3, ev_extra4 from pgq.get_batch_events(1);
select queue_name, consumer_name, prev_tick_id, tick_id, seq_start, seq_end from pgq.get_batch_info(1);
select pgq.batch_event_tables(1);
select queue_name, consumer_name, last_tick, current_batch, next_tick, pending_events from pgq.get_consumer_info();
select queue_name, queue_ntables, queue_cur_table, queue_rotation_period, queue_external_ticker,
       queue_ticker_paused, queue_ticker_max_count, ev_new, last_tick_id
  from pgq.get_queue_info();
-- retry: back later, to consumer a only
select pgq.event_retry(1, 1, 0) as retried;
select pgq.finish_batch(1) as finished;
select pgq.finish_batch(1) as finished_again;
select pgq.maint_retry_events() as moved;
select pgq.ticker('q') is not null as ticked;
select ev_id, ev_retry, ev_data from pgq.get_batch_events(pgq.next_batch('q', 'a'));
select ev_id, ev_retry, ev_data from pgq.get_batch_events(pgq.next_batch('q', 'b'));
select pgq.finish_batch(2), pgq.finish_batch(3);
-- rotation when due and no consumer is behind the last switch
select pgq.set_queue_config('q', 'rotation_period', '0');
select func_name, func_arg from pgq.maint_operations();
select pgq.maint_rotate_tables_step1('q') as rotated;
select pgq.maint_rotate_tables_step1('q') as rotated_again;
select pgq.maint_rotate_tables_step2() as finished_rotations;
select pgq.current_event_table('q');
-- guards and errors
select pgq.unregister_consumer('q', 'b') as unregistered, pgq.unregister_consumer('q', 'b') as again;
select pgq.quote_fqname('a.B c'), pgq.quote_fqname('x');
select pg_temp.try($$select pgq.insert_event('nosuch', 'a', 'b')$$) as error;
select pg_temp.try($$select pgq.next_batch('q', 'nobody')$$) as error;
select pg_temp.try($$select pgq.set_queue_config('q', 'bogus', '1')$$) as error;
select pg_temp.try($$select pgq.register_consumer('nosuch', 'x')$$) as error;
select pg_temp.try($$select pgq.drop_queue('q')$$) as error;
select pgq.drop_queue('q', true) as dropped;
select pg_temp.try($$select pgq.drop_queue('q')$$) as error;
select count(*) as queues, (select count(*) from pgq.consumer) as consumers from pgq.queue;
