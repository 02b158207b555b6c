create or replace function pgq.seq_getval(i_seq_name text)
returns bigint as $$
-- ----------------------------------------------------------------------
-- Function: pgq.seq_getval(1)
--
--      Reads a sequence's last value without advancing it.
--
-- Parameters:
--      i_seq_name      - name of the sequence, schema.name
--
-- Returns:
--      last value
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_val   bigint;
begin
    execute 'select last_value from ' || pgq.quote_fqname(i_seq_name) into v_val;
    return v_val;
end;
$$ language plpgsql strict;

create or replace function pgq.seq_setval(i_seq_name text, i_new_value bigint)
returns bigint as $$
-- ----------------------------------------------------------------------
-- Function: pgq.seq_setval(2)
--
--      Moves a sequence forward to a value; never backwards (a subscriber's
--      sequence must stay past every value the provider handed out).
--
-- Parameters:
--      i_seq_name      - name of the sequence, schema.name
--      i_new_value     - value it should have at least
--
-- Returns:
--      the sequence's value afterwards
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_fq    text;
    v_val   bigint;
begin
    v_fq := pgq.quote_fqname(i_seq_name);
    execute 'select last_value from ' || v_fq into v_val;
    if i_new_value > v_val then
        v_val := setval(v_fq::regclass, i_new_value);
    end if;
    return v_val;
end;
$$ language plpgsql strict;

create or replace function pgq._seq_last_used(i_seq_name text)
returns bigint as $$
-- ----------------------------------------------------------------------
-- Function: pgq._seq_last_used(1)
--
--      The last value a sequence handed out, or one below its start when it
--      has handed out none (last_value alone cannot tell "1 used" from
--      "none used"). Ticks record it as their event sequence position, so
--      that event counts between ticks are exact for a fresh queue too.
--
-- Parameters:
--      i_seq_name      - name of the sequence, schema.name
--
-- Returns:
--      last value handed out
-- Tables directly manipulated:
--      none
-- ----------------------------------------------------------------------
declare
    v_val   bigint;
begin
    execute 'select case when is_called then last_value else last_value - 1 end from '
        || pgq.quote_fqname(i_seq_name) into v_val;
    return v_val;
end;
$$ language plpgsql strict;
