/**
 * Training and exams (培训考试, business-rules.md §10; issue 14 item 4): courses, question banks,
 * exams, attempts and the per-team report.
 *
 * - Managing (`training.manage`): ADMIN and HQ everything, firm-wide or for any branch; a branch
 *   manager the records of their branch (firm-wide ones are read-only for them).
 * - Taking exams: any login linked to an active staff member, for the exams of the courses that reach
 *   the staff member's branch. The start stores the attempt's own random draw (a snapshot of every
 *   question) and answers without the right answers; the submission is scored on the server; the
 *   right answers and explanations come only with a closed attempt.
 * - Results are read through the caller's staff scope (access/scope.ts): a team lead the team, a
 *   branch manager the branch, HQ all, anyone their own; unknown and out of scope answer 404 alike.
 * Every change is audited in its transaction.
 */
import { createHash, randomInt } from 'node:crypto';
import { Buffer } from 'node:buffer';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { codeLabel, CODES } from '../../../../shared/codes.js';
import { inTransaction } from '../../db/database.js';
import { AppError, conflict, forbidden, notFound, unprocessable, validationFailed, type FieldError, type Language } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { writeExportHeader, xlsxFileNames, type XlsxDownload } from '../../lib/excel.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { staffScope } from '../access/scope.js';
import { writeAudit } from '../audit/audit.service.js';
import { assertPermission, type AuthUser } from '../auth/auth.service.js';
import {
  attemptDeadline, courseCompletion, drawQuestions, drawShortfalls, EXAM_FIELDS_FIXED_ONCE_ATTEMPTED, examMaxScore, examState, isInTime, isMandatoryFor,
  MATERIAL_EXTENSIONS, MATERIAL_MAX_BYTES, materialType, normalizeLetters, OPTION_LETTERS, QUESTION_KINDS, questionErrors, responsesAtSubmission, scoreAttempt,
  startRefusal, type QuestionKind,
} from './training.rules.js';
import type {
  Attempt, Bank, CourseBody, ExamBody, Question, QuestionBody, ReportQuery, ReportRow, StaffTraining, SubmitBody,
} from './training.schemas.js';
import * as sql from './training.sql.js';

export interface TrainingContext {
  user: AuthUser;
  now: Date;
  ip: string;
  language: Language;
}

type Client = pg.PoolClient;

// ---------------------------------------------------------------- who may do what

/** Whether the caller may change a record of `branchCode` (null = firm-wide). */
function owns(user: AuthUser, branchCode: string | null): boolean {
  if (!user.permissions.includes('training.manage')) return false;
  return user.scopeLevel === 'ALL' || (branchCode !== null && branchCode === user.branchCode);
}

/** The branch a new record belongs to: as asked for a scope-ALL manager; a branch manager's own branch (another is 403). */
function newRecordBranch(user: AuthUser, asked: string | null): string | null {
  assertPermission(user, 'training.manage');
  if (user.scopeLevel === 'ALL') return asked;
  if (!user.branchCode || (asked !== null && asked !== user.branchCode)) throw forbidden();
  return user.branchCode;
}

function unknownBranch(): AppError {
  return validationFailed([{ field: 'branchCode', message: { zh: '营业部不存在。', en: 'No such branch.' } }]);
}

/** The staff member an exam is taken as: the caller's linked, active staff record (403 otherwise). */
async function candidateOf(client: Client, user: AuthUser): Promise<{ staffNo: string; category: string; branchCode: string }> {
  const row = user.staffNo
    ? (await client.query<{ category: string; branchCode: string }>(`select category, branch_code as "branchCode" from staff where staff_no = $1 and status = 'ACTIVE'`, [user.staffNo])).rows[0]
    : undefined;
  if (!row || !user.staffNo) {
    throw new AppError({ code: 'TRAINING_NOT_STAFF', status: 403, zh: '只有关联在职员工的账号可以参加考试。', en: 'Only a login linked to an active staff member takes exams.' });
  }
  return { staffNo: user.staffNo, ...row };
}

function refusal(code: 'NOT_OPEN' | 'CLOSED' | 'NO_ATTEMPTS_LEFT' | 'PASSED' | 'BANK_SHORT' | 'ATTEMPT_CLOSED' | 'TIME_UP', detail = ''): AppError {
  const texts = {
    NOT_OPEN: ['考试尚未开始。', 'The exam is not open yet.'],
    CLOSED: ['考试已结束。', 'The exam has closed.'],
    NO_ATTEMPTS_LEFT: ['考试次数已用完。', 'No attempts are left.'],
    PASSED: ['您已通过该考试。', 'You have passed this exam.'],
    BANK_SHORT: [`题库试题不足：${detail}`, `The bank has too few questions: ${detail}`],
    ATTEMPT_CLOSED: ['该答卷已交卷或已超时。', 'This attempt is already closed.'],
    TIME_UP: ['已超过考试时限，答卷按超时处理（0 分）。', 'The time limit has passed; the attempt is closed as timed out (score 0).'],
  } as const;
  const [zh, en] = texts[code];
  return conflict(`TRAINING_${code}`, zh, en);
}

// ---------------------------------------------------------------- courses

function toExamSummary(e: sql.ExamSummaryRow) {
  const counts = { single: e.drawSingle, multiple: e.drawMultiple, trueFalse: e.drawTrueFalse };
  return {
    id: e.id, title: e.title, timeLimitMinutes: e.timeLimitMinutes,
    questionCount: e.drawSingle + e.drawMultiple + e.drawTrueFalse,
    maxScore: examMaxScore(counts, { single: e.pointsSingle, multiple: e.pointsMultiple, trueFalse: e.pointsTrueFalse }),
    passMark: e.passMark, maxAttempts: e.maxAttempts, opensAt: e.opensAt.toISOString(), closesAt: e.closesAt.toISOString(),
    archivedAt: e.archivedAt?.toISOString() ?? null, attempted: e.attempted,
  };
}

async function examsOfCourses(client: Client, ids: readonly string[]): Promise<Map<string, sql.ExamSummaryRow[]>> {
  const { rows } = await client.query<sql.ExamSummaryRow>(`select ${sql.EXAM_COLUMNS} from training_exams e where e.course_id = any ($1::bigint[]) order by e.opens_at, e.id`, [ids]);
  const map = new Map<string, sql.ExamSummaryRow[]>();
  for (const row of rows) map.set(row.courseId, [...(map.get(row.courseId) ?? []), row]);
  return map;
}

interface MaterialRow { id: string; courseId: string; fileName: string; contentType: string; sizeBytes: number; uploadedBy: string; uploadedAt: Date }

async function materialsOfCourses(client: Client, ids: readonly string[]): Promise<Map<string, MaterialRow[]>> {
  const { rows } = await client.query<MaterialRow>(
    `select m.id::text as id, m.course_id::text as "courseId", m.file_name as "fileName", m.content_type as "contentType", m.size_bytes as "sizeBytes",
            u.username as "uploadedBy", m.uploaded_at as "uploadedAt"
       from training_materials m join users u on u.id = m.uploaded_by where m.course_id = any ($1::bigint[]) order by m.id`, [ids]);
  const map = new Map<string, MaterialRow[]>();
  for (const row of rows) map.set(row.courseId, [...(map.get(row.courseId) ?? []), row]);
  return map;
}

function toCourse(row: sql.CourseRow, exams: sql.ExamSummaryRow[], materials: MaterialRow[], user: AuthUser) {
  return {
    id: row.id, title: row.title, category: row.category, material: row.material, materialUrl: row.materialUrl,
    mandatoryFor: row.mandatoryFor, dueOn: row.dueOn, branchCode: row.branchCode, branchName: row.branchName,
    createdBy: row.createdBy, updatedAt: row.updatedAt.toISOString(), editable: owns(user, row.branchCode),
    archivedAt: row.archivedAt?.toISOString() ?? null, deletable: !exams.some((e) => e.attempted),
    exams: exams.map(toExamSummary),
    materials: materials.map(({ courseId: _courseId, uploadedAt, ...m }) => ({ ...m, uploadedAt: uploadedAt.toISOString() })),
  };
}

