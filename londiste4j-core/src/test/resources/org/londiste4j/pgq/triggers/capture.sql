-- Capture script for the trigger golden tests: one statement per line; run against londiste4j's pgq
-- (CaptureTriggersIT, expected output in capture.expected) and against the original C triggers
-- (CaptureTriggersVsOriginalIT, which demands identical output). Errors are part of the output.
set timezone = 'UTC';
set datestyle = 'ISO, MDY';
set extra_float_digits = 0;
select pgq.create_queue('q') > 0;
-- awkward identifiers and values, all three formats, truncate
create schema "My Schema";
create type "My Schema".pair as (x int, y text);
create table "My Schema"."Odd Tbl" ("Id" int, "select" text, b bytea, arr text[], j json, jb jsonb, n numeric, ts timestamp, tz timestamptz, d date, bo bool, f float8, i8 bigint, i2 int2, iv interval, u uuid, ip inet, p "My Schema".pair, "MiXed Case" varchar(10), ch char(4), primary key ("Id", "select"));
create trigger t1 after insert or update or delete on "My Schema"."Odd Tbl" for each row execute procedure pgq.logutriga('q');
create trigger t2 after insert or update or delete on "My Schema"."Odd Tbl" for each row execute procedure pgq.sqltriga('q');
create trigger t3 after insert or update or delete on "My Schema"."Odd Tbl" for each row execute procedure pgq.jsontriga('q');
create trigger t4 after truncate on "My Schema"."Odd Tbl" for each statement execute procedure pgq.logutriga('q');
create trigger t5 after truncate on "My Schema"."Odd Tbl" for each statement execute procedure pgq.sqltriga('q');
create trigger t6 after truncate on "My Schema"."Odd Tbl" for each statement execute procedure pgq.jsontriga('q');
insert into "My Schema"."Odd Tbl" values (1, 'a b&c=d+e%f''g\h"i', '\x00ff27', '{a,"b c",NULL,"q\"x"}', '{"k": "v\u00e9", "n": [1, 2.50]}', '{"z": 1, "a": "x y"}', 1.50, '2020-01-02 03:04:05.6', '2020-01-02 03:04:05+02', '2020-01-02', true, 1.5, 9000000000, 7, '1 day 02:03:04', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '10.1.2.3/24', row(1, 'p "q"'), 'MiXeD', 'ab');
insert into "My Schema"."Odd Tbl" values (2, 'é€😀 ÄÖ', null, '{}', null, null, 'NaN', 'infinity', '-infinity', 'infinity', false, '-Infinity', null, null, null, null, null, null, '', '');
insert into "My Schema"."Odd Tbl" ("Id", "select") values (3, '');
insert into "My Schema"."Odd Tbl" ("Id", "select", "MiXed Case") values (4, E'tab\there\nnewline\r\x01ctl', E'\\');
insert into "My Schema"."Odd Tbl" ("Id", "select", n, f) values (5, '!#$&''()*+,/:;<=>?@[\]^`{|}~', 0.000001, -0.5);
update "My Schema"."Odd Tbl" set n = 2, b = null where "Id" = 1;
update "My Schema"."Odd Tbl" set n = n where "Id" = 3;
update "My Schema"."Odd Tbl" set n = 1.5000 where "Id" = 5 and n = 0.000001;
update "My Schema"."Odd Tbl" set iv = '26 hours', jb = '{"a": "x y", "z": 1}' where "Id" = 1;
update "My Schema"."Odd Tbl" set "Id" = 9 where "Id" = 3;
delete from "My Schema"."Odd Tbl" where "Id" = 2;
truncate "My Schema"."Odd Tbl";
-- backup, ignore=, a column whose '=' is not text equality, magic column
create table t2 (id int primary key, a text, b numeric, c timestamptz, _pgq_ev_extra3 text);
create trigger l after insert or update or delete on t2 for each row execute procedure pgq.logutriga('q', 'backup', 'ignore=c');
create trigger s after insert or update or delete on t2 for each row execute procedure pgq.sqltriga('q', 'ignore=c', 'backup');
create trigger j after insert or update or delete on t2 for each row execute procedure pgq.jsontriga('q', 'backup', 'ignore=c');
insert into t2 values (1, 'x', 1.0, '2021-03-04 05:06:07', 'magic');
update t2 set b = 1.00 where id = 1;
update t2 set c = c + interval '1 day' where id = 1;
update t2 set a = 'y' where id = 1;
update t2 set id = 5 where id = 1;
delete from t2;
-- composite key, pkey=, expressions, when=
create table t3 (k1 text, k2 int, v text, primary key (k2, k1));
create trigger l after insert or update or delete on t3 for each row execute procedure pgq.logutriga('q', 'pkey=v', 'ev_extra4=k1 || ''-'' || k2', 'when=k2 > 1', 'ev_type=''X''', 'ev_extra1=v');
create trigger s after insert or update or delete on t3 for each row execute procedure pgq.sqltriga('q', 'when=k2 > 1');
create trigger j after insert or update or delete on t3 for each row execute procedure pgq.jsontriga('q', 'pkey=v,k1');
insert into t3 values ('a', 1, 'one'), ('b', 2, 'two'), ('c', 3, null);
update t3 set v = v where k2 = 2;
update t3 set v = 'zz' where k2 = 3;
delete from t3 where k2 = 2;
-- no primary key
create table t4 (a int, b text);
create trigger l after insert or update or delete on t4 for each row execute procedure pgq.logutriga('q');
create trigger j after insert or update or delete on t4 for each row execute procedure pgq.jsontriga('q');
insert into t4 values (1, 'x');
update t4 set b = 'y';
delete from t4;
drop trigger l on t4;
drop trigger j on t4;
create trigger s after insert on t4 for each row execute procedure pgq.sqltriga('q');
insert into t4 values (2, 'z');
-- SKIP, deny, bad arguments, session_replication_role, truncate checks, ddl
create table t5 (id int primary key, v text);
create trigger b before insert or update or delete on t5 for each row execute procedure pgq.logutriga('q', 'SKIP');
insert into t5 values (1, 'skipped');
select count(*) from t5;
drop trigger b on t5;
create trigger d after insert on t5 for each row execute procedure pgq.logutriga('q', 'deny');
insert into t5 values (2, 'denied');
drop trigger d on t5;
create trigger e after insert on t5 for each row execute procedure pgq.logutriga('q', 'SKIP');
insert into t5 values (3, 'skip after');
drop trigger e on t5;
create trigger f after insert on t5 for each row execute procedure pgq.logutriga('q', 'bogus');
insert into t5 values (4, 'bad');
drop trigger f on t5;
create trigger g after insert on t5 for each row execute procedure pgq.logutriga();
insert into t5 values (4, 'noargs');
drop trigger g on t5;
create trigger h after insert on t5 for each row execute procedure pgq.logutriga('q', 'when=v');
insert into t5 values (4, 'when text');
drop trigger h on t5;
create trigger i after insert on t5 for each row execute procedure pgq.logutriga('q');
set session_replication_role = local;
insert into t5 values (10, 'local');
set session_replication_role = replica;
insert into t5 values (11, 'replica');
set session_replication_role = origin;
insert into t5 values (12, 'origin');
create trigger tr after truncate on t5 for each statement execute procedure pgq.logutriga('q', 'backup');
truncate t5;
drop trigger tr on t5;
create trigger tr after truncate on t5 for each statement execute procedure pgq.sqltriga('q', 'ev_extra1=1');
truncate t5;
drop trigger tr on t5;
create trigger tr after truncate on t5 for each statement execute procedure pgq.jsontriga('q', 'deny');
truncate t5;
drop trigger tr on t5;
create trigger tr before truncate on t5 for each statement execute procedure pgq.jsontriga('q');
truncate t5;
create trigger st after insert on t5 for each statement execute procedure pgq.logutriga('q');
insert into t5 values (20, 'stmt');
drop trigger st on t5;
alter table t5 rename column v to "Val ue";
insert into t5 values (21, 'renamed');
begin; alter table t5 add column extra int; insert into t5 values (22, 'added', 7); commit;
alter table t5 drop constraint t5_pkey, add primary key ("Val ue");
insert into t5 values (23, 'new pk', 8);
alter table t5 alter column extra type text;
insert into t5 values (24, 'retyped', 'x y');
alter table t5 rename to "T 5";
insert into "T 5" values (25, 'table renamed', null);
-- values of the types that the generated functions encode without a regular expression: dates and times, BC,
-- infinity, offsets, exponents (of floats exact in binary: 9.6-11 print 9 and 17 digits), char(n) padding of
-- multibyte text, a domain over char(n). Another DateStyle would close the JDBC connection: capture_settings.sql
-- of the SQL regression tests runs one
create domain dch as char(5);
set timezone = 'Asia/Kathmandu';
create table t6 (id int primary key, d date, t time, tt timetz, ts timestamp, tz timestamptz, iv interval, r float4, f float8, c char(6), bp bpchar, dc dch, v varchar(8), x text);
create trigger l after insert or update or delete on t6 for each row execute procedure pgq.logutriga('q', 'backup');
insert into t6 values (1, '0044-03-15 BC', '23:59:59.999', '12:00:00+05:30', '0044-03-15 12:00:00 BC', '2020-06-01 10:00:00+05:45', '-1 days +02:03:00', 1e+10, 1e+20, 'é b', 'a  ', 'x y', 'a+b:c', 'plain');
insert into t6 (id) values (2);
insert into t6 values (3, 'infinity', '00:00', '00:00:00-03:30', '-infinity', 'infinity', '1 year 2 mons 3 days 04:05:06.7', '-Infinity', 'NaN', '', '', '', '', '');
update t6 set c = 'ab', r = 0.5, f = -0.125, iv = '-5 minutes', ts = '2020-02-29 23:00:01' where id = 1;
update t6 set d = '2021-01-01', c = 'x', dc = 'ü  ' where id = 2;
delete from t6 where id = 3;
-- a table wider than one concat() call of the generated functions (45 columns each)
create table t7 (id int primary key, c1 int, c2 int, c3 text, c4 int, c5 int, c6 text, c7 int, c8 int, c9 text, c10 int, c11 int, c12 text, c13 int, c14 int, c15 text, c16 int, c17 int, c18 text, c19 int, c20 int, c21 text, c22 int, c23 int, c24 text, c25 int, c26 int, c27 text, c28 int, c29 int, c30 text, c31 int, c32 int, c33 text, c34 int, c35 int, c36 text, c37 int, c38 int, c39 text, c40 int, c41 int, c42 text, c43 int, c44 int, c45 text, c46 int, c47 int, c48 text, c49 int, c50 int, c51 text, c52 int, c53 int, c54 text, c55 int, c56 int, c57 text, c58 int, c59 int, c60 text, c61 int, c62 int, c63 text, c64 int, c65 int, c66 text, c67 int, c68 int, c69 text, c70 int, c71 int, c72 text, c73 int, c74 int, c75 text, c76 int, c77 int, c78 text, c79 int, c80 int, c81 text, c82 int, c83 int, c84 text, c85 int, c86 int, c87 text, c88 int, c89 int, c90 text, c91 int, c92 int, c93 text, c94 int, c95 int, c96 text, c97 int, c98 int, c99 text);
create trigger l after insert or update or delete on t7 for each row execute procedure pgq.logutriga('q', 'backup');
insert into t7 (id, c1, c3, c45, c46, c47, c90, c91, c99) values (1, 1, 'a b', '45 x', 46, 47, '90', 91, 'z');
update t7 set c2 = 2, c99 = null, c46 = null where id = 1;
