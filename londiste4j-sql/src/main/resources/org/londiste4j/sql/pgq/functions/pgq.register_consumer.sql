create or replace function pgq.register_consumer(x_queue_name text, x_consumer_id text)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.register_consumer(2)
--
--      Subscribes a consumer to a queue at the queue's last tick: its
--      first batch holds the events committed after that tick.
--
-- Parameters:
--      x_queue_name    - name of the queue
--      x_consumer_id   - name of the consumer
--
-- Returns:
--      1 if subscribed now, 0 if it was already
-- Calls:
--      pgq.register_consumer_at(3)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
begin
    return pgq.register_consumer_at(x_queue_name, x_consumer_id, null);
end;
$$ language plpgsql security definer;

create or replace function pgq.register_consumer_at(x_queue_name text, x_consumer_name text, x_tick_pos bigint)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.register_consumer_at(3)
--
--      Subscribes a consumer to a queue at a given tick, or moves an
--      existing subscription there (not while it has a batch open). The tick
--      must still exist. A NULL tick means the queue's last tick, and leaves
--      an existing subscription where it is.
--
-- Parameters:
--      x_queue_name    - name of the queue
--      x_consumer_name - name of the consumer
--      x_tick_pos      - tick id to start after, or NULL
--
-- Returns:
--      1 if subscribed now, 0 if it was already (and was moved if a tick was given)
-- Tables directly manipulated:
--      insert - pgq.consumer, pgq.subscription
--      update - pgq.subscription
-- ----------------------------------------------------------------------
declare
    v_queue_id  int4;
    v_co_id     int4;
    v_tick      bigint;
    v_sub       record;
begin
    select queue_id into v_queue_id from pgq.queue where queue_name = x_queue_name;
    if not found then
        raise exception 'Event queue not created yet: %', x_queue_name;
    end if;
    if x_tick_pos is null then
        select max(tick_id) into v_tick from pgq.tick where tick_queue = v_queue_id;
        if v_tick is null then
            raise exception 'queue %: has no tick yet; wait for the ticker', x_queue_name;
        end if;
    else
        perform 1 from pgq.tick where tick_queue = v_queue_id and tick_id = x_tick_pos;
        if not found then
            raise exception 'queue %: tick % not found', x_queue_name, x_tick_pos;
        end if;
        v_tick := x_tick_pos;
    end if;

    select co_id into v_co_id from pgq.consumer where co_name = x_consumer_name;
    if not found then
        insert into pgq.consumer (co_name) values (x_consumer_name) returning co_id into v_co_id;
    end if;

    select sub_id, sub_batch into v_sub from pgq.subscription
        where sub_queue = v_queue_id and sub_consumer = v_co_id for update;
    if found then
        if x_tick_pos is not null then
            if v_sub.sub_batch is not null then
                raise exception 'consumer % on queue %: has a batch open; finish it before moving the consumer',
                    x_consumer_name, x_queue_name;
            end if;
            update pgq.subscription set sub_last_tick = v_tick, sub_active = now()
                where sub_id = v_sub.sub_id and sub_queue = v_queue_id;
        end if;
        return 0;
    end if;

    insert into pgq.subscription (sub_queue, sub_consumer, sub_last_tick)
        values (v_queue_id, v_co_id, v_tick);
    return 1;
end;
$$ language plpgsql security definer;
