-- Part K2: 证件号码校验 (GB 11643) of migration 0047 as SQL expressions that the planner inlines into the calling
-- statement. 0047's PL/pgSQL resident_id_valid cost ~6 µs of CPU a call (its 17-step checksum loop, make_date and
-- interval arithmetic), and the completeness refresh (kyc.sql.ts) calls it for every customer with a resident ID
-- when a database's first import scores them all (performance.md, "Part K2"); these cost ~2 µs.
--
-- Same results for every input: null for null (0047's was STRICT; a STRICT SQL function whose body holds CASE,
-- AND or OR is never inlined, so resident_id_valid says so itself), otherwise true exactly when the value, without
-- the spaces around it (btrim: spaces only) and with a lower-case x read as X, is 17 digits and a digit or X, with
-- a province code 11–82, a real birth date from 1900 on and the ISO 7064 MOD 11-2 check character. Nothing here
-- raises an error, whatever the value. kyc.identity.test.ts checks them against GB 11643 written out in TypeScript.
--
-- Inlining copies the argument into the body, so it happens only when the argument is cheap (a column, a
-- parameter); with a subquery for argument the function runs through the SQL-function executor, ~100 µs a call.

-- Of an 18-character value already known to be 17 digits and a digit, X or x: the province code, the birth date
-- and the check character, which the weighted sum of the 17 digits (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2)
-- mod 11 picks from '10X98765432'. get_byte(id::bytea, i) is the byte of the digit at offset i, 48 more than its
-- value; the weights sum to 100, hence - 4800 (half the cost of ascii(substr(id, i + 1, 1)), the other way to read
-- one character).
create function resident_id_fields_valid(id text) returns boolean
language sql immutable parallel safe as $$
  select substr(id, 1, 2) collate "C" between '11' and '82'
     and substr(id, 7, 2) collate "C" >= '19'
     and substr(id, 13, 2) collate "C" between '01' and case substr(id, 11, 2)
           when '01' then '31'
           when '02' then case when substr(id, 7, 4)::int % 4 = 0
                                    and (substr(id, 7, 4)::int % 100 <> 0 or substr(id, 7, 4)::int % 400 = 0) then '29' else '28' end
           when '03' then '31' when '04' then '30' when '05' then '31' when '06' then '30' when '07' then '31'
           when '08' then '31' when '09' then '30' when '10' then '31' when '11' then '30' when '12' then '31'
           else '00' end
     and substr('10X98765432', (7 * get_byte(id::bytea, 0) + 9 * get_byte(id::bytea, 1) + 10 * get_byte(id::bytea, 2)
           + 5 * get_byte(id::bytea, 3) + 8 * get_byte(id::bytea, 4) + 4 * get_byte(id::bytea, 5)
           + 2 * get_byte(id::bytea, 6) + 1 * get_byte(id::bytea, 7) + 6 * get_byte(id::bytea, 8)
           + 3 * get_byte(id::bytea, 9) + 7 * get_byte(id::bytea, 10) + 9 * get_byte(id::bytea, 11)
           + 10 * get_byte(id::bytea, 12) + 5 * get_byte(id::bytea, 13) + 8 * get_byte(id::bytea, 14)
           + 4 * get_byte(id::bytea, 15) + 2 * get_byte(id::bytea, 16) - 4800) % 11 + 1, 1) = upper(substr(id, 18, 1))
$$;

-- The form is checked on the value as stored (the common case; a short pattern and the length, as PostgreSQL's regex
-- engine pays for each state: '^[0-9]{17}' costs five times '^[0-9]+'), else on the value without the spaces around it.
create or replace function resident_id_valid(raw text) returns boolean
language sql immutable parallel safe as $$
  select case
    when raw is null then null
    when octet_length(raw) = 18 and raw ~ '^[0-9]+[0-9Xx]$' then resident_id_fields_valid(raw)
    when raw ~ '^ *[0-9]+[0-9Xx] *$' and octet_length(btrim(raw)) = 18 then resident_id_fields_valid(btrim(raw))
    else false
  end
$$;

-- 0047's gender without its CASE (which kept the STRICT function from being inlined): 'M' for an odd sequence
-- digit, 'F' for an even one; like 0047's, an error when the 17th character is not a digit.
create or replace function resident_id_gender(raw text) returns text
language sql immutable strict parallel safe as $$
  select substr('FM', substr(btrim(raw), 17, 1)::int % 2 + 1, 1)
$$;