export async function listCourses(pool: pg.Pool, query: { q?: string; category?: string; archived?: boolean; page: number; pageSize: number }, ctx: TrainingContext) {
  const queries = sql.courseListQueries(ctx.user, query);
  return inReadSnapshot(pool, async (client) => {
    const total = (await client.query<{ total: number }>(queries.count.text, queries.count.values)).rows[0]?.total ?? 0;
    const rows = (await client.query<sql.CourseRow>(queries.page.text, queries.page.values)).rows;
    const exams = await examsOfCourses(client, rows.map((r) => r.id));
    const materials = await materialsOfCourses(client, rows.map((r) => r.id));
    return { items: rows.map((r) => { const { material: _material, ...rest } = toCourse(r, exams.get(r.id) ?? [], materials.get(r.id) ?? [], ctx.user); return rest; }), total };
  });
}

async function courseRow(client: Client, user: AuthUser, id: string): Promise<sql.CourseRow> {
  const values: unknown[] = [id];
  const reach = sql.branchReach(user, 'c', values);
  const [row] = (await client.query<sql.CourseRow>(`select ${sql.COURSE_COLUMNS} from ${sql.COURSE_FROM} where c.id = $1 and ${reach}`, values)).rows;
  if (!row) throw notFound();
  return row;
}

export async function getCourse(pool: pg.Pool, id: string, ctx: TrainingContext) {
  return inReadSnapshot(pool, async (client) => {
    const row = await courseRow(client, ctx.user, id);
    return toCourse(row, (await examsOfCourses(client, [id])).get(id) ?? [], (await materialsOfCourses(client, [id])).get(id) ?? [], ctx.user);
  });
}

function courseErrors(body: CourseBody): FieldError[] {
  if (body.mandatoryFor.length && !body.dueOn) return [{ field: 'dueOn', message: { zh: '必修课程须有完成期限。', en: 'A mandatory course needs a due date.' } }];
  return [];
}

function isForeignKeyViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23503';
}

