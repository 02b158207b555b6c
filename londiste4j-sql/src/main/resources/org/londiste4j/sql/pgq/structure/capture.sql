-- pgq: registry of the generated capture trigger functions (pgq.create_capture_trigger). One row per
-- trigger that calls a generated function: the event triggers of structure/capture_events.sql regenerate
-- the function from this row whenever its table's definition changes, and drop it with its trigger.
-- Written only by the SECURITY DEFINER helpers (pgq._capture_register, pgq._capture_ddl, pgq._capture_drop).
-- The event triggers find a function's trigger and table through pg_trigger.tgfoid, never through the oids
-- kept here (a dump and restore changes them; every install refreshes them).

create table if not exists pgq.capture_function (
    cf_function     text primary key,       -- generated function, schema-qualified: pgq._cap_<table oid>_<hash>
    cf_table        oid not null,           -- table of the trigger (when registered; see below)
    cf_trigger      oid not null,           -- pg_trigger oid of the trigger that calls cf_function (idem)
    cf_queue        text not null,          -- queue (first trigger argument)
    cf_args         text[] not null         -- further trigger arguments, as given
);

-- revision 1 had the trigger oid unique: stale oids after a restore could collide with a new trigger's
alter table pgq.capture_function drop constraint if exists capture_function_cf_trigger_key;
