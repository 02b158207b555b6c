-- pgq: install-or-upgrade manifest. Files are run in this order, in one transaction, with
-- check_function_bodies off (so functions may name each other in any order). Every file is
-- idempotent: a newer londiste4j runs the same list over an older install to upgrade it.

-- structure
structure/tables.sql
structure/upgrade_schema.sql

-- queue administration
functions/pgq.version.sql

-- event insertion

-- ticker and batches

-- consumers and info

-- maintenance

-- triggers

-- grants (last: they name the functions above)
structure/grants.sql
