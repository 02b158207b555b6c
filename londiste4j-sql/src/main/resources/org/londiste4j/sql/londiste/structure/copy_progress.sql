-- londiste: where each initial copy of this node stands (londiste4j's own; the original has no such
-- table). The worker's copy thread writes its table's row about once a second through
-- londiste.set_copy_progress(), on a connection of its own in autocommit, so that status and
-- wait-sync see it while the copy's own transaction is still open. A row outlives its copy (stage
-- 'copied') until the table's next copy starts it over; readers show it only while the table is not
-- 'ok' (londiste.get_copy_progress()).
create table if not exists londiste.copy_progress (
    queue_name          text not null,
    table_name          text not null,
    -- copying: rows are streaming; indexing: all rows in, indexes being rebuilt; copied: committed
    stage               text not null,
    rows_copied         int8 not null default 0,
    bytes_copied        int8 not null default 0,
    -- the provider's estimate when the copy started; null when it has none
    est_rows            int8,
    est_bytes           int8,
    started_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    constraint copy_progress_pkey primary key (queue_name, table_name),
    constraint copy_progress_queue_name_fkey foreign key (queue_name)
        references pgq_node.node_info (queue_name) on delete cascade,
    constraint copy_progress_stage_check check (stage in ('copying', 'indexing', 'copied'))
);
