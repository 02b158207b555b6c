create or replace function londiste.set_session_replication_role(val text, is_local bool)
returns void as $$
-- ----------------------------------------------------------------------
-- Function: londiste.set_session_replication_role(2)
--
--      Sets session_replication_role for the transaction (is_local) or
--      the session, for a replay role that is no superuser: the setting
--      is superuser-only, so this runs as the function's owner (the
--      installing superuser). Only the three valid values pass; every
--      name is schema-qualified, so a caller's search_path cannot take
--      over the privileged call.
--
-- Parameters:
--      val      - origin, replica or local
--      is_local - true: until the end of the transaction (SET LOCAL)
--
-- Returns:
--      nothing; raises an exception on another value
-- Calls:
--      pg_catalog.set_config(3)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
begin
    if val operator(pg_catalog.=) 'origin' or val operator(pg_catalog.=) 'replica'
       or val operator(pg_catalog.=) 'local' then
        perform pg_catalog.set_config('session_replication_role', val, coalesce(is_local, false));
    else
        raise exception 'bad value for session_replication_role';
    end if;
end;
$$ language plpgsql security definer;
