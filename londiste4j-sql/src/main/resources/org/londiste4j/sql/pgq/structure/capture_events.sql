-- pgq: the event triggers behind pgq.create_capture_trigger's generated functions (see
-- pgq._capture_event_triggers). Created when the installing user is a superuser; for anyone else the install
-- goes on without them (a NOTICE says so) and pgq.create_capture_trigger falls back to pgq.logutriga.

do $events$
begin
    perform pgq._capture_event_triggers();
end
$events$;
