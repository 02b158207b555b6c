
-- record what is installed now
delete from @schema@.schema_version;
insert into @schema@.schema_version (schema_rev, tool_version) values (@revision@, '@tool_version@');
commit;
