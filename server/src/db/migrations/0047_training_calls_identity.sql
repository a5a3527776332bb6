-- Part G (issue 14's loose ends): the resident ID check for 客户信息完善, call transfers and the
-- recent-calls list, and training's course archive, attempt drafts and course materials.

-- ---------------------------------------------------------------- KYC: 证件号码校验 (GB 11643)
-- The same rule as shared/identity.ts residentIdProblem() = null: 17 digits and a digit or X, a
-- province code 11–82, a real birth date from 1900 on and the ISO 7064 MOD 11-2 check digit
-- (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; sum mod 11 → 1 0 X 9 8 7 6 5 4 3 2). Old 15-digit
-- numbers are not valid. kyc.test.ts checks the SQL and the TypeScript rule agree.
create function resident_id_valid(raw text) returns boolean
language plpgsql immutable strict parallel safe as $$
declare
  id text := upper(btrim(raw));
  weights constant int[] := array[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  total int := 0;
  y int;
  m int;
  d int;
begin
  if id !~ '^[0-9]{17}[0-9X]$' then return false; end if;
  if substr(id, 1, 2)::int not between 11 and 82 then return false; end if;
  y := substr(id, 7, 4)::int;
  m := substr(id, 11, 2)::int;
  d := substr(id, 13, 2)::int;
  if y < 1900 or m not between 1 and 12 or d < 1
     or d > extract(day from make_date(y, m, 1) + interval '1 month - 1 day')::int then
    return false;
  end if;
  for i in 1..17 loop
    total := total + substr(id, i, 1)::int * weights[i];
  end loop;
  return substr('10X98765432', total % 11 + 1, 1) = substr(id, 18, 1);
end
$$;

-- The gender (M odd, F even sequence digit) of a valid 18-digit number.
create function resident_id_gender(raw text) returns text
language sql immutable strict parallel safe as $$
  select case when substr(btrim(raw), 17, 1)::int % 2 = 1 then 'M' else 'F' end
$$;

-- ---------------------------------------------------------------- call center: transfers (转接)
-- Each agent who held a call, in order: the first leg from the call's first event, one more per
-- TRANSFERRED event (from the call's current extension to another). cti_calls.extension and
-- .user_id are the current (last) leg's; the call keeps its one contact record.
create table cti_call_legs (
  call_id    text not null references cti_calls,
  leg_no     integer not null check (leg_no >= 1),
  extension  text not null,
  user_id    bigint not null references users,
  started_at timestamptz not null,
  -- the transfer away from this leg (null for the current leg)
  ended_at   timestamptz,
  primary key (call_id, leg_no)
);
create index cti_call_legs_user_idx on cti_call_legs (user_id, started_at desc);
insert into cti_call_legs (call_id, leg_no, extension, user_id, started_at)
  select call_id, 1, extension, user_id, coalesce(rang_at, created_at) from cti_calls;
-- the recent-calls list reads calls newest first
create index cti_calls_rang_idx on cti_calls (coalesce(rang_at, created_at) desc);

-- ---------------------------------------------------------------- training: archive, drafts, materials
-- A course or exam with attempts is archived instead of deleted: it keeps its results (staff detail,
-- report history) but no longer offers exams, nor counts as mandatory.
alter table training_courses add column archived_at timestamptz;
alter table training_exams add column archived_at timestamptz;
alter table training_exams add column updated_at timestamptz;

-- 自动保存: the candidate's responses are saved into training_attempt_questions.response while the
-- attempt is open (scored only at the submission); when the draft was last saved.
alter table training_attempts add column draft_saved_at timestamptz;

-- 课程资料: documents of a course (PDF, Office, images), stored in the database with the course
-- (backed up with it, no file store to keep in step), each at most 20 MB.
create table training_materials (
  id           bigserial primary key,
  course_id    bigint not null references training_courses on delete cascade,
  file_name    text not null check (char_length(file_name) between 1 and 200),
  content_type text not null,
  size_bytes   integer not null check (size_bytes between 1 and 20971520),
  sha256       text not null,
  data         bytea not null,
  uploaded_by  bigint not null references users,
  uploaded_at  timestamptz not null default now()
);
create index training_materials_course_idx on training_materials (course_id, id);
