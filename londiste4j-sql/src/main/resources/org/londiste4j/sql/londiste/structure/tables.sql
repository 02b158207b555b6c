-- londiste: the registry of replicated tables and sequences. Table and column names are the original
-- Londiste 3's: tools and handlers query them directly. Every statement is idempotent (an upgrade re-runs
-- this file); columns added after the first revision are added by londiste.upgrade_schema(), never here.
-- Needs pgq_node: a table or sequence belongs to a queue the node is on, and goes with it.

create table if not exists londiste.schema_version (
    schema_rev      int4 not null,
    tool_version    text not null,
    installed_at    timestamptz not null default now()
);

-- one row per table of a queue's set. local = this node replays it; merge_state = where its initial
-- copy stands (null: not copied yet, in-copy, catching-up, wanna-sync:<tick>, do-sync:<tick>, ok);
-- custom_snapshot = the provider's snapshot of the COPY; dropped_ddl = the index/constraint DDL the copy
-- dropped, restored after it; table_attrs = urlencoded handler settings; dest_table = the local name when
-- it differs from the set's name.
create table if not exists londiste.table_info (
    nr                  serial not null,
    queue_name          text not null,
    table_name          text not null,
    local               boolean not null default false,
    merge_state         text,
    custom_snapshot     text,
    dropped_ddl         text,
    table_attrs         text,
    dest_table          text,
    constraint table_info_pkey primary key (queue_name, table_name),
    constraint table_info_queue_name_fkey foreign key (queue_name)
        references pgq_node.node_info (queue_name) on delete cascade,
    constraint table_info_check check (dropped_ddl is null or merge_state in ('in-copy', 'catching-up'))
);

-- one row per sequence of a queue's set; last_value = the last value the root published
create table if not exists londiste.seq_info (
    nr                  serial not null,
    queue_name          text not null,
    seq_name            text not null,
    local               boolean not null default false,
    last_value          int8 not null,
    constraint seq_info_pkey primary key (queue_name, seq_name),
    constraint seq_info_queue_name_fkey foreign key (queue_name)
        references pgq_node.node_info (queue_name) on delete cascade
);

-- the EXECUTE scripts run on this node: execute_file is the script's unique id, so a script runs once
create table if not exists londiste.applied_execute (
    queue_name          text not null,
    execute_file        text not null,
    execute_time        timestamptz not null default now(),
    execute_sql         text not null,
    execute_attrs       text,
    constraint applied_execute_pkey primary key (execute_file)
);

-- foreign keys dropped for an initial copy (of either side), restored when both sides are in sync;
-- not tied to a queue
create table if not exists londiste.pending_fkeys (
    from_table          text not null,
    to_table            text not null,
    fkey_name           text not null,
    fkey_def            text not null,
    constraint pending_fkeys_pkey primary key (from_table, fkey_name)
);
