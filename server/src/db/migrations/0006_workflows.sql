-- Workflows (协同工作, business-rules.md §2 and §10): flow definitions per operation type (ordered
-- approver roles, changeable by an administrator; a type without a row uses the default
-- TEAM_LEAD → BRANCH_MANAGER), flow instances with their payload, their steps, and a full,
-- append-only history. Appointments (预约客户开户) live in the prospects table of 0001, linked here
-- to the flow that registered them and the relationship their match started.

create table workflow_definitions (
  type       text primary key,
  steps      text[] not null check (cardinality(steps) between 1 and 5),
  updated_at timestamptz not null default now(),
  updated_by text
);

create table workflows (
  id                 bigserial primary key,
  type               text not null,
  status             text not null check (status in ('PENDING','RETURNED','APPROVED','REJECTED','WITHDRAWN')),
  payload            jsonb not null,
  title              text not null,
  initiator_user_id  bigint not null references users,
  initiator_staff_no text references staff,
  -- the organisation the steps are assigned in, and monitoring scope (工作流监控)
  branch_code        text references branches,
  team_code          text references teams,
  -- who and what the request is about (monitoring of a SELF scope, searching)
  subject_staff_no   text references staff,
  customer_no        text,
  current_step       integer,
  outcome            jsonb,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  finished_at        timestamptz
);
create index workflows_initiator_idx on workflows (initiator_user_id, id desc);
create index workflows_open_idx on workflows (status) where status in ('PENDING','RETURNED');
create index workflows_branch_idx on workflows (branch_code, id desc);
create index workflows_team_idx on workflows (team_code, id desc);
create index workflows_subject_idx on workflows (subject_staff_no);

-- The current round's steps (a resubmission after "return for changes" starts them again; the
-- history keeps every round).
create table workflow_steps (
  workflow_id bigint not null references workflows,
  seq         integer not null check (seq >= 1),
  role        text not null,
  scope_code  text, -- team code (TEAM_LEAD) or branch code (BRANCH_MANAGER)
  status      text not null check (status in ('WAITING','PENDING','APPROVED','REJECTED','RETURNED','CANCELLED','SKIPPED')),
  acted_by    bigint references users,
  acted_at    timestamptz,
  comment     text,
  primary key (workflow_id, seq)
);

-- Append-only, like audit_log.
create table workflow_history (
  id          bigserial primary key,
  workflow_id bigint not null references workflows,
  at          timestamptz not null default now(),
  event       text not null check (event in ('submit','approve','reject','return','withdraw','resubmit','skip','applied')),
  step_seq    integer,
  actor_id    bigint references users,
  comment     text,
  detail      jsonb
);
create index workflow_history_workflow_idx on workflow_history (workflow_id, id);
create index workflow_history_actor_idx on workflow_history (actor_id, workflow_id);

create function workflow_history_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'workflow_history is append-only';
end $$;
create trigger workflow_history_no_update before update or delete on workflow_history
  for each row execute function workflow_history_append_only();

alter table prospects
  add column workflow_id     bigint references workflows,
  add column relationship_id bigint,
  add column updated_at      timestamptz not null default now();
create index prospects_status_idx on prospects (status);
create index prospects_staff_idx on prospects (staff_no);
