/**
 * The training module's queries that are more than a lookup: the courses a caller sees, a candidate's
 * exams, a staff member's mandatory courses, and the per-team report (one statement over the caller's
 * staff scope, grouping sets for the total).
 */
import { bindParam, staffScope, type ScopeSubject } from '../access/scope.js';
import { SUBMIT_GRACE_SECONDS } from './training.rules.js';

export interface Query {
  text: string;
  values: unknown[];
}

/** Closes as EXPIRED (score 0, at the deadline) every open attempt past deadline + grace at $1; `extra` narrows it. */
export function expireQuery(now: Date, extra?: { staffNo?: string; attemptId?: string }): Query {
  const values: unknown[] = [now];
  const where = [`status = 'IN_PROGRESS'`, `deadline + interval '${SUBMIT_GRACE_SECONDS} seconds' < $1`];
  if (extra?.staffNo) where.push(`staff_no = ${bindParam(values, extra.staffNo)}`);
  if (extra?.attemptId) where.push(`id = ${bindParam(values, extra.attemptId)}`);
  return {
    text: `update training_attempts set status = 'EXPIRED', closed_at = deadline, score = 0, passed = false where ${where.join(' and ')}`,
    values,
  };
}

export interface ExamSummaryRow {
  id: string;
  courseId: string;
  title: string;
  timeLimitMinutes: number;
  drawSingle: number;
  drawMultiple: number;
  drawTrueFalse: number;
  pointsSingle: number;
  pointsMultiple: number;
  pointsTrueFalse: number;
  passMark: number;
  maxAttempts: number;
  opensAt: Date;
  closesAt: Date;
  bankId: string;
  archivedAt: Date | null;
  attempted: boolean;
}

export const EXAM_COLUMNS = `e.id::text as id, e.course_id::text as "courseId", e.title, e.time_limit_minutes as "timeLimitMinutes",
  e.draw_single as "drawSingle", e.draw_multiple as "drawMultiple", e.draw_true_false as "drawTrueFalse",
  e.points_single as "pointsSingle", e.points_multiple as "pointsMultiple", e.points_true_false as "pointsTrueFalse",
  e.pass_mark as "passMark", e.max_attempts as "maxAttempts", e.opens_at as "opensAt", e.closes_at as "closesAt", e.bank_id::text as "bankId",
  e.archived_at as "archivedAt", exists (select 1 from training_attempts x where x.exam_id = e.id) as attempted`;

export interface CourseRow {
  id: string;
  title: string;
  category: string;
  material: string;
  materialUrl: string | null;
  mandatoryFor: string[];
  dueOn: string | null;
  branchCode: string | null;
  branchName: string | null;
  createdBy: string;
  updatedAt: Date;
  archivedAt: Date | null;
}

export const COURSE_COLUMNS = `c.id::text as id, c.title, c.category, c.material, c.material_url as "materialUrl", c.mandatory_for as "mandatoryFor",
  c.due_on as "dueOn", c.branch_code as "branchCode", b.branch_name as "branchName", u.username as "createdBy", c.updated_at as "updatedAt",
  c.archived_at as "archivedAt"`;
export const COURSE_FROM = `training_courses c left join branches b on b.branch_code = c.branch_code join users u on u.id = c.created_by`;

/**
 * Which firm-wide or branch records (`alias.branch_code`) a caller reaches: every one for a scope-ALL
 * role, else the firm-wide ones and those of the caller's branch (none without a branch: fail closed).
 */
export function branchReach(user: { scopeLevel: string; branchCode: string | null }, alias: string, values: unknown[]): string {
  if (user.scopeLevel === 'ALL') return 'true';
  if (!user.branchCode) return 'false';
  return `(${alias}.branch_code is null or ${alias}.branch_code = ${bindParam(values, user.branchCode)})`;
}

/** The courses the caller reaches, filtered, newest first: count and page. */
export function courseListQueries(
  user: { scopeLevel: string; branchCode: string | null },
  filter: { q?: string; category?: string; archived?: boolean; page: number; pageSize: number },
): { count: Query; page: Query } {
  const values: unknown[] = [];
  const where = [branchReach(user, 'c', values), filter.archived ? 'c.archived_at is not null' : 'c.archived_at is null'];
  if (filter.q) where.push(`strpos(c.title, ${bindParam(values, filter.q)}) > 0`);
  if (filter.category) where.push(`c.category = ${bindParam(values, filter.category)}`);
  const condition = where.join(' and ');
  const count = { text: `select count(*)::int as total from training_courses c where ${condition}`, values: [...values] };
  const limit = bindParam(values, filter.pageSize);
  const offset = bindParam(values, (filter.page - 1) * filter.pageSize);
  return {
    count,
    page: { text: `select ${COURSE_COLUMNS} from ${COURSE_FROM} where ${condition} order by c.id desc limit ${limit} offset ${offset}`, values },
  };
}

