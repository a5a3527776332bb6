-- Contact records (接触记录, business-rules.md §10): who served which customer, when, through which
-- channel, what was said, and the next action with its due date (a follow-up to-do of the user who
-- recorded it). Keyed by customer_no like every customer table (scale.md: the distribution column),
-- so a customer's contacts co-locate with its facts; the id is unique on its own too.

create table contacts (
  customer_no  text not null references customers,
  id           bigserial not null,
  channel      text not null check (channel in ('COUNTER','CALL_CENTER','PHONE','VISIT','SMS','EMAIL','WECHAT','WEB')),
  summary      text not null check (char_length(summary) between 1 and 2000),
  at           timestamptz not null,
  -- the staff member linked to the login that recorded it (null for a login without one)
  staff_no     text references staff,
  created_by   bigint not null references users,
  created_at   timestamptz not null default now(),
  -- the next action (下一步): a to-do of created_by until it is done
  next_action  text check (char_length(next_action) between 1 and 500),
  next_due_on  date,
  next_done_at timestamptz,
  primary key (customer_no, id),
  check ((next_action is null) = (next_due_on is null)),
  check (next_done_at is null or next_action is not null)
);
-- the customer's contacts and timeline, newest first
create index contacts_customer_at_idx on contacts (customer_no, at desc, id desc);
-- the owner's open follow-ups by due date (the to-do list and the count of GET /api/me)
create index contacts_open_follow_ups_idx on contacts (created_by, next_due_on, id) where next_action is not null and next_done_at is null;
-- the owner's follow-ups done, newest first, and marking one done by id
create index contacts_follow_ups_idx on contacts (created_by, id) where next_action is not null;

-- the workflow events of a customer's timeline (relationship operations and appointments carry it)
create index workflows_customer_idx on workflows (customer_no) where customer_no is not null;