export async function createCourse(pool: pg.Pool, body: CourseBody, ctx: TrainingContext) {
  const branch = newRecordBranch(ctx.user, body.branchCode);
  const errors = courseErrors(body);
  if (errors.length) throw validationFailed(errors);
  const id = await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into training_courses (title, category, material, material_url, mandatory_for, due_on, branch_code, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) returning id::text`,
      [body.title, body.category, body.material, body.materialUrl, [...new Set(body.mandatoryFor)], body.dueOn, branch, ctx.user.id, ctx.now],
    ).catch((err: unknown) => {
      throw isForeignKeyViolation(err) ? unknownBranch() : err;
    });
    const created = rows[0]!.id;
    await writeAudit(client, { user: ctx.user, action: 'training.course_create', entity: 'training_course', entityId: created, detail: { name: body.title, branchCode: branch }, ip: ctx.ip });
    return created;
  });
  return getCourse(pool, id, ctx);
}

export async function updateCourse(pool: pg.Pool, id: string, body: CourseBody, ctx: TrainingContext) {
  assertPermission(ctx.user, 'training.manage');
  const errors = courseErrors(body);
  if (errors.length) throw validationFailed(errors);
  await inTransaction(pool, async (client) => {
    const row = await courseRow(client, ctx.user, id);
    if (!owns(ctx.user, row.branchCode)) throw forbidden();
    const branch = ctx.user.scopeLevel === 'ALL' ? body.branchCode : row.branchCode;
    await client.query(
      `update training_courses set title = $2, category = $3, material = $4, material_url = $5, mandatory_for = $6, due_on = $7, branch_code = $8, updated_at = $9 where id = $1`,
      [id, body.title, body.category, body.material, body.materialUrl, [...new Set(body.mandatoryFor)], body.dueOn, branch, ctx.now],
    ).catch((err: unknown) => {
      throw isForeignKeyViolation(err) ? unknownBranch() : err;
    });
    await writeAudit(client, { user: ctx.user, action: 'training.course_update', entity: 'training_course', entityId: id, detail: { name: body.title, branchCode: branch }, ip: ctx.ip });
  });
  return getCourse(pool, id, ctx);
}

/** A course the caller may change (404 unknown or not reached, 403 not theirs), locked for the change. */
async function ownedCourse(client: Client, user: AuthUser, id: string): Promise<sql.CourseRow> {
  assertPermission(user, 'training.manage');
  const row = await courseRow(client, user, id);
  if (!owns(user, row.branchCode)) throw forbidden();
  await client.query(`select 1 from training_courses where id = $1 for update`, [id]);
  return row;
}

function hasAttempts(what: 'course' | 'exam'): AppError {
  const [zh, en] = what === 'course'
    ? ['该课程的考试已有答卷，不能删除；请改为归档（成绩保留，不再开放考试）。', 'Exams of this course have attempts: it cannot be deleted; archive it instead (results are kept, no exam is offered).']
    : ['该考试已有答卷，不能删除；请改为归档。', 'This exam has attempts: it cannot be deleted; archive it instead.'];
  return conflict('TRAINING_HAS_ATTEMPTS', zh, en);
}

/** 删除课程: only a course none of whose exams has an attempt (its exams and documents go with it); else 409 — archive it. */
export async function deleteCourse(pool: pg.Pool, id: string, ctx: TrainingContext): Promise<void> {
  await inTransaction(pool, async (client) => {
    const row = await ownedCourse(client, ctx.user, id);
    const { rows } = await client.query(`select 1 from training_attempts a join training_exams e on e.id = a.exam_id where e.course_id = $1 limit 1`, [id]);
    if (rows.length) throw hasAttempts('course');
    await client.query(`delete from training_exams where course_id = $1`, [id]);
    await client.query(`delete from training_courses where id = $1`, [id]);
    await writeAudit(client, { user: ctx.user, action: 'training.course_delete', entity: 'training_course', entityId: id, detail: { name: row.title }, ip: ctx.ip });
  });
}

/** 归档 / 恢复 a course: archived, it keeps its results but offers no exam and is no longer mandatory. */
export async function archiveCourse(pool: pg.Pool, id: string, archived: boolean, ctx: TrainingContext) {
  await inTransaction(pool, async (client) => {
    const row = await ownedCourse(client, ctx.user, id);
    await client.query(`update training_courses set archived_at = $2, updated_at = $3 where id = $1`, [id, archived ? ctx.now : null, ctx.now]);
    await writeAudit(client, {
      user: ctx.user, action: archived ? 'training.course_archive' : 'training.course_restore', entity: 'training_course', entityId: id, detail: { name: row.title }, ip: ctx.ip,
    });
  });
  return getCourse(pool, id, ctx);
}

function materialRefused(problem: 'TYPE' | 'CONTENT' | 'EMPTY' | 'TOO_LARGE'): AppError {
  const texts = {
    TYPE: [`只接受以下类型的文件：${MATERIAL_EXTENSIONS.join('、')}。`, `Only these file types are accepted: ${MATERIAL_EXTENSIONS.join(', ')}.`],
    CONTENT: ['文件内容与扩展名不符。', 'The file’s content does not match its extension.'],
    EMPTY: ['文件为空。', 'The file is empty.'],
    TOO_LARGE: [`文件超过 ${MATERIAL_MAX_BYTES / 1024 / 1024} MB。`, `The file is larger than ${MATERIAL_MAX_BYTES / 1024 / 1024} MB.`],
  } as const;
  const [zh, en] = texts[problem];
  return unprocessable('TRAINING_MATERIAL_REFUSED', zh, en, [{ field: problem === 'TYPE' ? 'fileName' : 'file', message: { zh, en } }]);
}

/** 上传课程资料: a PDF, Office or image document (type checked by extension and content, ≤ 20 MB), stored with the course. */
export async function uploadMaterial(pool: pg.Pool, courseId: string, body: { fileName: string; file: string }, ctx: TrainingContext) {
  const bytes = Buffer.from(body.file, 'base64');
  const type = materialType(body.fileName, bytes);
  if ('problem' in type) throw materialRefused(type.problem);
  await inTransaction(pool, async (client) => {
    await ownedCourse(client, ctx.user, courseId);
    const { rows } = await client.query<{ id: string }>(
      `insert into training_materials (course_id, file_name, content_type, size_bytes, sha256, data, uploaded_by, uploaded_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id::text as id`,
      [courseId, body.fileName, type.contentType, bytes.length, createHash('sha256').update(bytes).digest('hex'), bytes, ctx.user.id, ctx.now],
    );
    await client.query(`update training_courses set updated_at = $2 where id = $1`, [courseId, ctx.now]);
    await writeAudit(client, {
      user: ctx.user, action: 'training.material_upload', entity: 'training_material', entityId: rows[0]!.id,
      detail: { id: courseId, name: body.fileName, rows: bytes.length }, ip: ctx.ip,
    });
  });
  return getCourse(pool, courseId, ctx);
}

/** A course document for whoever reaches the course (404 otherwise): its name, type and bytes. */
export async function readMaterial(pool: pg.Pool, courseId: string, materialId: string, ctx: TrainingContext): Promise<{ fileName: string; contentType: string; data: Buffer }> {
  return inReadSnapshot(pool, async (client) => {
    await courseRow(client, ctx.user, courseId);
    const [row] = (await client.query<{ fileName: string; contentType: string; data: Buffer }>(
      `select file_name as "fileName", content_type as "contentType", data from training_materials where id = $1 and course_id = $2`, [materialId, courseId])).rows;
    if (!row) throw notFound();
    return row;
  });
}

export async function deleteMaterial(pool: pg.Pool, courseId: string, materialId: string, ctx: TrainingContext): Promise<void> {
  await inTransaction(pool, async (client) => {
    await ownedCourse(client, ctx.user, courseId);
    const { rows } = await client.query<{ fileName: string }>(`delete from training_materials where id = $1 and course_id = $2 returning file_name as "fileName"`, [materialId, courseId]);
    if (!rows[0]) throw notFound();
    await writeAudit(client, { user: ctx.user, action: 'training.material_delete', entity: 'training_material', entityId: materialId, detail: { id: courseId, name: rows[0].fileName }, ip: ctx.ip });
  });
}

/** 必修完成情况 of a course: who in the caller's staff scope must take it, and who has passed, is pending or overdue. */
export async function courseCompletionList(pool: pg.Pool, courseId: string, query: { branch?: string }, ctx: TrainingContext) {
  const today = businessDate(ctx.now);
  return inTransaction(pool, async (client) => {
    const course = await courseRow(client, ctx.user, courseId);
    const expire = sql.expireQuery(ctx.now);
    await client.query(expire.text, expire.values);
    const q = sql.courseCompletionQuery(ctx.user, courseId, query.branch);
    const rows = (await client.query<{ staffNo: string; name: string; category: string; branchName: string | null; teamName: string | null; passedAt: Date | null; bestScore: number | null; attempts: number }>(q.text, q.values)).rows;
    const order = { OVERDUE: 0, PENDING: 1, DONE: 2 } as const;
    const items = rows
      .map((r) => ({ ...r, passedAt: r.passedAt?.toISOString() ?? null, completion: courseCompletion(r.passedAt !== null, course.dueOn, today) }))
      .sort((a, b) => order[a.completion] - order[b.completion]);
    const counts = { DONE: 0, PENDING: 0, OVERDUE: 0 };
    for (const item of items) counts[item.completion] += 1;
    return { courseId, title: course.title, dueOn: course.dueOn, asOf: today, counts, items };
  });
}

// ---------------------------------------------------------------- banks and questions

interface BankRow {
  id: string;
  name: string;
  branchCode: string | null;
  branchName: string | null;
  createdBy: string;
  single: number;
  multiple: number;
  trueFalse: number;
}

const BANK_SELECT = `
  select k.id::text as id, k.name, k.branch_code as "branchCode", br.branch_name as "branchName", u.username as "createdBy",
         (select count(*) from training_questions q where q.bank_id = k.id and q.kind = 'SINGLE')::int as single,
         (select count(*) from training_questions q where q.bank_id = k.id and q.kind = 'MULTIPLE')::int as multiple,
         (select count(*) from training_questions q where q.bank_id = k.id and q.kind = 'TRUE_FALSE')::int as "trueFalse"
    from training_banks k left join branches br on br.branch_code = k.branch_code join users u on u.id = k.created_by`;

function toBank(row: BankRow, user: AuthUser): Bank {
  return {
    id: row.id, name: row.name, branchCode: row.branchCode, branchName: row.branchName, createdBy: row.createdBy,
    counts: { SINGLE: row.single, MULTIPLE: row.multiple, TRUE_FALSE: row.trueFalse }, editable: owns(user, row.branchCode),
  };
}

/** A bank the manager reaches (firm-wide or their branch's; all for scope ALL), else 404. */
async function bankRow(client: Client, user: AuthUser, id: string): Promise<BankRow> {
  assertPermission(user, 'training.manage');
  const values: unknown[] = [id];
  const [row] = (await client.query<BankRow>(`${BANK_SELECT} where k.id = $1 and ${sql.branchReach(user, 'k', values)}`, values)).rows;
  if (!row) throw notFound();
  return row;
}

export async function listBanks(pool: pg.Pool, ctx: TrainingContext): Promise<{ items: Bank[] }> {
  assertPermission(ctx.user, 'training.manage');
  const values: unknown[] = [];
  const { rows } = await pool.query<BankRow>(`${BANK_SELECT} where ${sql.branchReach(ctx.user, 'k', values)} order by k.id desc`, values);
  return { items: rows.map((r) => toBank(r, ctx.user)) };
}

const QUESTION_SELECT = `select id::text as id, kind, stem, options, answer, explanation from training_questions`;

export async function getBank(pool: pg.Pool, id: string, ctx: TrainingContext): Promise<Bank & { questions: Question[] }> {
  return inReadSnapshot(pool, async (client) => {
    const row = await bankRow(client, ctx.user, id);
    const { rows } = await client.query<Question>(`${QUESTION_SELECT} where bank_id = $1 order by array_position(array['SINGLE','MULTIPLE','TRUE_FALSE'], kind), training_questions.id`, [id]);
    return { ...toBank(row, ctx.user), questions: rows };
  });
}

export async function createBank(pool: pg.Pool, body: { name: string; branchCode: string | null }, ctx: TrainingContext): Promise<Bank> {
  const branch = newRecordBranch(ctx.user, body.branchCode);
  const id = await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into training_banks (name, branch_code, created_by, created_at) values ($1, $2, $3, $4) returning id::text`, [body.name, branch, ctx.user.id, ctx.now],
    ).catch((err: unknown) => {
      throw isForeignKeyViolation(err) ? unknownBranch() : err;
    });
    await writeAudit(client, { user: ctx.user, action: 'training.bank_create', entity: 'training_bank', entityId: rows[0]!.id, detail: { name: body.name, branchCode: branch }, ip: ctx.ip });
    return rows[0]!.id;
  });
  return getBank(pool, id, ctx).then(({ questions: _questions, ...bank }) => bank);
}