export interface MyExamRow extends ExamSummaryRow {
  courseTitle: string;
  mandatoryFor: string[];
  dueOn: string | null;
  attemptsUsed: number;
  bestScore: number | null;
  passed: boolean;
  openAttemptId: string | null;
}

/** $1 = staff no, $2 = the staff member's branch: the exams of the courses that reach it, by closing time. */
export const MY_EXAMS = `
  select ${EXAM_COLUMNS}, c.title as "courseTitle", c.mandatory_for as "mandatoryFor", c.due_on as "dueOn",
         coalesce(a.used, 0)::int as "attemptsUsed", a.best as "bestScore", coalesce(a.passed, false) as passed, a.open_id as "openAttemptId"
    from training_exams e
    join training_courses c on c.id = e.course_id
    left join lateral (
      select count(*) filter (where x.status <> 'IN_PROGRESS') as used, max(x.score) as best, bool_or(x.passed) as passed,
             (max(x.id) filter (where x.status = 'IN_PROGRESS'))::text as open_id
        from training_attempts x where x.exam_id = e.id and x.staff_no = $1) a on true
   where (c.branch_code is null or c.branch_code = $2) and c.archived_at is null and e.archived_at is null
   order by e.closes_at, e.id`;

/** $1 = staff no, $2 = category, $3 = branch: the courses mandatory for the staff member, whether an exam of each is passed. */
export const STAFF_MANDATORY = `
  select c.id::text as "courseId", c.title, c.category, c.due_on as "dueOn",
         exists (select 1 from training_attempts a join training_exams e on e.id = a.exam_id
                  where e.course_id = c.id and a.staff_no = $1 and a.passed) as done
    from training_courses c
   where $2 = any (c.mandatory_for) and (c.branch_code is null or c.branch_code = $3) and c.archived_at is null
   order by c.due_on nulls last, c.id`;

/** $1 = staff no: the staff member's attempts, newest first. */
export const STAFF_ATTEMPTS = `
  select a.id::text as id, a.exam_id::text as "examId", e.title as "examTitle", c.title as "courseTitle", a.attempt_no as "attemptNo",
         a.status, a.started_at as "startedAt", a.closed_at as "closedAt", a.score, a.max_score as "maxScore", a.passed
    from training_attempts a join training_exams e on e.id = a.exam_id join training_courses c on c.id = e.course_id
   where a.staff_no = $1
   order by a.started_at desc, a.id desc`;

export interface ReportRowSql {
  branchCode: string | null;
  branchName: string | null;
  teamCode: string | null;
  teamName: string | null;
  isTotal: boolean;
  staffCount: number;
  required: number;
  completed: number;
  overdue: number;
  completionRate: string | null;
  examinees: number;
  passedExaminees: number;
  passRate: string | null;
  attempts: number;
  averageScore: string | null;
}

/**
 * 培训考试报表 per team: the active staff in the caller's staff scope (of one branch when asked), each
 * team's mandatory staff × course pairs (completed: an exam of the course passed; overdue: not
 * completed and due before today), the staff × exam pairs with a closed attempt and those passed, the
 * closed attempts and their average score as a percentage of full marks; the total row last.
 */
