create or replace function londiste.set_copy_progress(
    i_queue_name text,
    i_table_name text,
    i_stage text,
    i_rows_copied int8,
    i_bytes_copied int8,
    i_est_rows int8,
    i_est_bytes int8)
returns void as $$
-- ----------------------------------------------------------------------
-- Function: londiste.set_copy_progress(7)
--
--      Records where the initial copy of a local table stands. Called
--      by the worker's copy thread on a connection of its own (never in
--      the copy's transaction), about once a second. Stage 'copying'
--      with zero rows starts the table's record over: a new copy.
--
-- Parameters:
--      i_queue_name   - queue name
--      i_table_name   - table name in the set
--      i_stage        - copying, indexing or copied
--      i_rows_copied  - rows copied so far
--      i_bytes_copied - COPY bytes copied so far
--      i_est_rows     - the provider's row estimate (null: unknown)
--      i_est_bytes    - the provider's table size in bytes (null: unknown)
--
-- Returns:
--      nothing
-- Calls:
--      none
-- Tables directly manipulated:
--      insert/update - londiste.copy_progress
-- ----------------------------------------------------------------------
begin
    if i_stage = 'copying' and i_rows_copied = 0 then
        insert into londiste.copy_progress (queue_name, table_name, stage, rows_copied, bytes_copied,
                                            est_rows, est_bytes, started_at, updated_at)
        values (i_queue_name, i_table_name, i_stage, 0, i_bytes_copied, i_est_rows, i_est_bytes, now(), now())
        on conflict (queue_name, table_name) do update
           set stage = excluded.stage, rows_copied = 0, bytes_copied = excluded.bytes_copied,
               est_rows = excluded.est_rows, est_bytes = excluded.est_bytes,
               started_at = excluded.started_at, updated_at = excluded.updated_at;
    else
        update londiste.copy_progress
           set stage = i_stage, rows_copied = i_rows_copied, bytes_copied = i_bytes_copied,
               est_rows = coalesce(i_est_rows, est_rows), est_bytes = coalesce(i_est_bytes, est_bytes),
               updated_at = now()
         where queue_name = i_queue_name and table_name = i_table_name;
    end if;
end;
$$ language plpgsql;
