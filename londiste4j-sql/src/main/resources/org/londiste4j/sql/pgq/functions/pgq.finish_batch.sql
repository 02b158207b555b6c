create or replace function pgq.finish_batch(x_batch_id bigint)
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: pgq.finish_batch(1)
--
--      Closes a batch: the consumer's position moves to the batch's end
--      tick. Run it in the transaction that records the batch as done (on
--      the consumer's side), or the batch may be processed twice.
--
-- Parameters:
--      x_batch_id      - id of an open batch
--
-- Returns:
--      1 if the batch was closed, 0 if no such batch is open
-- Tables directly manipulated:
--      update - pgq.subscription
-- ----------------------------------------------------------------------
begin
    update pgq.subscription
        set sub_active = now(), sub_last_tick = sub_next_tick, sub_next_tick = null, sub_batch = null
        where sub_batch = x_batch_id;
    if not found then
        raise warning 'finish_batch: batch % not found', x_batch_id;
        return 0;
    end if;
    return 1;
end;
$$ language plpgsql security definer;
