create or replace function londiste.periodic_maintenance()
returns integer as $$
-- ----------------------------------------------------------------------
-- Function: londiste.periodic_maintenance(0)
--
--      Forgets EXECUTE scripts applied more than three months ago (run
--      by pgqd's maintenance).
--
-- Returns:
--      0
-- Calls:
--      none
-- Tables directly manipulated:
--      delete - londiste.applied_execute
-- ----------------------------------------------------------------------
begin
    delete from londiste.applied_execute where execute_time < now() - '3 months'::interval;
    return 0;
end;
$$ language plpgsql;
