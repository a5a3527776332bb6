-- Call center screen pop (呼叫中心弹屏, issue 14 item 2, business-rules.md §10): agents' CTI
-- extensions (坐席分机号), the calls the CTI system reports (RINGING → ANSWERED → HANGUP), and the
-- prospects (来电潜客) agents note for numbers that match no customer.

-- The number a phone call and a customer's mobile are compared by: digits only, and a mobile's
-- country code (+86 / 0086 / 86) or trunk prefix 0 removed (callcenter.rules.ts phoneKey is the
-- same rule in TypeScript; callcenter.rules.test.ts checks both on one table). Null when no digit.
create function cti_phone_key(raw text) returns text
language sql immutable parallel safe as $$
  select case when d ~ '^(0086|86|0)1[0-9]{10}$' then right(d, 11) else nullif(d, '') end
    from (select regexp_replace(coalesce(raw, ''), '[^0-9]', '', 'g') as d) digits
$$;

-- RINGING finds the customers by this key: an index read at any size.
create index customers_phone_key_idx on customers (cti_phone_key(mobile));

-- One extension per agent login, one login per extension.
create table cti_agents (
  extension  text primary key check (extension ~ '^[0-9A-Za-z*#_-]{1,20}$'),
  user_id    bigint not null unique references users,
  created_at timestamptz not null default now(),
  created_by bigint references users
);

-- A call as the CTI system reported it; every event upserts by call_id (idempotent).
create table cti_calls (
  call_id       text primary key check (char_length(call_id) between 1 and 128),
  extension     text not null,
  user_id       bigint not null references users,
  caller_number text not null,
  phone_key     text,
  -- the customers whose mobile matched at the first event (a number can be shared)
  customer_nos  text[] not null default '{}',
  rang_at       timestamptz,
  answered_at   timestamptz,
  hung_up_at    timestamptz,
  -- the customer the call is recorded for: the only match, or the one the agent picked
  customer_no   text references customers,
  -- the agent's summary (坐席小结), written into the contact record
  note          text check (char_length(note) between 1 and 1800),
  next_action   text check (char_length(next_action) between 1 and 500),
  next_due_on   date,
  -- the contact record (channel CALL_CENTER) written for the call: once, at the hangup or at the agent's pick after it
  contact_customer_no text,
  contact_id          bigint,
  created_at    timestamptz not null default now(),
  foreign key (contact_customer_no, contact_id) references contacts (customer_no, id)
);
create index cti_calls_user_idx on cti_calls (user_id, created_at desc);

-- 来电潜客: a caller who is not (yet) a customer, noted by the agent who took the call.
create table cti_prospects (
  id         bigserial primary key,
  call_id    text unique references cti_calls,
  name       text not null check (char_length(name) between 1 and 100),
  mobile     text not null,
  note       text check (char_length(note) between 1 and 1000),
  user_id    bigint not null references users,
  staff_no   text references staff,
  created_at timestamptz not null default now()
);
create index cti_prospects_created_idx on cti_prospects (created_at desc);