export function reportQuery(user: ScopeSubject, today: string, branch: string | undefined): Query {
  const values: unknown[] = [];
  const where = [`s.status = 'ACTIVE'`, staffScope(user, { alias: 's', params: values })];
  if (branch) where.push(`s.branch_code = ${bindParam(values, branch)}`);
  const day = bindParam(values, today);
  const text = `
    with scoped as (
      select s.staff_no, s.category, s.team_code, s.branch_code from staff s where ${where.join(' and ')}
    ), required as (
      select sc.staff_no, c.due_on,
             exists (select 1 from training_attempts a join training_exams e on e.id = a.exam_id
                      where e.course_id = c.id and a.staff_no = sc.staff_no and a.passed) as done
        from scoped sc join training_courses c on sc.category = any (c.mandatory_for) and (c.branch_code is null or c.branch_code = sc.branch_code)
                                              and c.archived_at is null
    ), examined as (
      select a.staff_no, a.exam_id, bool_or(a.passed) as passed, count(*) as attempts, sum(a.score::numeric * 100 / a.max_score) as pct_sum
        from training_attempts a join scoped sc on sc.staff_no = a.staff_no
       where a.status <> 'IN_PROGRESS'
       group by a.staff_no, a.exam_id
    ), per_staff as (
      select sc.staff_no, sc.branch_code, sc.team_code,
             coalesce(r.required, 0) as required, coalesce(r.completed, 0) as completed, coalesce(r.overdue, 0) as overdue,
             coalesce(x.examinees, 0) as examinees, coalesce(x.passed, 0) as passed, coalesce(x.attempts, 0) as attempts, coalesce(x.pct_sum, 0) as pct_sum
        from scoped sc
        left join (select staff_no, count(*) as required, count(*) filter (where done) as completed,
                          count(*) filter (where not done and due_on < ${day}::date) as overdue
                     from required group by staff_no) r on r.staff_no = sc.staff_no
        left join (select staff_no, count(*) as examinees, count(*) filter (where passed) as passed, sum(attempts) as attempts, sum(pct_sum) as pct_sum
                     from examined group by staff_no) x on x.staff_no = sc.staff_no
    ), grouped as (
      select branch_code, team_code, grouping(branch_code, team_code) <> 0 as is_total,
             count(*)::int as staff_count, coalesce(sum(required), 0)::int as required, coalesce(sum(completed), 0)::int as completed,
             coalesce(sum(overdue), 0)::int as overdue, coalesce(sum(examinees), 0)::int as examinees, coalesce(sum(passed), 0)::int as passed,
             coalesce(sum(attempts), 0)::int as attempts, sum(pct_sum) as pct_sum
        from per_staff
       group by grouping sets ((branch_code, team_code), ())
    )
    select g.branch_code as "branchCode", b.branch_name as "branchName", g.team_code as "teamCode", t.team_name as "teamName", g.is_total as "isTotal",
           g.staff_count as "staffCount", g.required, g.completed, g.overdue,
           round(g.completed::numeric * 100 / nullif(g.required, 0), 2)::text as "completionRate",
           g.examinees, g.passed as "passedExaminees",
           round(g.passed::numeric * 100 / nullif(g.examinees, 0), 2)::text as "passRate",
           g.attempts, round(g.pct_sum / nullif(g.attempts, 0), 2)::text as "averageScore"
      from grouped g left join branches b on b.branch_code = g.branch_code and not g.is_total
      left join teams t on t.team_code = g.team_code and not g.is_total
     order by g.is_total, g.branch_code, g.team_code nulls last`;
  return { text, values };
}

/**
 * 必修完成情况 of one course: the active staff in the caller's staff scope (of one branch when asked)
 * whose category the course is mandatory for and whose branch it reaches, with when an exam of it was
 * first passed, the best score and the closed attempts. $1 = course id; the scope's parameters follow.
 */
export function courseCompletionQuery(user: ScopeSubject, courseId: string, branch: string | undefined): Query {
  const values: unknown[] = [courseId];
  const where = [`s.status = 'ACTIVE'`, staffScope(user, { alias: 's', params: values }), `s.category = any (c.mandatory_for)`, `(c.branch_code is null or c.branch_code = s.branch_code)`];
  if (branch) where.push(`s.branch_code = ${bindParam(values, branch)}`);
  const text = `
    select s.staff_no as "staffNo", s.name, s.category, b.branch_name as "branchName", t.team_name as "teamName",
           a.passed_at as "passedAt", a.best as "bestScore", coalesce(a.closed, 0)::int as attempts
      from training_courses c
      join staff s on ${where.join(' and ')}
      left join branches b on b.branch_code = s.branch_code
      left join teams t on t.team_code = s.team_code
      left join lateral (
        select min(x.closed_at) filter (where x.passed) as passed_at, max(x.score) as best, count(*) filter (where x.status <> 'IN_PROGRESS') as closed
          from training_attempts x join training_exams e on e.id = x.exam_id
         where e.course_id = c.id and x.staff_no = s.staff_no) a on true
     where c.id = $1
     order by s.branch_code, s.team_code nulls first, s.staff_no`;
  return { text, values };
}