/** The question as stored (letters normalised), or 422 naming the bad field. */
function checkedQuestion(body: QuestionBody, prefix = ''): QuestionBody {
  const q = { ...body, options: body.kind === 'TRUE_FALSE' ? body.options.filter((o) => o !== '') : body.options, answer: normalizeLetters(body.answer) };
  const errors = questionErrors(q);
  if (errors.length) throw validationFailed(errors.map((e) => ({ field: `${prefix}${e.field}`, message: { zh: e.zh, en: e.en } })));
  return q;
}

async function editableBank(client: Client, user: AuthUser, bankId: string): Promise<BankRow> {
  const bank = await bankRow(client, user, bankId);
  if (!owns(user, bank.branchCode)) throw forbidden();
  return bank;
}

export async function addQuestion(pool: pg.Pool, bankId: string, body: QuestionBody, ctx: TrainingContext): Promise<Question> {
  const q = checkedQuestion(body);
  return inTransaction(pool, async (client) => {
    await editableBank(client, ctx.user, bankId);
    const { rows } = await client.query<Question>(
      `insert into training_questions (bank_id, kind, stem, options, answer, explanation, created_at) values ($1, $2, $3, $4, $5, $6, $7)
       returning id::text as id, kind, stem, options, answer, explanation`,
      [bankId, q.kind, q.stem, JSON.stringify(q.options), q.answer, q.explanation, ctx.now],
    );
    await writeAudit(client, { user: ctx.user, action: 'training.question_create', entity: 'training_question', entityId: rows[0]!.id, detail: { id: bankId, kind: q.kind }, ip: ctx.ip });
    return rows[0]!;
  });
}

async function questionBank(client: Client, questionId: string): Promise<string> {
  const [row] = (await client.query<{ bankId: string }>(`select bank_id::text as "bankId" from training_questions where id = $1 for update`, [questionId])).rows;
  if (!row) throw notFound();
  return row.bankId;
}

export async function updateQuestion(pool: pg.Pool, questionId: string, body: QuestionBody, ctx: TrainingContext): Promise<Question> {
  const q = checkedQuestion(body);
  return inTransaction(pool, async (client) => {
    await editableBank(client, ctx.user, await questionBank(client, questionId));
    const { rows } = await client.query<Question>(
      `update training_questions set kind = $2, stem = $3, options = $4, answer = $5, explanation = $6 where id = $1
       returning id::text as id, kind, stem, options, answer, explanation`,
      [questionId, q.kind, q.stem, JSON.stringify(q.options), q.answer, q.explanation],
    );
    await writeAudit(client, { user: ctx.user, action: 'training.question_update', entity: 'training_question', entityId: questionId, detail: { kind: q.kind }, ip: ctx.ip });
    return rows[0]!;
  });
}

/** Deletes a question; attempts keep their snapshot of it. */
export async function deleteQuestion(pool: pg.Pool, questionId: string, ctx: TrainingContext): Promise<void> {
  await inTransaction(pool, async (client) => {
    await editableBank(client, ctx.user, await questionBank(client, questionId));
    await client.query(`delete from training_questions where id = $1`, [questionId]);
    await writeAudit(client, { user: ctx.user, action: 'training.question_delete', entity: 'training_question', entityId: questionId, ip: ctx.ip });
  });
}

const BANK_COLUMNS = {
  kind: { zh: '题型', en: 'Kind' },
  stem: { zh: '题干', en: 'Question' },
  answer: { zh: '答案', en: 'Answer' },
  explanation: { zh: '解析', en: 'Explanation' },
  option: { zh: '选项', en: 'Option ' },
} as const;

function bankHeadings(language: Language): string[] {
  return [BANK_COLUMNS.kind[language], BANK_COLUMNS.stem[language], ...OPTION_LETTERS.map((l) => `${BANK_COLUMNS.option[language]}${l}`), BANK_COLUMNS.answer[language], BANK_COLUMNS.explanation[language]];
}

/** 题库导出: the bank as an Excel sheet in the import's layout (kind by its label, options A–H, the answer letters, the explanation). */
export function bankExport(pool: pg.Pool, id: string, ctx: TrainingContext): XlsxDownload {
  const title = { zh: '题库', en: 'Question bank' }[ctx.language];
  return {
    what: 'training-bank',
    names: xlsxFileNames(`${title}${id}`, `question-bank-${id}`, businessDate(ctx.now)),
    write: async (out: Writable) => {
      const bank = await getBank(pool, id, ctx);
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet(title);
      writeExportHeader(sheet, { title: `${title} ${bank.name}`, parameters: { id }, codes: {}, now: ctx.now, language: ctx.language });
      sheet.addRow(bankHeadings(ctx.language)).font = { bold: true };
      for (const q of bank.questions) {
        sheet.addRow([codeLabel('questionKind', q.kind, ctx.language), q.stem, ...OPTION_LETTERS.map((_, i) => q.options[i] ?? ''), q.answer.join(''), q.explanation]);
      }
      await inTransaction(pool, (client) =>
        writeAudit(client, { user: ctx.user, action: 'report.export', entity: 'training_bank', entityId: id, detail: { rows: bank.questions.length }, ip: ctx.ip }),
      );
      out.end(Buffer.from(await workbook.xlsx.writeBuffer()));
    },
  };
}

/** The kind a cell names: its code, or its label in either language. */
function kindOfCell(text: string): QuestionKind | null {
  const t = text.trim();
  for (const kind of QUESTION_KINDS) {
    const label = CODES.questionKind[kind];
    if (t.toUpperCase() === kind || t === label.zh || t.toLowerCase() === label.en.toLowerCase()) return kind;
  }
  return null;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  return String(value as string | number | boolean);
}

/**
 * 题库导入: the rows under the heading row (题型 / Kind first) of the first sheet, in the export's
 * layout; the answer as letters (`AC`, `A,C`), T/F or 正确/错误 for true/false. All or nothing: any bad
 * row is reported (by its row number) and none is imported.
 */
export async function importBank(pool: pg.Pool, bankId: string, fileBase64: string, ctx: TrainingContext) {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(fileBase64, 'base64') as unknown as ArrayBuffer);
  } catch {
    throw unprocessable('TRAINING_IMPORT_UNREADABLE', '无法读取该 Excel 文件。', 'The Excel file cannot be read.');
  }
  const sheet = workbook.worksheets[0];
  const questions: QuestionBody[] = [];
  const errors: { row: number; message: string }[] = [];
  let headingFound = false;
  sheet?.eachRow((row, rowNo) => {
    const cells = Array.from({ length: 12 }, (_, i) => cellText(row.getCell(i + 1).value).trim());
    if (!headingFound) {
      headingFound = cells[0] === BANK_COLUMNS.kind.zh || cells[0]?.toLowerCase() === BANK_COLUMNS.kind.en.toLowerCase();
      return;
    }
    if (cells.every((c) => c === '')) return;
    const kind = kindOfCell(cells[0]!);
    const stem = cells[1]!;
    const options = cells.slice(2, 10).filter((o, i, all) => o !== '' || all.slice(i).some((x) => x !== ''));
    const rawAnswer = cells[10]!.replace(/正确|对|√/g, 'T').replace(/错误|错|×/g, 'F');
    const answer = normalizeLetters(rawAnswer.split(/[\s,，、;；]*/).filter((l) => l !== ''));
    const problems: string[] = [];
    if (!kind) problems.push(ctx.language === 'zh' ? '题型无法识别' : 'unknown kind');
    if (stem === '' || stem.length > 2000) problems.push(ctx.language === 'zh' ? '题干为空或超过 2000 字' : 'question empty or over 2000 characters');
    if (kind) problems.push(...questionErrors({ kind, options, answer }).map((e) => (ctx.language === 'zh' ? e.zh : e.en)));
    if (problems.length) errors.push({ row: rowNo, message: problems.join('; ') });
    else questions.push({ kind: kind!, stem, options: kind === 'TRUE_FALSE' ? [] : options, answer, explanation: cells[11]!.slice(0, 2000) });
  });
  if (!headingFound) errors.push({ row: 0, message: ctx.language === 'zh' ? '找不到标题行（题型、题干…）' : 'no heading row (Kind, Question …)' });
  if (errors.length) return { imported: 0, errors };
  await inTransaction(pool, async (client) => {
    await editableBank(client, ctx.user, bankId);
    await client.query(
      `insert into training_questions (bank_id, kind, stem, options, answer, explanation, created_at)
       select $1, q->>'kind', q->>'stem', q->'options', array(select jsonb_array_elements_text(q->'answer')), q->>'explanation', $3
         from jsonb_array_elements($2::jsonb) with ordinality as x(q, n) order by n`,
      [bankId, JSON.stringify(questions), ctx.now],
    );
    await writeAudit(client, { user: ctx.user, action: 'training.bank_import', entity: 'training_bank', entityId: bankId, detail: { rows: questions.length }, ip: ctx.ip });
  });
  return { imported: questions.length, errors };
}

