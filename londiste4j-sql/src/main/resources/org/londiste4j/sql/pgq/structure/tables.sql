-- placeholder: tables are added by the PgQ core work
create table if not exists pgq.schema_version (
    schema_rev      int4 not null,
    tool_version    text not null,
    installed_at    timestamptz not null default now()
);
