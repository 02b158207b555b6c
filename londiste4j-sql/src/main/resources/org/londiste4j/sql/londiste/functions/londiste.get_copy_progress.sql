create or replace function londiste.get_copy_progress(
    in i_queue_name text,
    out table_name text,
    out merge_state text,
    out stage text,
    out rows_copied int8,
    out bytes_copied int8,
    out est_rows int8,
    out est_bytes int8,
    out elapsed float8,
    out idle float8)
returns setof record as $$
-- ----------------------------------------------------------------------
-- Function: londiste.get_copy_progress(1)
--
--      The local tables of a queue that are not in sync yet, with where
--      their initial copy stands. A table that waits for its copy to
--      start has no stage (null counts).
--
-- Parameters:
--      i_queue_name - queue name
--
-- Returns:
--      table_name   - table name in the set
--      merge_state  - the table's state (null: not started)
--      stage        - copying, indexing, copied, or null
--      rows_copied  - rows copied
--      bytes_copied - COPY bytes copied
--      est_rows     - the provider's row estimate (null: unknown)
--      est_bytes    - the provider's table size in bytes (null: unknown)
--      elapsed      - seconds the copy has run (until it was copied)
--      idle         - seconds since the copy thread last wrote
-- Calls:
--      none
-- Tables directly manipulated:
--      none (reads londiste.table_info, londiste.copy_progress)
-- ----------------------------------------------------------------------
    select t.table_name, t.merge_state, p.stage, p.rows_copied, p.bytes_copied, p.est_rows, p.est_bytes,
           extract(epoch from (case when p.stage = 'copied' then p.updated_at else now() end)
                              - p.started_at)::float8,
           extract(epoch from now() - p.updated_at)::float8
      from londiste.table_info t
      left join londiste.copy_progress p on p.queue_name = t.queue_name and p.table_name = t.table_name
     where t.queue_name = i_queue_name and t.local and t.merge_state is distinct from 'ok'
     order by t.table_name;
$$ language sql stable;