// ---------------------------------------------------------------- exams

const KIND_COUNTS = `select kind, count(*)::int as n from training_questions where bank_id = $1 group by kind`;

async function availableByKind(client: Client, bankId: string): Promise<Record<QuestionKind, number>> {
  const available: Record<QuestionKind, number> = { SINGLE: 0, MULTIPLE: 0, TRUE_FALSE: 0 };
  for (const row of (await client.query<{ kind: QuestionKind; n: number }>(KIND_COUNTS, [bankId])).rows) available[row.kind] = row.n;
  return available;
}

function shortfallText(shortfalls: ReturnType<typeof drawShortfalls>, language: Language): string {
  return shortfalls.map((s) => `${codeLabel('questionKind', s.kind, language)} ${s.wanted} > ${s.available}`).join(', ');
}

export async function createExam(pool: pg.Pool, body: ExamBody, ctx: TrainingContext) {
  assertPermission(ctx.user, 'training.manage');
  const opensAt = new Date(body.opensAt);
  const closesAt = new Date(body.closesAt);
  const errors = examErrors(body);
  if (errors.length) throw validationFailed(errors);
  const id = await inTransaction(pool, async (client) => {
    const course = await courseRow(client, ctx.user, body.courseId);
    if (!owns(ctx.user, course.branchCode)) throw forbidden();
    await bankRow(client, ctx.user, body.bankId);
    const shortfalls = drawShortfalls(body.draw, await availableByKind(client, body.bankId));
    if (shortfalls.length) {
      throw validationFailed([{ field: 'draw', message: { zh: `题库试题不足：${shortfallText(shortfalls, 'zh')}`, en: `The bank has too few questions: ${shortfallText(shortfalls, 'en')}` } }]);
    }
    const { rows } = await client.query<{ id: string }>(
      `insert into training_exams (course_id, bank_id, title, time_limit_minutes, draw_single, draw_multiple, draw_true_false,
                                   points_single, points_multiple, points_true_false, pass_mark, max_attempts, opens_at, closes_at, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) returning id::text`,
      [body.courseId, body.bankId, body.title, body.timeLimitMinutes, body.draw.single, body.draw.multiple, body.draw.trueFalse,
        body.points.single, body.points.multiple, body.points.trueFalse, body.passMark, body.maxAttempts, opensAt, closesAt, ctx.user.id, ctx.now],
    );
    await writeAudit(client, { user: ctx.user, action: 'training.exam_create', entity: 'training_exam', entityId: rows[0]!.id, detail: { name: body.title, id: body.courseId }, ip: ctx.ip });
    return rows[0]!.id;
  });
  return getExam(pool, id, ctx);
}

function examErrors(body: ExamBody): FieldError[] {
  const opensAt = new Date(body.opensAt);
  const closesAt = new Date(body.closesAt);
  const maxScore = examMaxScore(body.draw, body.points);
  const errors: FieldError[] = [];
  if (closesAt <= opensAt) errors.push({ field: 'closesAt', message: { zh: '结束时间须晚于开始时间。', en: 'The exam must close after it opens.' } });
  if (maxScore === 0) errors.push({ field: 'draw', message: { zh: '至少抽取一道题。', en: 'Draw at least one question.' } });
  if (body.passMark > maxScore) errors.push({ field: 'passMark', message: { zh: `及格分不能高于满分 ${maxScore}。`, en: `The pass mark cannot exceed the full marks (${maxScore}).` } });
  return errors;
}

/** An exam whose course the caller may change, locked. */
async function ownedExam(client: Client, user: AuthUser, id: string) {
  assertPermission(user, 'training.manage');
  const exam = await examRow(client, id);
  const course = await courseRow(client, user, exam.courseId);
  if (!owns(user, course.branchCode)) throw forbidden();
  await client.query(`select 1 from training_exams where id = $1 for update`, [id]);
  return exam;
}

/**
 * 修改考试: everything while no one has started it; once attempted, only its title, window and
 * attempts — what scores an attempt (bank, draw, points, pass mark, time limit) stays, so results
 * stay comparable (409 naming the fields). The course does not change.
 */
export async function updateExam(pool: pg.Pool, id: string, body: ExamBody, ctx: TrainingContext) {
  const errors = examErrors(body);
  if (errors.length) throw validationFailed(errors);
  await inTransaction(pool, async (client) => {
    const exam = await ownedExam(client, ctx.user, id);
    if (body.courseId !== exam.courseId) throw validationFailed([{ field: 'courseId', message: { zh: '考试不能移到其他课程。', en: 'An exam stays with its course.' } }]);
    if (exam.attempted) {
      const changed = EXAM_FIELDS_FIXED_ONCE_ATTEMPTED.filter((field) => ({
        bankId: body.bankId !== exam.bankId,
        timeLimitMinutes: body.timeLimitMinutes !== exam.timeLimitMinutes,
        draw: body.draw.single !== exam.drawSingle || body.draw.multiple !== exam.drawMultiple || body.draw.trueFalse !== exam.drawTrueFalse,
        points: body.points.single !== exam.pointsSingle || body.points.multiple !== exam.pointsMultiple || body.points.trueFalse !== exam.pointsTrueFalse,
        passMark: body.passMark !== exam.passMark,
      })[field]);
      if (changed.length) {
        throw conflict('TRAINING_EXAM_ATTEMPTED', `考试已有答卷，不能修改：${changed.join('、')}（可修改名称、开放时间和次数）。`,
          `The exam has attempts; these cannot change: ${changed.join(', ')} (the title, window and attempts can).`);
      }
    } else {
      await bankRow(client, ctx.user, body.bankId);
      const shortfalls = drawShortfalls(body.draw, await availableByKind(client, body.bankId));
      if (shortfalls.length) {
        throw validationFailed([{ field: 'draw', message: { zh: `题库试题不足：${shortfallText(shortfalls, 'zh')}`, en: `The bank has too few questions: ${shortfallText(shortfalls, 'en')}` } }]);
      }
    }
    await client.query(
      `update training_exams set bank_id = $2, title = $3, time_limit_minutes = $4, draw_single = $5, draw_multiple = $6, draw_true_false = $7,
              points_single = $8, points_multiple = $9, points_true_false = $10, pass_mark = $11, max_attempts = $12, opens_at = $13, closes_at = $14, updated_at = $15
        where id = $1`,
      [id, body.bankId, body.title, body.timeLimitMinutes, body.draw.single, body.draw.multiple, body.draw.trueFalse,
        body.points.single, body.points.multiple, body.points.trueFalse, body.passMark, body.maxAttempts, new Date(body.opensAt), new Date(body.closesAt), ctx.now],
    );
    await writeAudit(client, { user: ctx.user, action: 'training.exam_update', entity: 'training_exam', entityId: id, detail: { name: body.title, id: exam.courseId }, ip: ctx.ip });
  });
  return getExam(pool, id, ctx);
}

