create or replace function pgq._urlencode_slow(i_value text)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: pgq._urlencode_slow(1)
--
--      Url-encodes a value byte by byte, as the original C triggers do:
--      [0-9A-Za-z_.-] stay, a space becomes '+', every other byte of the
--      value in the database encoding becomes '%' and two lower-case hex
--      digits. The slow path of pgq._urlencode and pgq._urlencode_lean:
--      spaces, ':' and '+' only (words, times) by three replace(), other
--      printable ASCII by a chain of replace(), anything else character by
--      character. Names are schema-qualified, as in pgq._urlencode.
--
-- Parameters:
--      i_value - text to encode
--
-- Returns:
--      encoded text
-- Calls:
--      none
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
begin
    if i_value operator(pg_catalog.~) '^[-0-9A-Za-z_. :+]*$' then
        return pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(i_value, '+', '%2b'), ':', '%3a'), ' ', '+');
    end if;
    if i_value operator(pg_catalog.~) '^[ -~]*$' then
        return
            pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
            pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
            pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
            pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
            pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
            pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(i_value,
                '%', '%25'), '+', '%2b'), '!', '%21'), '"', '%22'), '#', '%23'), '$', '%24'), '&', '%26'),
                '''', '%27'), '(', '%28'), ')', '%29'), '*', '%2a'), ',', '%2c'), '/', '%2f'), ':', '%3a'),
                ';', '%3b'), '<', '%3c'), '=', '%3d'), '>', '%3e'), '?', '%3f'), '@', '%40'), '[', '%5b'),
                E'\\', '%5c'), ']', '%5d'), '^', '%5e'), '`', '%60'), '{', '%7b'), '|', '%7c'), '}', '%7d'),
                '~', '%7e'), ' ', '+');
    end if;
    return coalesce((select pg_catalog.string_agg(
               case when c operator(pg_catalog.~) '^[-0-9A-Za-z_.]$' then c
                    when c operator(pg_catalog.=) ' ' then '+'
                    else pg_catalog.regexp_replace(
                             pg_catalog.encode(pg_catalog.convert_to(c, pg_catalog.getdatabaseencoding()), 'hex'),
                             '(..)', E'%\\1', 'g')
               end, '' order by n)
      from pg_catalog.regexp_split_to_table(i_value, '') with ordinality as t(c, n)), '');
end;
$$ language plpgsql immutable strict;

create or replace function pgq._urlencode(i_value text)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: pgq._urlencode(1)
--
--      Url-encodes a column name or value for the urlencoded event format
--      of pgq.logutriga. Written as one inlinable expression (not strict,
--      so the planner folds it into the caller): values that need no
--      encoding, and the common ASCII ones (spaces of char(n) fillers,
--      timestamps), never leave C string functions. Kept small: PL/pgSQL
--      sets up every expression again in each transaction. Every name is
--      schema-qualified: inlined, it is parsed with the search_path of the
--      caller, and the generated capture functions (security definer) run
--      with their caller's.
--
-- Parameters:
--      i_value - text to encode (not null)
--
-- Returns:
--      encoded text
-- Calls:
--      pgq._urlencode_slow(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select case
        when $1 operator(pg_catalog.~) '^[-0-9A-Za-z_.]*$' then $1
        when $1 operator(pg_catalog.~) '^[-0-9A-Za-z_. :+]*$'
            then pg_catalog.replace(pg_catalog.replace(pg_catalog.replace($1, '+', '%2b'), ':', '%3a'), ' ', '+')
        else pgq._urlencode_slow($1)
    end;
$$ language sql immutable;

create or replace function pgq._urlencode_lean(i_value text)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: pgq._urlencode_lean(1)
--
--      pgq._urlencode as the generated capture functions use it: the same
--      text, from an expression with two calls instead of seven. Those
--      functions build each event in an INSERT, and PostgreSQL compiles
--      an INSERT's expressions again at every execution, so an encoder
--      costs every event its size, even when the value is NULL (measured
--      with callgrind on pgbench: the seven-call form cost about 15,000
--      instructions per NULL column and event). Values made only of
--      [0-9A-Za-z_.-] never leave the regular expression; the others go to
--      pgq._urlencode_slow. Inlined (not strict) into its caller: names
--      are schema-qualified.
--
-- Parameters:
--      i_value - text to encode
--
-- Returns:
--      encoded text; NULL for NULL
-- Calls:
--      pgq._urlencode_slow(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
    select case when $1 operator(pg_catalog.~) '^[-0-9A-Za-z_.]*$' then $1 else pgq._urlencode_slow($1) end;
$$ language sql immutable;

create or replace function pgq._urlencode_bpchar(i_value pg_catalog.bpchar)
returns text as $$
-- ----------------------------------------------------------------------
-- Function: pgq._urlencode_bpchar(1)
--
--      Url-encodes a char(n) value as its output function writes it, with
--      its padding: the text without trailing blanks (the cast to text
--      strips them) encoded, then one '+' per blank. As fast as the
--      padding is long, where encoding the padded text went through every
--      blank twice (a regular expression, a replace). A function call of
--      its own, not inlined: strict, so a NULL costs the generated capture
--      functions one call node and no call.
--
-- Parameters:
--      i_value - char(n) value
--
-- Returns:
--      encoded text
-- Calls:
--      pgq._urlencode_lean(1)
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_text pg_catalog.text := i_value::pg_catalog.text;
begin
    return pgq._urlencode_lean(v_text) operator(pg_catalog.||)
        pg_catalog.repeat('+', pg_catalog.octet_length(i_value) operator(pg_catalog.-) pg_catalog.octet_length(v_text));
end;
$$ language plpgsql immutable strict;
