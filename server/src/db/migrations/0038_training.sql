-- Training and exams (培训考试, business-rules.md §10; issue 14 item 4): courses with their material,
-- mandatory for staff categories with a due date; question banks (题库) of single choice, multiple
-- choice and true/false questions; exams of a course drawing N questions per kind from a bank; and
-- attempts, each with its own stored draw (a snapshot of every drawn question, so that later edits of
-- the bank never change a past result) and the candidate's responses.
--
-- Ownership: branch_code null = a firm-wide record (ADMIN, HQ); a branch manager's records carry the
-- branch and reach that branch's staff only (docs/decisions.md "Part TR").

create table training_courses (
  id            bigserial primary key,
  title         text not null check (char_length(title) between 1 and 200),
  category      text not null check (category in ('COMPLIANCE','PRODUCT','SKILL','SYSTEM')),
  -- the material: plain text with a few line marks (# heading, - bullet, blank line = paragraph)
  material      text not null default '' check (char_length(material) <= 50000),
  material_url  text check (char_length(material_url) <= 1000),
  -- the staff categories (shared/codes.ts staffCategory) for whom the course is mandatory
  mandatory_for text[] not null default '{}'
                check (mandatory_for <@ array['BROKER','ACCOUNT_MANAGER','ADVISOR','SERVICE','DISTRIBUTOR','MANAGER']::text[]),
  due_on        date,
  branch_code   text references branches,
  created_by    bigint not null references users,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  check (cardinality(mandatory_for) = 0 or due_on is not null)
);

create table training_banks (
  id          bigserial primary key,
  name        text not null check (char_length(name) between 1 and 200),
  branch_code text references branches,
  created_by  bigint not null references users,
  created_at  timestamptz not null default now()
);

create table training_questions (
  id          bigserial primary key,
  bank_id     bigint not null references training_banks on delete cascade,
  kind        text not null check (kind in ('SINGLE','MULTIPLE','TRUE_FALSE')),
  stem        text not null check (char_length(stem) between 1 and 2000),
  -- the options' texts, A, B, C … in order (empty for TRUE_FALSE, whose answer is T or F)
  options     jsonb not null default '[]',
  -- the right option letters, sorted (one for SINGLE, two or more for MULTIPLE, T or F for TRUE_FALSE)
  answer      text[] not null,
  explanation text not null default '' check (char_length(explanation) <= 2000),
  created_at  timestamptz not null default now()
);
create index training_questions_bank_idx on training_questions (bank_id, kind, id);

create table training_exams (
  id                 bigserial primary key,
  course_id          bigint not null references training_courses,
  bank_id            bigint not null references training_banks,
  title              text not null check (char_length(title) between 1 and 200),
  time_limit_minutes integer not null check (time_limit_minutes between 1 and 600),
  draw_single        integer not null check (draw_single between 0 and 200),
  draw_multiple      integer not null check (draw_multiple between 0 and 200),
  draw_true_false    integer not null check (draw_true_false between 0 and 200),
  points_single      integer not null check (points_single between 1 and 100),
  points_multiple    integer not null check (points_multiple between 1 and 100),
  points_true_false  integer not null check (points_true_false between 1 and 100),
  pass_mark          integer not null check (pass_mark >= 1),
  max_attempts       integer not null check (max_attempts between 1 and 20),
  opens_at           timestamptz not null,
  closes_at          timestamptz not null,
  created_by         bigint not null references users,
  created_at         timestamptz not null default now(),
  check (closes_at > opens_at),
  check (draw_single + draw_multiple + draw_true_false >= 1),
  check (pass_mark <= draw_single * points_single + draw_multiple * points_multiple + draw_true_false * points_true_false)
);
create index training_exams_course_idx on training_exams (course_id);

create table training_attempts (
  id           bigserial primary key,
  exam_id      bigint not null references training_exams,
  staff_no     text not null references staff,
  user_id      bigint not null references users,
  attempt_no   integer not null check (attempt_no >= 1),
  started_at   timestamptz not null,
  -- started_at + the time limit; a submission later than deadline + the grace is refused (EXPIRED)
  deadline     timestamptz not null,
  closed_at    timestamptz,
  status       text not null check (status in ('IN_PROGRESS','SUBMITTED','EXPIRED')),
  score        integer,
  max_score    integer not null,
  passed       boolean,
  unique (exam_id, staff_no, attempt_no),
  check ((status = 'IN_PROGRESS') = (closed_at is null)),
  check ((status = 'IN_PROGRESS') = (score is null)),
  check ((score is null) = (passed is null))
);
create index training_attempts_staff_idx on training_attempts (staff_no, exam_id);
-- at most one open attempt per candidate and exam
create unique index training_attempts_open_idx on training_attempts (exam_id, staff_no) where status = 'IN_PROGRESS';

-- the draw of an attempt: a snapshot of each drawn question and the candidate's response
create table training_attempt_questions (
  attempt_id  bigint not null references training_attempts on delete cascade,
  position    integer not null check (position >= 1),
  question_id bigint,
  kind        text not null check (kind in ('SINGLE','MULTIPLE','TRUE_FALSE')),
  stem        text not null,
  options     jsonb not null,
  answer      text[] not null,
  explanation text not null,
  points      integer not null,
  response    text[],
  correct     boolean,
  primary key (attempt_id, position)
);