/** 删除考试: only one nobody has started (409 otherwise: archive it). */
export async function deleteExam(pool: pg.Pool, id: string, ctx: TrainingContext): Promise<void> {
  await inTransaction(pool, async (client) => {
    const exam = await ownedExam(client, ctx.user, id);
    if (exam.attempted) throw hasAttempts('exam');
    await client.query(`delete from training_exams where id = $1`, [id]);
    await writeAudit(client, { user: ctx.user, action: 'training.exam_delete', entity: 'training_exam', entityId: id, detail: { name: exam.title, id: exam.courseId }, ip: ctx.ip });
  });
}

/** 归档 / 恢复 an exam: archived, it keeps its attempts but is no longer offered. */
export async function archiveExam(pool: pg.Pool, id: string, archived: boolean, ctx: TrainingContext) {
  await inTransaction(pool, async (client) => {
    const exam = await ownedExam(client, ctx.user, id);
    await client.query(`update training_exams set archived_at = $2, updated_at = $3 where id = $1`, [id, archived ? ctx.now : null, ctx.now]);
    await writeAudit(client, {
      user: ctx.user, action: archived ? 'training.exam_archive' : 'training.exam_restore', entity: 'training_exam', entityId: id, detail: { name: exam.title, id: exam.courseId }, ip: ctx.ip,
    });
  });
  return getExam(pool, id, ctx);
}

async function examRow(client: Client, id: string): Promise<sql.ExamSummaryRow & { courseTitle: string; courseBranch: string | null }> {
  const [row] = (await client.query<sql.ExamSummaryRow & { courseTitle: string; courseBranch: string | null }>(
    `select ${sql.EXAM_COLUMNS}, c.title as "courseTitle", c.branch_code as "courseBranch" from training_exams e join training_courses c on c.id = e.course_id where e.id = $1`,
    [id],
  )).rows;
  if (!row) throw notFound();
  return row;
}

export async function getExam(pool: pg.Pool, id: string, ctx: TrainingContext) {
  return inReadSnapshot(pool, async (client) => {
    const row = await examRow(client, id);
    await courseRow(client, ctx.user, row.courseId); // 404 unless the caller reaches the course
    return {
      ...toExamSummary(row), courseId: row.courseId, courseTitle: row.courseTitle, bankId: row.bankId,
      draw: { single: row.drawSingle, multiple: row.drawMultiple, trueFalse: row.drawTrueFalse },
      points: { single: row.pointsSingle, multiple: row.pointsMultiple, trueFalse: row.pointsTrueFalse },
    };
  });
}

// ---------------------------------------------------------------- the candidate's side

export async function myExams(pool: pg.Pool, ctx: TrainingContext) {
  return inTransaction(pool, async (client) => {
    const me = await candidateOf(client, ctx.user);
    const expire = sql.expireQuery(ctx.now, { staffNo: me.staffNo });
    await client.query(expire.text, expire.values);
    const { rows } = await client.query<sql.MyExamRow>(sql.MY_EXAMS, [me.staffNo, me.branchCode]);
    return {
      items: rows.map((r) => ({
        ...toExamSummary(r), examId: r.id, courseId: r.courseId, courseTitle: r.courseTitle,
        mandatory: isMandatoryFor(r.mandatoryFor, me.category), dueOn: r.dueOn, attemptsUsed: r.attemptsUsed, bestScore: r.bestScore,
        state: examState({ opensAt: r.opensAt, closesAt: r.closesAt, maxAttempts: r.maxAttempts, attemptsUsed: r.attemptsUsed, inProgress: r.openAttemptId !== null, passed: r.passed }, ctx.now),
        openAttemptId: r.openAttemptId,
      })).map(({ id: _id, ...rest }) => rest),
    };
  });
}

interface AttemptRow {
  id: string;
  examId: string;
  examTitle: string;
  courseTitle: string;
  staffNo: string;
  attemptNo: number;
  maxAttempts: number;
  status: 'IN_PROGRESS' | 'SUBMITTED' | 'EXPIRED';
  startedAt: Date;
  deadline: Date;
  closedAt: Date | null;
  score: number | null;
  maxScore: number;
  passMark: number;
  passed: boolean | null;
  draftSavedAt: Date | null;
}

const ATTEMPT_SELECT = `
  select a.id::text as id, a.exam_id::text as "examId", e.title as "examTitle", c.title as "courseTitle", a.staff_no as "staffNo",
         a.attempt_no as "attemptNo", e.max_attempts as "maxAttempts", a.status, a.started_at as "startedAt", a.deadline, a.closed_at as "closedAt",
         a.score, a.max_score as "maxScore", e.pass_mark as "passMark", a.passed, a.draft_saved_at as "draftSavedAt"
    from training_attempts a join training_exams e on e.id = a.exam_id join training_courses c on c.id = e.course_id`;

interface DrawnRow {
  position: number;
  kind: QuestionKind;
  stem: string;
  options: string[];
  answer: string[];
  explanation: string;
  points: number;
  response: string[] | null;
  correct: boolean | null;
}

async function attemptView(client: Client, row: AttemptRow, now: Date): Promise<Attempt> {
  const { rows } = await client.query<DrawnRow>(
    `select position, kind, stem, options, answer, explanation, points, response, correct from training_attempt_questions where attempt_id = $1 order by position`,
    [row.id],
  );
  const base = {
    id: row.id, examId: row.examId, examTitle: row.examTitle, courseTitle: row.courseTitle, staffNo: row.staffNo, attemptNo: row.attemptNo,
    maxAttempts: row.maxAttempts, status: row.status, startedAt: row.startedAt.toISOString(), deadline: row.deadline.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null, secondsLeft: Math.max(0, Math.floor((row.deadline.getTime() - now.getTime()) / 1000)),
    score: row.score, maxScore: row.maxScore, passMark: row.passMark, passed: row.passed, draftSavedAt: row.draftSavedAt?.toISOString() ?? null,
  };
  if (row.status === 'IN_PROGRESS') {
    // the answers stay on the server until the attempt is closed
    return { ...base, questions: rows.map((q) => ({ position: q.position, kind: q.kind, stem: q.stem, options: q.options, points: q.points, response: q.response })) };
  }
  return {
    ...base,
    review: rows.map((q) => ({
      position: q.position, kind: q.kind, stem: q.stem, options: q.options, points: q.points, response: q.response,
      answer: q.answer, explanation: q.explanation, correct: q.correct ?? false,
    })),
  };
}

/**
 * 开始考试: resumes the caller's open attempt of the exam, or starts a new one — inside the window, with
 * attempts left and not yet passed — drawing its own questions (`random` for tests) and storing them.
 */
