-- the install records what it is and can be queried without privileges
\set VERBOSITY terse
select pgq.version() ~ '^3\.5-londiste4j\.[0-9]+$' as version_ok;
select count(*) as recorded from pgq.schema_version;
