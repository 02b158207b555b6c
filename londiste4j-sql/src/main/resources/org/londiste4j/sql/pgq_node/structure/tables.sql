-- pgq_node: the node registry of a cascaded queue. Table and column names are the original pgq_node's:
-- londiste and admin tools read them directly. Every statement is idempotent (an upgrade re-runs this
-- file); columns added after the first revision are added by pgq_node.upgrade_schema(), never here.
--
-- Events the cascade sends through the queue itself (ev_type: ev_data, extra1..3):
--      pgq.location-info           node name, queue, connect string, dead flag ('true'/'false')
--                                  (root only: a node's location was registered or changed)
--      pgq.unregister-location     node name, queue (root only: a node's location was dropped)
--      pgq.global-watermark        tick id, queue (root only: the oldest tick any node still needs)
--      pgq.tick-id                 tick id, queue (a merge-leaf's partition tick, in the combined queue)

create table if not exists pgq_node.schema_version (
    schema_rev      int4 not null,
    tool_version    text not null,
    installed_at    timestamptz not null default now()
);

-- every member of the cascade as this node knows it; only the location itself is copied around
create table if not exists pgq_node.node_location (
    queue_name      text not null,
    node_name       text not null,
    node_location   text not null,
    dead            boolean not null default false,
    constraint node_location_pkey primary key (queue_name, node_name)
);

-- this database's own node, one per cascaded queue. A root and a branch keep a local copy of the queue;
-- a leaf has none (or, as a merge-leaf, writes into combined_queue of another node here).
create table if not exists pgq_node.node_info (
    queue_name      text not null,
    node_type       text not null,
    node_name       text not null,
    worker_name     text,
    combined_queue  text,
    node_attrs      text,
    constraint node_info_pkey primary key (queue_name),
    constraint node_info_queue_name_fkey foreign key (queue_name, node_name)
        references pgq_node.node_location (queue_name, node_name),
    constraint node_info_node_type_check check (node_type in ('root', 'branch', 'leaf')),
    -- every node has a worker; only a leaf may feed a combined queue
    constraint node_info_check check (worker_name is not null
                                      and (node_type = 'leaf' or combined_queue is null))
);

-- the position of each cascaded consumer that writes into this node: the worker and any other
-- (last_tick_id is the provider's tick whose batch was committed here)
create table if not exists pgq_node.local_state (
    queue_name      text not null,
    consumer_name   text not null,
    provider_node   text not null,
    last_tick_id    bigint not null,
    cur_error       text,
    paused          boolean not null default false,
    uptodate        boolean not null default false,
    constraint local_state_pkey primary key (queue_name, consumer_name),
    constraint local_state_queue_name_fkey foreign key (queue_name) references pgq_node.node_info (queue_name),
    constraint local_state_queue_name_fkey1 foreign key (queue_name, provider_node)
        references pgq_node.node_location (queue_name, node_name)
);

-- the nodes that read from this one; each has its worker's subscription and a watermark consumer
-- ('.<node>.watermark') on the local queue that holds back rotation for it
create table if not exists pgq_node.subscriber_info (
    queue_name          text not null,
    subscriber_node     text not null,
    worker_name         text not null,
    watermark_name      text not null,
    constraint subscriber_info_pkey primary key (queue_name, subscriber_node),
    constraint subscriber_info_queue_name_fkey foreign key (queue_name) references pgq_node.node_info (queue_name),
    constraint subscriber_info_queue_name_fkey1 foreign key (queue_name, subscriber_node)
        references pgq_node.node_location (queue_name, node_name),
    constraint subscriber_info_worker_name_fkey foreign key (worker_name) references pgq.consumer (co_name),
    constraint subscriber_info_watermark_name_fkey foreign key (watermark_name) references pgq.consumer (co_name)
);