export async function startAttempt(pool: pg.Pool, examId: string, ctx: TrainingContext, random: () => number = () => randomInt(2 ** 32) / 2 ** 32): Promise<{ created: boolean; attempt: Attempt }> {
  return inTransaction(pool, async (client) => {
    const me = await candidateOf(client, ctx.user);
    const exam = await examRow(client, examId);
    if (exam.courseBranch !== null && exam.courseBranch !== me.branchCode) throw notFound();
    await client.query(`select pg_advisory_xact_lock(hashtext('training:' || $1::text || ':' || $2::text))`, [examId, me.staffNo]);
    const expire = sql.expireQuery(ctx.now, { staffNo: me.staffNo });
    await client.query(expire.text, expire.values);
    const [mine] = (await client.query<{ used: number; passed: boolean; openId: string | null; last: number }>(
      `select count(*) filter (where status <> 'IN_PROGRESS')::int as used, coalesce(bool_or(passed), false) as passed,
              (max(id) filter (where status = 'IN_PROGRESS'))::text as "openId", coalesce(max(attempt_no), 0)::int as last
         from training_attempts where exam_id = $1 and staff_no = $2`,
      [examId, me.staffNo],
    )).rows;
    if (mine?.openId) return { created: false, attempt: await attemptView(client, await attemptRow(client, mine.openId), ctx.now) };
    const refused = startRefusal({ opensAt: exam.opensAt, closesAt: exam.closesAt, maxAttempts: exam.maxAttempts, attemptsUsed: mine?.used ?? 0, inProgress: false, passed: mine?.passed ?? false }, ctx.now);
    if (refused) throw refusal(refused);

    const pool_: Record<QuestionKind, string[]> = { SINGLE: [], MULTIPLE: [], TRUE_FALSE: [] };
    for (const q of (await client.query<{ id: string; kind: QuestionKind }>(`select id::text as id, kind from training_questions where bank_id = $1 order by id`, [exam.bankId])).rows) {
      pool_[q.kind].push(q.id);
    }
    const counts = { single: exam.drawSingle, multiple: exam.drawMultiple, trueFalse: exam.drawTrueFalse };
    const shortfalls = drawShortfalls(counts, { SINGLE: pool_.SINGLE.length, MULTIPLE: pool_.MULTIPLE.length, TRUE_FALSE: pool_.TRUE_FALSE.length });
    if (shortfalls.length) throw refusal('BANK_SHORT', shortfallText(shortfalls, ctx.language));
    const drawn = drawQuestions(pool_, counts, random);
    const points: Record<QuestionKind, number> = { SINGLE: exam.pointsSingle, MULTIPLE: exam.pointsMultiple, TRUE_FALSE: exam.pointsTrueFalse };
    const maxScore = examMaxScore(counts, { single: exam.pointsSingle, multiple: exam.pointsMultiple, trueFalse: exam.pointsTrueFalse });

    const { rows } = await client.query<{ id: string }>(
      `insert into training_attempts (exam_id, staff_no, user_id, attempt_no, started_at, deadline, status, max_score)
       values ($1, $2, $3, $4, $5, $6, 'IN_PROGRESS', $7) returning id::text`,
      [examId, me.staffNo, ctx.user.id, (mine?.last ?? 0) + 1, ctx.now, attemptDeadline(ctx.now, exam.timeLimitMinutes), maxScore],
    );
    const attemptId = rows[0]!.id;
    await client.query(
      `insert into training_attempt_questions (attempt_id, position, question_id, kind, stem, options, answer, explanation, points)
       select $1, d.position, q.id, q.kind, q.stem, q.options, q.answer, q.explanation, d.points
         from unnest($2::bigint[], $3::int[], $4::int[]) as d(question_id, position, points) join training_questions q on q.id = d.question_id`,
      [attemptId, drawn.map((d) => d.id), drawn.map((_, i) => i + 1), drawn.map((d) => points[d.kind])],
    );
    await writeAudit(client, { user: ctx.user, action: 'training.attempt_start', entity: 'training_attempt', entityId: attemptId, detail: { id: examId, attempt: (mine?.last ?? 0) + 1 }, ip: ctx.ip });
    return { created: true, attempt: await attemptView(client, await attemptRow(client, attemptId), ctx.now) };
  });
}

/**
 * The caller's own open attempt, locked; null when its time (limit + grace) has run out, in which
 * case it is closed here as EXPIRED with score 0. Someone else's attempt is not found; a closed one is refused.
 */
async function openAttemptInTime(client: Client, id: string, ctx: TrainingContext): Promise<AttemptRow | null> {
  const row = await attemptRow(client, id, true);
  if (row.staffNo !== ctx.user.staffNo) throw notFound();
  if (row.status !== 'IN_PROGRESS') throw refusal('ATTEMPT_CLOSED');
  if (isInTime(ctx.now, row.deadline)) return row;
  const expire = sql.expireQuery(ctx.now, { attemptId: id });
  await client.query(expire.text, expire.values);
  return null;
}

async function attemptRow(client: Client, id: string, lock = false): Promise<AttemptRow> {
  const [row] = (await client.query<AttemptRow>(`${ATTEMPT_SELECT} where a.id = $1${lock ? ' for update of a' : ''}`, [id])).rows;
  if (!row) throw notFound();
  return row;
}

/** Whether the caller may read the attempt: their own, or a closed one of a staff member in their staff scope. */
async function mayRead(client: Client, user: AuthUser, row: AttemptRow): Promise<boolean> {
  if (user.staffNo === row.staffNo) return true;
  if (row.status === 'IN_PROGRESS') return false;
  const values: unknown[] = [row.staffNo];
  const { rows } = await client.query(`select 1 from staff s where s.staff_no = $1 and ${staffScope(user, { alias: 's', params: values })}`, values);
  return rows.length > 0;
}

export async function getAttempt(pool: pg.Pool, id: string, ctx: TrainingContext): Promise<Attempt> {
  return inTransaction(pool, async (client) => {
    const expire = sql.expireQuery(ctx.now, { attemptId: id });
    await client.query(expire.text, expire.values);
    const row = await attemptRow(client, id);
    if (!(await mayRead(client, ctx.user, row))) throw notFound();
    return attemptView(client, row, ctx.now);
  });
}

/** The responses by position (letters normalised), or 422 naming a position the draw lacks or one given twice. */
function checkedResponses(body: SubmitBody, drawn: readonly { position: number }[]): Map<number, string[]> {
  const positions = new Set(drawn.map((r) => r.position));
  const responses = new Map<number, string[]>();
  const errors: FieldError[] = [];
  body.answers.forEach((a, i) => {
    if (!positions.has(a.position) || responses.has(a.position)) errors.push({ field: `answers.${i}.position`, message: { zh: '没有该题号，或重复作答。', en: 'No such question, or answered twice.' } });
    else responses.set(a.position, normalizeLetters(a.response));
  });
  if (errors.length) throw validationFailed(errors);
  return responses;
}

/**
 * 自动保存: stores the caller's responses so far into their open attempt (a question left out keeps
 * its draft; an empty response clears it), so a reload or another browser resumes them. Nothing is
 * scored: the score comes only from the submission within the time limit + grace. Too late: the
 * attempt is closed as EXPIRED (0) and 409 TRAINING_TIME_UP, as for a late submission. Not audited
 * (every few seconds; it changes nothing scored): the start and the submission are.
 */
export async function saveDraft(pool: pg.Pool, id: string, body: SubmitBody, ctx: TrainingContext): Promise<{ savedAt: string; answered: number; secondsLeft: number }> {
  const outcome = await inTransaction(pool, async (client) => {
    const row = await openAttemptInTime(client, id, ctx);
    if (!row) return null;
    const { rows } = await client.query<{ position: number }>(`select position from training_attempt_questions where attempt_id = $1`, [id]);
    const responses = checkedResponses(body, rows);
    await client.query(
      `update training_attempt_questions q set response = nullif(d.response, '{}')
         from (select * from jsonb_to_recordset($2::jsonb) as x(position int, response text[])) d
        where q.attempt_id = $1 and q.position = d.position`,
      [id, JSON.stringify([...responses].map(([position, response]) => ({ position, response })))],
    );
    await client.query(`update training_attempts set draft_saved_at = $2 where id = $1`, [id, ctx.now]);
    const [{ answered }] = (await client.query<{ answered: number }>(
      `select count(*) filter (where response is not null)::int as answered from training_attempt_questions where attempt_id = $1`, [id])).rows as [{ answered: number }];
    return { savedAt: ctx.now.toISOString(), answered, secondsLeft: Math.max(0, Math.floor((row.deadline.getTime() - ctx.now.getTime()) / 1000)) };
  });
  if (!outcome) throw refusal('TIME_UP');
  return outcome;
}

