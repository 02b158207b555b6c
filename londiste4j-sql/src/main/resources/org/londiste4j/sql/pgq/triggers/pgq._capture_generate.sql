create or replace function pgq._capture_generate(i_function text, i_table oid, i_queue text, i_args text[])
returns boolean as $$
-- ----------------------------------------------------------------------
-- Function: pgq._capture_generate(4)
--
--      Writes (create or replace) the trigger function of one capture
--      trigger made by pgq.create_capture_trigger: a PL/pgSQL function
--      with the queue, the table name, the key and every column baked
--      into a few static expressions, giving byte for byte the event
--      pgq.logutriga gives with the same arguments, for a fraction of its
--      cost (no per-session metadata, no row splitting, no loops).
--
--      Generated: SKIP, ignore=, pkey=, backup, deny, and ev_extra1= when
--      it is a string constant (the set's name of a renamed table). Not
--      generated (the caller then uses pgq.logutriga): when=, other ev_*=
--      expressions, a parameter pgq.logutriga would refuse, a table with
--      a magic _pgq_ev_* column, a composite column with its own cast to
--      text, anything but a plain or partitioned table, and a partitioned
--      table without a constant ev_extra1= (pgq.logutriga would name each
--      partition). On a partitioned table (11+) the one function serves
--      every partition: it reads the row's columns by name, whatever a
--      partition's own column order, and writes them in the parent's
--      order (pgq.logutriga writes the partition's: same pairs).
--
--      The event goes straight into the queue's insert view, an
--      auto-updatable view of its current event table (pgq._insert_view:
--      the view and the sequence are baked in), through pgq.insert_event
--      only when the queue is gone, recreated, closed to inserts or limited
--      per transaction (by the view's INSTEAD OF trigger then). The
--      function is security definer without a SET search_path (each call
--      would pay for it): every name in it is schema-qualified. Where a
--      column's text depends on pgq.logutriga's fixed output settings, it
--      sets them for the call only when the session's differ (no SET
--      clause: that would cost every call).
--
--      The function is only right for the table as it is now: the event
--      triggers (pgq._capture_ddl) call this again in the transaction of
--      every DDL that changes the table. Column values are written with
--      their type's output function (as record_out, hence pgq.logutriga,
--      does): '::text' where that is an I/O conversion, concat() where
--      the type has a cast of its own (inet, name...); char(n) with its
--      padding by pgq._urlencode_bpchar. Each value's encoding is as
--      small an expression as its type allows (see v_vals).
--
-- Parameters:
--      i_function - name of the function to write (pgq._cap_...)
--      i_table    - oid of the table
--      i_queue    - queue name
--      i_args     - further trigger arguments, as for pgq.logutriga
--
-- Returns:
--      true if written; false if the arguments or the table need
--      pgq.logutriga (nothing is written then)
-- Calls:
--      pgq._trg_args(2), pgq._trg_meta(1), pgq._strlist_contains(2);
--      the function written calls pgq._urlencode_lean(1),
--      pgq._urlencode_bpchar(1) and pgq._capture_insert_event(7)
-- Tables directly manipulated:
--      none (reads pgq.capture_function and pgq.queue; creates or replaces
--      i_function)
-- ----------------------------------------------------------------------
declare
    v_a       text[];
    v_meta    text[];
    v_n       int;
    v_pk      text;
    v_tbl     text;
    v_skip    boolean;
    v_lits    text[] := '{}';   -- per logged column: url-encoded name
    v_vals    text[] := '{}';   -- per logged column: value text template ($R$ = row), url-encoded
    v_names   text[] := '{}';   -- per logged column: quoted identifier
    v_nn      boolean[] := '{}'; -- per logged column: never NULL in a stored row (NOT NULL)
    v_chk     text := '';       -- the UPDATE checks
    v_any     boolean := false; -- a key column to check (no ignore=)
    v_data    text[];           -- [1] data of NEW, [2] data of OLD
    v_args    text[];           -- per logged column: its two arguments of the concat() that builds one of them
    v_expr    text;
    v_t       text;
    v_cmp     text;
    v_body    text;
    v_deny    text := '';
    v_nopk    text := '';
    v_local   text;             -- what the function returns under session_replication_role 'local'
    v_srr     text := 'pg_catalog.current_setting(''session_replication_role'') operator(pg_catalog.=) ''local''';
    v_ext1    text;             -- ev_extra1 when a constant, else the table name
    v_ds      boolean := false; -- a column whose text form depends on DateStyle
    v_is      boolean := false; -- ... on IntervalStyle
    v_fd      boolean := false; -- ... on extra_float_digits
    v_gcond   text[] := '{}';   -- the tests that the session's settings differ from pgq.logutriga's fixed ones
    v_genter  text;             -- the body's start: the test of 'local', and of those settings where needed
    v_gleave  text := '';       -- the body's end when a column's text depends on those settings
    v_eq      text;             -- the type's own '=' operator, schema-qualified
    v_q       record;           -- the queue as it is now: its insert view is written directly
    v_ins     text[];           -- per operation (U, I, D): the event insert
    v_op      text;
    r         record;
    i         int;
    k         int;
begin
    -- a function in use is only ever rewritten for its own queue and arguments (this runs as its owner)
    if exists (select 1 from pgq.capture_function
                where cf_function = i_function and (cf_queue, cf_args) is distinct from (i_queue, i_args)) then
        raise exception 'pgq._capture_generate: % is in use by another trigger; drop that trigger first', i_function;
    end if;
    begin
        v_a := pgq._trg_args(array[i_queue] || coalesce(i_args, '{}'), 'INSERT');
    exception when raise_exception then
        return false;           -- pgq.logutriga raises the same error on the first row
    end;
    if v_a[6] is not null or v_a[7] is not null or v_a[9] is not null
            or v_a[10] is not null or v_a[11] is not null or v_a[12] is not null then
        return false;
    end if;
    -- ev_extra1='constant' (no backslash: its meaning would hang on standard_conforming_strings) is baked in
    if v_a[8] is not null then
        if v_a[8] !~ '^''([^'']|'''')*''$' or strpos(v_a[8], chr(92)) > 0 then
            return false;
        end if;
        v_ext1 := replace(substr(v_a[8], 2, length(v_a[8]) - 2), '''''', '''');
    end if;
    -- a row trigger on a partitioned table fires on each partition, and pgq.logutriga names the partition:
    -- the function baked for the parent writes the same events only when told the name to write
    if not exists (select 1 from pg_catalog.pg_class c where c.oid = i_table
                      and (c.relkind = 'r' or (c.relkind = 'p' and v_ext1 is not null))) then
        return false;
    end if;
    v_meta := pgq._trg_meta(i_table);
    if v_meta is null or v_meta[6] = 'm' then
        return false;
    end if;
    v_n := v_meta[4]::int;
    v_tbl := v_meta[2];
    v_ext1 := coalesce(v_ext1, v_tbl);
    v_pk := coalesce(v_a[3], v_meta[3]);
    v_skip := v_a[1] is not null;

    i := 0;
    for r in
        select a.attname::text as name, a.attnum,
               a.attnotnull and not exists (
                   -- PostgreSQL 18: a NOT VALID not-null constraint sets attnotnull but old rows may be null
                   select 1 from pg_catalog.pg_constraint c
                    where c.conrelid = a.attrelid and c.contype = 'n' and not c.convalidated
                      and a.attnum = any (c.conkey)) as notnull,
               b.oid as base, b.typtype,
               b.oid in (25, 1043) or not exists (
                   select 1 from pg_catalog.pg_cast c
                    where c.castsource = b.oid and c.casttarget = 25 and c.castmethod <> 'i') as iocast
          from pg_catalog.pg_attribute a
          cross join lateral (
              with recursive d(oid, typtype, typbasetype, lvl) as (
                  select t.oid, t.typtype, t.typbasetype, 0 from pg_catalog.pg_type t where t.oid = a.atttypid
                  union all
                  select t.oid, t.typtype, t.typbasetype, d.lvl + 1
                    from pg_catalog.pg_type t join d on t.oid = d.typbasetype
                   where d.typtype = 'd')
              select d.oid, d.typtype from d order by d.lvl desc limit 1) b
         where a.attrelid = i_table and a.attnum > 0 and not a.attisdropped
         order by a.attnum
    loop
        i := i + 1;
        -- which of pgq.logutriga's three fixed output settings the column's text depends on: none for the
        -- types listed first; date/time types DateStyle, interval IntervalStyle, float extra_float_digits; any
        -- other type (arrays, ranges, composites, extensions' types) all three
        if r.base not in (16, 17, 18, 19, 20, 21, 23, 25, 26, 114, 650, 829, 869, 1042, 1043, 1700, 2950, 3802) then
            v_ds := v_ds or r.base not in (1186, 700, 701);
            v_is := v_is or r.base not in (1082, 1083, 1114, 1184, 1266, 700, 701);
            v_fd := v_fd or r.base not in (1082, 1083, 1114, 1184, 1266, 1186);
        end if;
        if r.name <> v_meta[6 + i] then
            raise exception 'pgq._capture_generate: column % of % is %, metadata says %',
                i, v_tbl, r.name, v_meta[6 + i];
        end if;
        if r.base = 16 then
            -- boolout without a function call; NULL stays NULL
            v_t := 'case when $R$.' || quote_ident(r.name) || ' then ''t'' when not $R$.' || quote_ident(r.name)
                || ' then ''f'' end';
        elsif r.iocast then
            v_t := '$R$.' || quote_ident(r.name) || '::pg_catalog.text';
        elsif r.typtype = 'c' then
            return false;       -- concat() below cannot tell a NULL from a row of NULLs by 'is null'
        else
            v_t := 'pg_catalog.concat($R$.' || quote_ident(r.name) || ')';
        end if;

        -- the UPDATE checks, as pgq.logutriga: key columns only, or every column with ignore=
        if (case when v_a[3] is not null then pgq._strlist_contains(v_a[3], r.name)
                 else v_meta[6 + 5 * v_n + i] = 'k' end)
                or v_a[2] is not null then
            -- 'is distinct from' would look '=' up by name: the same test with pg_catalog's operator
            if r.base in (16, 20, 21, 23, 26) then
                v_cmp := replace('not coalesce(OLD.%c operator(pg_catalog.=) NEW.%c,'
                                 || ' OLD.%c is null and NEW.%c is null)', '%c', quote_ident(r.name));
            elsif r.iocast then
                -- the I/O conversion of a non-NULL value is never NULL
                v_cmp := 'not coalesce(' || replace(v_t, '$R$', 'OLD') || ' operator(pg_catalog.=) '
                    || replace(v_t, '$R$', 'NEW')
                    || replace(', OLD.%c is null and NEW.%c is null)', '%c', quote_ident(r.name));
            else
                v_cmp := replace('(OLD.%c is null) operator(pg_catalog.<>) (NEW.%c is null) or ', '%c',
                                 quote_ident(r.name))
                    || replace(v_t, '$R$', 'OLD') || ' operator(pg_catalog.<>) ' || replace(v_t, '$R$', 'NEW');
            end if;
            if v_meta[6 + 4 * v_n + i] = 'o' then
                -- text differs, but the type's '=' may still call them equal (numeric 1.0 = 1.00)
                -- by the operator's schema (never the caller's search_path): a type of an extension in another
                -- schema (citext) has its '=' there; without any '=', pg_catalog's fails as pgq.logutriga's would
                -- (several schemas may hold one: pg_catalog's first, then the type's own schema's)
                select 'operator(' || quote_ident(n.nspname) || '.=)' into v_eq
                  from pg_catalog.pg_operator o join pg_catalog.pg_namespace n on n.oid = o.oprnamespace
                  join pg_catalog.pg_type t on t.oid = r.base
                 where o.oprname = '=' and o.oprleft = r.base and o.oprright = r.base
                 order by n.nspname = 'pg_catalog' desc, o.oprnamespace = t.typnamespace desc, o.oid
                 limit 1;
                v_cmp := '(' || v_cmp || ') and not coalesce(OLD.' || quote_ident(r.name) || ' '
                    || coalesce(v_eq, 'operator(pg_catalog.=)') || ' NEW.' || quote_ident(r.name) || ', false)';
            end if;
            if (case when v_a[3] is not null then pgq._strlist_contains(v_a[3], r.name)
                     else v_meta[6 + 5 * v_n + i] = 'k' end) then
                if v_a[2] is null then
                    v_chk := v_chk || case when v_any then E'\n            or ' else '' end || '(' || v_cmp || ')';
                    v_any := true;
                else
                    v_chk := v_chk || E'\n            if ' || v_cmp
                        || E' then\n                raise exception ''primary key update not allowed'';'
                        || E'\n            end if;';
                end if;
            elsif v_a[2] is not null and pgq._strlist_contains(v_a[2], r.name) then
                v_chk := v_chk || E'\n            if ' || v_cmp || E' then\n                v_ign := true;'
                    || E'\n            end if;';
            else
                v_chk := v_chk || E'\n            if ' || v_cmp || E' then\n                v_ign := false;'
                    || E'\n                exit chk;\n            end if;';
            end if;
        end if;

        continue when v_a[2] is not null and pgq._strlist_contains(v_a[2], r.name);
        v_lits := v_lits || v_meta[6 + v_n + i];
        -- the value's url-encoding, as small an expression as its type allows: the INSERT that writes the event
        -- is compiled anew at every execution, so each call in it costs every event, NULL or not
        v_vals := v_vals || case
            -- never needs encoding: the value itself, written by concat()
            when r.base in (16, 20, 21, 23, 26, 1700, 2950) then '$R$.' || quote_ident(r.name)
            -- char(n): its padding without a pass over each blank; strict, so a NULL is no call at all
            when r.base = 1042 then 'pgq._urlencode_bpchar($R$.' || quote_ident(r.name) || ')'
            -- a cast to text of its own (concat() writes the output function's text): the general encoder
            when not r.iocast then 'pgq._urlencode_lean(' || v_t || ')'
            -- the text of these types, under the fixed output settings (DateStyle ISO, IntervalStyle postgres:
            -- v_genter), has only these of the characters that need encoding: digits, letters, '-', '.' and
            -- ' ' (date and timestamp 'BC'), ':' (times), '+' (offsets, interval signs, float exponents)
            when r.base = 1082 then 'pg_catalog.replace(' || v_t || ', '' '', ''+'')'
            when r.base = 1083 then 'pg_catalog.replace(' || v_t || ', '':'', ''%3a'')'
            when r.base = 1114 then 'pg_catalog.replace(pg_catalog.replace(' || v_t || ', '':'', ''%3a''), '' '', ''+'')'
            when r.base = 1266 then 'pg_catalog.replace(pg_catalog.replace(' || v_t || ', ''+'', ''%2b''), '':'', ''%3a'')'
            when r.base in (1184, 1186) then 'pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(' || v_t
                || ', ''+'', ''%2b''), '':'', ''%3a''), '' '', ''+'')'
            when r.base in (700, 701) then 'pg_catalog.replace(' || v_t || ', ''+'', ''%2b'')'
            else 'pgq._urlencode_lean(' || v_t || ')' end;
        v_names := v_names || quote_ident(r.name);
        v_nn := v_nn || r.notnull;
    end loop;
    if i <> v_n then
        raise exception 'pgq._capture_generate: % has % columns, metadata says %', v_tbl, i, v_n;
    end if;

    -- ev_data of NEW and of OLD: one concat() call (per 90 arguments: functions take at most 100) of, per column,
    -- its name and '=' (a 'case' drops the '=' for a NULL: no function call) and its value's text. concat() writes
    -- a value with its type's output function and skips a NULL, so a value of a type that never needs encoding is
    -- passed as it is. The fewer calls, the cheaper the INSERT's compilation at each event (a chain of || with a
    -- cast and a coalesce per column cost more).
    for k in 1 .. 2 loop
        v_args := '{}';
        v_op := case when k = 1 then 'NEW' else 'OLD' end;
        for i in 1 .. coalesce(array_length(v_lits, 1), 0) loop
            v_t := case when i > 1 then '&' else '' end || v_lits[i];
            -- a BEFORE trigger sees NEW before the NOT NULL checks
            v_args := v_args || (case
                when v_nn[i] and not (k = 1 and v_skip) then quote_literal(v_t || '=')
                else 'case when ' || v_op || '.' || v_names[i] || ' is null then ' || quote_literal(v_t)
                    || ' else ' || quote_literal(v_t || '=') || ' end' end
                || ', ' || replace(v_vals[i], '$R$', v_op));
        end loop;
        if array_length(v_args, 1) is null then
            v_args := array[''''''];
        end if;
        v_expr := '';
        for i in 0 .. (array_length(v_args, 1) - 1) / 45 loop     -- two arguments per column
            v_expr := v_expr || case when i > 0 then E'\n            operator(pg_catalog.||) ' else '' end
                || 'pg_catalog.concat(' || array_to_string(v_args[i * 45 + 1 : i * 45 + 45], E',\n            ')
                || ')';
        end loop;
        v_data[k] := v_expr;
    end loop;

    if v_skip then
        v_local := E'if TG_OP operator(pg_catalog.=) ''DELETE'' then\n            return OLD;\n        end if;'
            || E'\n        return NEW;';
    else
        v_local := 'return null;';
    end if;
    if v_pk = '' then
        v_nopk := E'\n        raise exception ''Update/Delete on table without pkey'';';
    end if;
    if v_a[5] is not null then
        v_deny := E'\n        raise exception ''Table ''''%'''' to queue ''''%'''': change not allowed (%)'', '
            || quote_literal(v_tbl) || ', ' || quote_literal(i_queue) || ', TG_OP;';
    end if;
    -- pgq.logutriga's fixed output settings, where a column's text depends on them: set (local to the
    -- transaction) only when the session's differ, and put back before the function returns. A SET clause on
    -- the function would do the same, but costs every call a GUC nest level even when nothing differs (as
    -- they do not with the defaults: DateStyle ISO, IntervalStyle postgres, and on 12+ any extra_float_digits
    -- above 0 gives the same shortest-exact float text as 3). An error in between rolls the settings back
    -- with the (sub)transaction.
    if v_ds then
        v_gcond := array_append(v_gcond, 'pg_catalog.substr(pg_catalog.current_setting(''DateStyle''), 1, 4)'
            || ' operator(pg_catalog.<>) ''ISO,''');
    end if;
    if v_is then
        v_gcond := array_append(v_gcond,
            'pg_catalog.current_setting(''IntervalStyle'') operator(pg_catalog.<>) ''postgres''');
    end if;
    if v_fd then
        v_gcond := array_append(v_gcond, case
            when pg_catalog.current_setting('server_version_num')::int >= 120000 then
                'pg_catalog.current_setting(''extra_float_digits'')::pg_catalog.int4 operator(pg_catalog.<=) 0'
            else 'pg_catalog.current_setting(''extra_float_digits'') operator(pg_catalog.<>) ''3''' end);
    end if;
    -- The session_replication_role test comes first (pgq.logutriga writes nothing under 'local'), in the same
    -- 'if' as the settings' tests: each 'if' is an expression that PL/pgSQL prepares again in every transaction,
    -- and the common case (neither) then costs one.
    v_genter := E'\n    if ' || v_srr || E' then\n        ' || v_local || E'\n    end if;';
    if v_ds or v_is or v_fd then
        v_genter := E'\n    if ' || v_srr || E'\n            or ' || array_to_string(v_gcond, E'\n            or ')
            || E' then' || replace(v_genter, E'\n', E'\n    ')
            || E'\n        v_set := array[pg_catalog.current_setting(''DateStyle''),'
            || E' pg_catalog.current_setting(''IntervalStyle''),'
            || E'\n                       pg_catalog.current_setting(''extra_float_digits'')];'
            || E'\n        perform pg_catalog.set_config(''DateStyle'', ''ISO'', true),'
            || E' pg_catalog.set_config(''IntervalStyle'', ''postgres'', true),'
            || E'\n                pg_catalog.set_config(''extra_float_digits'', ''3'', true);'
            || E'\n    end if;';
        v_gleave := E'\n        if v_set is not null then'
            || E'\n            perform pg_catalog.set_config(''DateStyle'', v_set[1], true),'
            || E' pg_catalog.set_config(''IntervalStyle'', v_set[2], true),'
            || E'\n                    pg_catalog.set_config(''extra_float_digits'', v_set[3], true);'
            || E'\n        end if;';
    end if;

    if v_a[2] is not null then
        v_chk := E'\n        <<chk>>\n        begin' || v_chk || E'\n        end;\n        if v_ign then'
            || replace(v_gleave, E'\n', E'\n    ') || E'\n            return null;\n        end if;';
    elsif v_any then
        v_chk := E'\n        if ' || v_chk || E' then\n            raise exception ''primary key update not allowed'';'
            || E'\n        end if;';
    end if;

    -- The event insert, written into the function: a static INSERT into the queue's insert view (pgq._insert_view),
    -- an auto-updatable view of its current event table (no pgq.insert_event and pgq._insert_dispatch frames, and
    -- no read of the queue row, on the row's path). The view follows the queue's rotations, and while the queue
    -- is closed to inserts or limited per transaction its INSTEAD OF trigger hands the event to
    -- pgq.insert_event, which knows those rules; a queue dropped or recreated under another id since this was
    -- written is pgq.drop_queue's and pgq.create_queue's to rewrite this for (meanwhile, and when the queue has
    -- no view, the events go through pgq.insert_event by pgq._capture_insert_event, which pins the search_path
    -- pgq.insert_event's body needs). Rotation safety is insert_event's argument: the txid is taken before the
    -- event's table is chosen (an AFTER trigger's row change has taken it; a BEFORE trigger takes it first), and
    -- a rotation moves the view only once no open transaction has written through it, every later insert
    -- replanning into the new table (pgq._insert_view).
    select q.queue_id, q.queue_data_pfx, q.queue_event_seq into v_q
      from pgq.queue q where q.queue_name = i_queue and to_regclass(q.queue_data_pfx || '_cur') is not null;
    for k in 1 .. 3 loop
        v_op := (array['U', 'I', 'D'])[k];
        v_t := E',\n            ' || case when k = 3 then v_data[2] else v_data[1] end || E',\n            '
            || quote_literal(v_ext1) || ', '
            || case when k = 1 and v_a[4] is not null then E'\n            ' || v_data[2] else 'null' end;
        if v_q.queue_id is null then
            v_ins[k] := E'\n        perform pgq._capture_insert_event(' || quote_literal(i_queue) || ', '
                || quote_literal(v_op || ':' || v_pk) || v_t || ', null, null);';
        else
            v_ins[k] := case when v_skip then E'\n        perform pg_catalog.txid_current();' else '' end
                || E'\n        insert into ' || v_q.queue_data_pfx || '_cur'
                || ' (ev_id, ev_time, ev_type, ev_data, ev_extra1, ev_extra2)'
                || E'\n        values (pg_catalog.nextval(' || quote_literal(v_q.queue_event_seq)
                || '::pg_catalog.regclass), pg_catalog.now(), '
                || quote_literal(v_op || ':' || v_pk) || v_t || ');';
        end if;
    end loop;

    v_body := E'\n-- generated by pgq.create_capture_trigger for ' || replace(v_tbl, E'\n', ' ')
        || E' (queue ' || replace(i_queue, E'\n', ' ') || E'): the events of pgq.logutriga with the same'
        || E'\n-- arguments; rewritten by pgq._capture_ddl on every DDL of the table and by pgq.create_queue.'
        || E' Do not edit.\n-- Every name is schema-qualified: it runs with the caller''s search_path'
        || E' (see pgq._capture_generate).'
        || E'\ndeclare\n'
        || case when v_a[2] is not null then E'    v_ign pg_catalog.bool := false;\n' else '' end
        || case when v_gleave <> '' then E'    v_set pg_catalog.text[];\n' else '' end
        || E'begin' || v_genter
        || E'\n    if TG_OP operator(pg_catalog.=) ''UPDATE'' then' || v_nopk || v_deny || v_chk || v_ins[1]
        || E'\n    elsif TG_OP operator(pg_catalog.=) ''INSERT'' then' || v_deny || v_ins[2]
        || E'\n    else' || v_nopk || v_deny || v_ins[3]
        || E'\n    end if;' || replace(v_gleave, E'\n        ', E'\n    ') || E'\n    return null;\nend;\n';
    if strpos(v_body, '$cap$') > 0 then
        return false;
    end if;
    -- security definer: it writes the event tables, which only pgq's owner and pgq_writer may (trigger functions
    -- cannot be called directly, and a trigger's function is checked for EXECUTE only when the trigger is
    -- created). A security definer function must not let its caller choose what its names mean, yet a SET
    -- search_path clause costs every call a GUC nest level, a set, a restore and a new namespace path (four
    -- times per pgbench transaction). So the body names nothing through the search_path at all, whatever the
    -- caller's path is (PostgreSQL's "Writing SECURITY DEFINER Functions Safely" names the hazard: objects of
    -- a schema writable by the caller, found before the intended ones):
    --   - relations and sequences: schema-qualified (the view pgq.event_<id>_cur, the regclass constant);
    --   - functions: pg_catalog.* and pgq.* (pgq._urlencode_lean is inlined into the caller's expression, so its
    --     body is qualified too, and so are pgq._urlencode_slow's and _urlencode_bpchar's); pgq.insert_event
    --     (the rare path) by a wrapper that pins the search_path for it;
    --   - types: declarations and casts as pg_catalog.* (a caller's pg_temp is searched for types, and a path
    --     that names pg_catalog late lets a caller's schema win);
    --   - operators: operator(pg_catalog.=) etc., and the type's own '=' by its schema; no construct that looks
    --     an operator up by name (is distinct from, simple case, in lists, plpgsql's 'if a = b');
    --   - casts (pg_cast), type output functions, column defaults and constraints: found by oid, never by name.
    -- No SET clause either for pgq.logutriga's fixed output settings (events byte-equal): see v_genter.
    execute 'create or replace function ' || i_function || E'() returns trigger as $cap$' || v_body
        || '$cap$ language plpgsql security definer';
    return true;
end;
$$ language plpgsql security definer set search_path = pg_catalog, pg_temp;
