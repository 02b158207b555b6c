-- pgq_node: stands on pgq (its queues, consumers and ticks). Checked first, so that a missing pgq stops the
-- install with one line that says what to do instead of a failing foreign key further down.
do $requires$
begin
    if pg_catalog.to_regclass('pgq.queue') is null or pg_catalog.to_regclass('pgq.consumer') is null then
        raise exception 'schema pgq_node: the pgq schema is not installed; install pgq first (londiste4j sql pgq)';
    end if;
end
$requires$;