/**
 * 交卷: scores the caller's open attempt on the server (points of each question answered exactly
 * right; passed at score ≥ pass mark) and answers the review with the right answers. A submission
 * later than the deadline plus the grace closes the attempt as EXPIRED with score 0 and is refused (409).
 */
export async function submitAttempt(pool: pg.Pool, id: string, body: SubmitBody, ctx: TrainingContext): Promise<Attempt> {
  const outcome = await inTransaction(pool, async (client) => {
    const row = await openAttemptInTime(client, id, ctx);
    if (!row) {
      await writeAudit(client, { user: ctx.user, action: 'training.attempt_submit', entity: 'training_attempt', entityId: id, detail: { outcome: 'EXPIRED' }, ip: ctx.ip });
      return 'late' as const;
    }
    const { rows } = await client.query<{ position: number; answer: string[]; points: number; response: string[] | null }>(
      `select position, answer, points, response from training_attempt_questions where attempt_id = $1 order by position`, [id],
    );
    const responses = checkedResponses(body, rows);
    // a question the submission leaves out counts with its autosaved draft
    const given = responsesAtSubmission(rows.map((r) => r.position), responses, new Map(rows.map((r) => [r.position, r.response])));
    const result = scoreAttempt(rows, given, row.passMark);
    await client.query(
      `update training_attempt_questions q set response = d.response, correct = d.correct
         from (select * from jsonb_to_recordset($2::jsonb) as x(position int, response text[], correct boolean)) d
        where q.attempt_id = $1 and q.position = d.position`,
      [id, JSON.stringify(rows.map((r, i) => ({ position: r.position, response: given[i], correct: result.correct[i] })))],
    );
    await client.query(`update training_attempts set status = 'SUBMITTED', closed_at = $2, score = $3, passed = $4 where id = $1`, [id, ctx.now, result.score, result.passed]);
    await writeAudit(client, {
      user: ctx.user, action: 'training.attempt_submit', entity: 'training_attempt', entityId: id,
      detail: { outcome: 'SUBMITTED', value: result.score, total: result.maxScore, approved: result.passed }, ip: ctx.ip,
    });
    return 'scored' as const;
  });
  if (outcome === 'late') throw refusal('TIME_UP');
  return getAttempt(pool, id, ctx);
}

// ---------------------------------------------------------------- results and the report

/** 员工详情 培训考试: the staff member's mandatory courses with their completion and every attempt; 404 out of scope. */
export async function staffTraining(pool: pg.Pool, staffNo: string, ctx: TrainingContext): Promise<StaffTraining> {
  return inTransaction(pool, async (client) => {
    const values: unknown[] = [staffNo];
    const [staff] = (await client.query<{ category: string; branchCode: string }>(
      `select s.category, s.branch_code as "branchCode" from staff s where s.staff_no = $1 and ${staffScope(ctx.user, { alias: 's', params: values })}`, values,
    )).rows;
    if (!staff) throw notFound();
    const expire = sql.expireQuery(ctx.now, { staffNo });
    await client.query(expire.text, expire.values);
    const today = businessDate(ctx.now);
    const courses = (await client.query<{ courseId: string; title: string; category: string; dueOn: string | null; done: boolean }>(sql.STAFF_MANDATORY, [staffNo, staff.category, staff.branchCode])).rows;
    const attempts = (await client.query<AttemptRow & { startedAt: Date; closedAt: Date | null }>(sql.STAFF_ATTEMPTS, [staffNo])).rows;
    return {
      staffNo,
      courses: courses.map((c) => ({ courseId: c.courseId, title: c.title, category: c.category, dueOn: c.dueOn, completion: courseCompletion(c.done, c.dueOn, today) })),
      attempts: attempts.map((a) => ({
        id: a.id, examId: a.examId, examTitle: a.examTitle, courseTitle: a.courseTitle, attemptNo: a.attemptNo, status: a.status,
        startedAt: a.startedAt.toISOString(), closedAt: a.closedAt?.toISOString() ?? null, score: a.score, maxScore: a.maxScore, passed: a.passed,
      })),
    };
  });
}

function toReportRow({ isTotal: _isTotal, ...row }: sql.ReportRowSql): ReportRow {
  return row;
}

/** 培训考试报表: one row per team in the caller's staff scope and the total; attempts past their time are closed first. */
export async function trainingReport(pool: pg.Pool, query: Omit<ReportQuery, 'format'>, ctx: TrainingContext) {
  const today = businessDate(ctx.now);
  return inTransaction(pool, async (client) => {
    const expire = sql.expireQuery(ctx.now);
    await client.query(expire.text, expire.values);
    const q = sql.reportQuery(ctx.user, today, query.branch);
    const rows = (await client.query<sql.ReportRowSql>(q.text, q.values)).rows;
    const total = rows.find((r) => r.isTotal)!;
    return { asOf: today, rows: rows.filter((r) => !r.isTotal).map(toReportRow), total: toReportRow(total) };
  });
}

const REPORT_COLUMNS: { key: keyof ReportRow; zh: string; en: string }[] = [
  { key: 'branchName', zh: '营业部', en: 'Branch' },
  { key: 'teamName', zh: '团队', en: 'Team' },
  { key: 'staffCount', zh: '人数', en: 'Staff' },
  { key: 'required', zh: '必修应完成', en: 'Mandatory' },
  { key: 'completed', zh: '已完成', en: 'Completed' },
  { key: 'overdue', zh: '已逾期', en: 'Overdue' },
  { key: 'completionRate', zh: '完成率(%)', en: 'Completion (%)' },
  { key: 'examinees', zh: '参考人次', en: 'Examinees' },
  { key: 'passedExaminees', zh: '通过人次', en: 'Passed' },
  { key: 'passRate', zh: '通过率(%)', en: 'Pass rate (%)' },
  { key: 'attempts', zh: '答卷数', en: 'Attempts' },
  { key: 'averageScore', zh: '平均得分率(%)', en: 'Average score (%)' },
];

export function reportExport(pool: pg.Pool, query: Omit<ReportQuery, 'format'>, ctx: TrainingContext): XlsxDownload {
  const title = { zh: '培训考试报表', en: 'Training report' }[ctx.language];
  return {
    what: 'training-report',
    names: xlsxFileNames(title, 'training-report', businessDate(ctx.now)),
    write: async (out: Writable) => {
      const report = await trainingReport(pool, query, ctx);
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet(title);
      writeExportHeader(sheet, { title, parameters: { branch: query.branch, date: report.asOf }, codes: {}, now: ctx.now, language: ctx.language });
      sheet.addRow(REPORT_COLUMNS.map((c) => c[ctx.language])).font = { bold: true };
      const totalLabel = { zh: '合计', en: 'Total' }[ctx.language];
      for (const [i, row] of [...report.rows, report.total].entries()) {
        const isTotal = i === report.rows.length;
        sheet.addRow(REPORT_COLUMNS.map((c) => {
          if (c.key === 'branchName') return isTotal ? totalLabel : row.branchName ?? '';
          if (c.key === 'teamName') return isTotal ? '' : row.teamName ?? '—';
          const value = row[c.key];
          return typeof value === 'string' ? Number(value) : value;
        }));
      }
      await inTransaction(pool, (client) =>
        writeAudit(client, { user: ctx.user, action: 'training.report_export', entity: 'report', entityId: 'training', detail: { branch: query.branch ?? null, rows: report.rows.length }, ip: ctx.ip }),
      );
      out.end(Buffer.from(await workbook.xlsx.writeBuffer()));
    },
  };
}
