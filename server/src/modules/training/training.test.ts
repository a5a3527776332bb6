/**
 * 培训考试 against a real PostgreSQL on the fixture brokerage (test/fixtures.ts): courses, banks and
 * exams by head office and a branch manager, attempts by the staff with a clock the tests move, the
 * staff detail's results and the per-team report, with hand-worked numbers.
 *
 * Exam E1 (course C1, firm-wide, mandatory for BROKER, due 2025-06-30): 2 single × 20 + 1 multiple × 40
 * + 1 true/false × 20 = 100, pass mark 60, 30 minutes, 2 attempts, open 2025-06-10 – 2025-06-20.
 * Course BM (branch B01's, mandatory for SERVICE, due 2025-06-15: overdue on 2025-06-16).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { FIXED_NOW } from '../../../test/fixtures.js';
import { expectProblem, invalidFields } from '../../../test/problem.js';

let now = FIXED_NOW;
const t = useTestApp({
  seed: withBrokerage(),
  now: () => now,
  sessions: ['admin', 'hq_user', 'bm_b01', 'tl_t11', 'tl_t21', 'broker1', 'broker2', 'broker3', 'service4'],
});

afterEach(() => {
  now = FIXED_NOW;
});

const ids = { c1: '', bm: '', bank: '', e1: '', future: '' };

const QUESTIONS = [
  { kind: 'SINGLE', stem: '证券经纪人应当在哪里执业？', options: ['所属证券公司授权范围内', '任意机构', '个人工作室'], answer: ['A'], explanation: '经纪人只能在所属公司授权范围内执业。' },
  { kind: 'SINGLE', stem: '客户风险承受能力最低的是？', options: ['C5', 'C3', 'C1'], answer: ['C'], explanation: 'C1 保守型。' },
  { kind: 'SINGLE', stem: '以下哪项属于个人信息？', options: ['营业部地址', '身份证号', '股票代码'], answer: ['B'], explanation: '身份证号是个人信息。' },
  { kind: 'MULTIPLE', stem: '适当性管理要求哪些？', options: ['了解客户', '了解产品', '承诺收益', '匹配销售'], answer: ['A', 'B', 'D'], explanation: '不得承诺收益。' },
  { kind: 'MULTIPLE', stem: '以下哪些是禁止行为？', options: ['代客理财', '承诺保本', '风险揭示'], answer: ['A', 'B'], explanation: '风险揭示是义务。' },
  { kind: 'TRUE_FALSE', stem: '经纪人可以向客户承诺收益。', options: [], answer: ['F'], explanation: '不得承诺收益。' },
  { kind: 'TRUE_FALSE', stem: '经纪人应当向客户揭示风险。', options: [], answer: ['T'], explanation: '风险揭示是义务。' },
] as const;

function call(user: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) {
  return t.call(user, method, url, body);
}

interface DrawnQuestion {
  position: number;
  kind: string;
  stem: string;
  options: string[];
  points: number;
  response: string[] | null;
}

/** The right answers of an attempt's draw, read from the database (what the client never gets before submission). */
async function answersOf(attemptId: string): Promise<Map<number, { kind: string; answer: string[] }>> {
  const { rows } = await t.db.pool.query<{ position: number; kind: string; answer: string[] }>(
    `select position, kind, answer from training_attempt_questions where attempt_id = $1 order by position`, [attemptId],
  );
  return new Map(rows.map((r) => [r.position, { kind: r.kind, answer: r.answer }]));
}

/** Responses: `right` decides per position whether to answer right; a wrong multiple-choice response leaves one right letter out. */
async function responses(attemptId: string, right: (position: number, kind: string) => boolean) {
  const answers = await answersOf(attemptId);
  return [...answers].map(([position, { kind, answer }]) => {
    if (right(position, kind)) return { position, response: answer };
    if (kind === 'MULTIPLE') return { position, response: answer.slice(1) }; // 少选: no points
    if (kind === 'TRUE_FALSE') return { position, response: [answer[0] === 'T' ? 'F' : 'T'] };
    return { position, response: [answer[0] === 'A' ? 'B' : 'A'] };
  });
}

async function start(user: string, examId: string) {
  return call(user, 'POST', `/api/training/exams/${examId}/attempts`);
}

describe('managing courses, banks and exams', () => {
  it('head office adds a firm-wide mandatory course; the branch manager’s course is always the branch’s', async () => {
    const res = await call('hq_user', 'POST', '/api/training/courses', {
      title: '合规执业培训', category: 'COMPLIANCE', material: '# 第一章\n- 不得承诺收益', mandatoryFor: ['BROKER'], dueOn: '2025-06-30',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ title: '合规执业培训', branchCode: null, mandatoryFor: ['BROKER'], dueOn: '2025-06-30', editable: true, exams: [], createdBy: 'hq_user' });
    ids.c1 = res.json().id;

    const bm = await call('bm_b01', 'POST', '/api/training/courses', { title: '客服规范', category: 'SKILL', mandatoryFor: ['SERVICE'], dueOn: '2025-06-15' });
    expect(bm.statusCode, bm.body).toBe(201);
    expect(bm.json()).toMatchObject({ branchCode: 'B01', branchName: '北京中关村营业部', editable: true });
    ids.bm = bm.json().id;

    const audit = await t.db.pool.query(`select username, entity_id from audit_log where action = 'training.course_create' order by id`);
    expect(audit.rows).toEqual([{ username: 'hq_user', entity_id: ids.c1 }, { username: 'bm_b01', entity_id: ids.bm }]);
  });

  it('refuses a mandatory course without a due date (422) and the roles without training.manage (403)', async () => {
    expect(invalidFields(await call('hq_user', 'POST', '/api/training/courses', { title: 'x', category: 'SKILL', mandatoryFor: ['BROKER'] }))).toEqual(['dueOn']);
    for (const user of ['broker1', 'tl_t11', 'service4']) {
      expect((await call(user, 'POST', '/api/training/courses', { title: 'x', category: 'SKILL' })).statusCode).toBe(403);
      expect((await call(user, 'GET', '/api/training/banks')).statusCode).toBe(403);
    }
  });

  it('keeps a branch manager to the branch: no other branch’s course, no change of a firm-wide one', async () => {
    expect((await call('bm_b01', 'POST', '/api/training/courses', { title: 'x', category: 'SKILL', branchCode: 'B02' })).statusCode).toBe(403);
    const put = await call('bm_b01', 'PUT', `/api/training/courses/${ids.c1}`, { title: '改', category: 'SKILL' });
    expect(put.statusCode).toBe(403);
    const seen = await call('bm_b01', 'GET', `/api/training/courses/${ids.c1}`);
    expect(seen.json()).toMatchObject({ editable: false });
    // a B02 team lead does not reach B01's course
    expect((await call('tl_t21', 'GET', `/api/training/courses/${ids.bm}`)).statusCode).toBe(404);
    const list = await call('tl_t21', 'GET', '/api/training/courses');
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([ids.c1]);
  });

  it('builds a bank of every kind and refuses bad questions', async () => {
    const bank = await call('hq_user', 'POST', '/api/training/banks', { name: '合规题库' });
    expect(bank.statusCode, bank.body).toBe(201);
    ids.bank = bank.json().id;
    for (const q of QUESTIONS) expect((await call('hq_user', 'POST', `/api/training/banks/${ids.bank}/questions`, q)).statusCode).toBe(201);
    expect(invalidFields(await call('hq_user', 'POST', `/api/training/banks/${ids.bank}/questions`, { kind: 'MULTIPLE', stem: 'x', options: ['a', 'b'], answer: ['A'] }))).toEqual(['answer']);
    expect(invalidFields(await call('hq_user', 'POST', `/api/training/banks/${ids.bank}/questions`, { kind: 'SINGLE', stem: 'x', options: ['a'], answer: ['A'] }))).toEqual(['options']);
    const detail = await call('hq_user', 'GET', `/api/training/banks/${ids.bank}`);
    expect(detail.json()).toMatchObject({ counts: { SINGLE: 3, MULTIPLE: 2, TRUE_FALSE: 2 } });
    expect(detail.json().questions[3]).toMatchObject({ kind: 'MULTIPLE', answer: ['A', 'B', 'D'], explanation: '不得承诺收益。' });
    // a branch manager reads a firm-wide bank but may not change it
    expect((await call('bm_b01', 'GET', `/api/training/banks/${ids.bank}`)).statusCode).toBe(200);
    expect((await call('bm_b01', 'POST', `/api/training/banks/${ids.bank}/questions`, QUESTIONS[0])).statusCode).toBe(403);
  });

  it('exports the bank as Excel and imports it back into another bank (all or nothing)', async () => {
    const xlsx = await call('hq_user', 'GET', `/api/training/banks/${ids.bank}?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const copy = await call('hq_user', 'POST', '/api/training/banks', { name: '副本' });
    const imported = await call('hq_user', 'POST', `/api/training/banks/${copy.json().id}/import`, { file: xlsx.rawPayload.toString('base64') });
    expect(imported.json()).toEqual({ imported: 7, errors: [] });
    const detail = await call('hq_user', 'GET', `/api/training/banks/${copy.json().id}`);
    expect(detail.json().counts).toEqual({ SINGLE: 3, MULTIPLE: 2, TRUE_FALSE: 2 });
    expect(detail.json().questions.map((q: { stem: string; answer: string[] }) => [q.stem, q.answer.join('')])).toEqual(QUESTIONS.map((q) => [q.stem, q.answer.join('')]));
  });

  it('adds an exam; refuses a draw the bank cannot serve and a pass mark above the full marks', async () => {
    const body = {
      courseId: ids.c1, bankId: ids.bank, title: '合规执业考试', timeLimitMinutes: 30,
      draw: { single: 2, multiple: 1, trueFalse: 1 }, points: { single: 20, multiple: 40, trueFalse: 20 },
      passMark: 60, maxAttempts: 2, opensAt: '2025-06-10T00:00:00+08:00', closesAt: '2025-06-20T00:00:00+08:00',
    };
    expect(invalidFields(await call('hq_user', 'POST', '/api/training/exams', { ...body, draw: { single: 4, multiple: 1, trueFalse: 1 } }))).toEqual(['draw']);
    expect(invalidFields(await call('hq_user', 'POST', '/api/training/exams', { ...body, passMark: 101 }))).toEqual(['passMark']);
    const res = await call('hq_user', 'POST', '/api/training/exams', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ questionCount: 4, maxScore: 100, passMark: 60, courseTitle: '合规执业培训' });
    ids.e1 = res.json().id;
    const future = await call('hq_user', 'POST', '/api/training/exams', { ...body, title: '下月考试', opensAt: '2025-07-01T00:00:00+08:00', closesAt: '2025-07-10T00:00:00+08:00' });
    ids.future = future.json().id;
  });
});

describe('taking an exam', () => {
  let first = '';

  it('starts with the attempt’s own draw: 2 single, 1 multiple, 1 true/false, no answer and no explanation sent', async () => {
    const res = await start('broker1', ids.e1);
    expect(res.statusCode, res.body).toBe(201);
    const attempt = res.json();
    first = attempt.id;
    expect(attempt).toMatchObject({ attemptNo: 1, status: 'IN_PROGRESS', deadline: '2025-06-16T02:30:00.000Z', secondsLeft: 1800, maxScore: 100, score: null });
    expect(attempt.questions.map((q: DrawnQuestion) => q.kind)).toEqual(['SINGLE', 'SINGLE', 'MULTIPLE', 'TRUE_FALSE']);
    expect(attempt.questions.map((q: DrawnQuestion) => q.points)).toEqual([20, 20, 40, 20]);
    expect(attempt.review).toBeUndefined();
    for (const q of attempt.questions) expect(Object.keys(q).sort()).toEqual(['kind', 'options', 'points', 'position', 'response', 'stem']);
    for (const q of QUESTIONS) expect(res.body).not.toContain(q.explanation);
    const stored = await t.db.pool.query(`select count(*)::int as n from training_attempt_questions where attempt_id = $1`, [first]);
    expect(stored.rows).toEqual([{ n: 4 }]);
  });

  it('resumes the open attempt instead of drawing again (200, same id); another staff member cannot read it', async () => {
    const again = await start('broker1', ids.e1);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first);
    expect((await call('tl_t11', 'GET', `/api/training/attempts/${first}`)).statusCode).toBe(404);
    expect((await call('broker2', 'POST', `/api/training/attempts/${first}/submit`, { answers: [] })).statusCode).toBe(404);
  });

  it('scores 60 of 100 and passes at 60: both singles and the true/false right, the multiple choice one letter short', async () => {
    now = new Date('2025-06-16T02:10:00Z');
    const answers = await responses(first, (_p, kind) => kind !== 'MULTIPLE');
    const res = await call('broker1', 'POST', `/api/training/attempts/${first}/submit`, { answers });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ status: 'SUBMITTED', score: 60, maxScore: 100, passed: true, closedAt: '2025-06-16T02:10:00.000Z' });
    expect(result.review.map((q: { correct: boolean }) => q.correct)).toEqual([true, true, false, true]);
    const multiple = result.review[2];
    const right = (await answersOf(first)).get(3)!.answer;
    expect(multiple).toMatchObject({ answer: right, response: right.slice(1), correct: false });
    expect(QUESTIONS.map((q) => q.explanation)).toContain(multiple.explanation);
    // submitted once: a second submission is refused
    expectProblem(await call('broker1', 'POST', `/api/training/attempts/${first}/submit`, { answers }), {
      status: 409, code: 'TRAINING_ATTEMPT_CLOSED', title: '冲突', detail: '该答卷已交卷或已超时。', instance: `/api/training/attempts/${first}/submit`,
    });
    // passed: no further attempt
    expect((await start('broker1', ids.e1)).json().code).toBe('TRAINING_PASSED');
  });

  it('refuses a response to a question the attempt does not have (422)', async () => {
    const res = await start('broker2', ids.e1);
    expect(invalidFields(await call('broker2', 'POST', `/api/training/attempts/${res.json().id}/submit`, { answers: [{ position: 9, response: ['A'] }] }))).toEqual(['answers.0.position']);
  });

  it('lets a failing candidate try again with a draw of its own, up to the maximum of attempts', async () => {
    const open = await start('broker2', ids.e1); // the attempt of the test above, resumed
    expect(open.statusCode).toBe(200);
    const one = open.json().id;
    // right: the first single and the true/false = 20 + 20 = 40 < 60
    const a1 = await call('broker2', 'POST', `/api/training/attempts/${one}/submit`, { answers: await responses(one, (p, kind) => p === 1 || kind === 'TRUE_FALSE') });
    expect(a1.json()).toMatchObject({ score: 40, passed: false, attemptNo: 1 });

    const second = await start('broker2', ids.e1);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ attemptNo: 2 });
    const two = second.json().id;
    const draws = await t.db.pool.query<{ attempt_id: string; n: number }>(
      `select attempt_id::text, count(*)::int as n from training_attempt_questions where attempt_id in ($1, $2) group by attempt_id order by attempt_id`, [one, two],
    );
    expect(draws.rows).toEqual([{ attempt_id: one, n: 4 }, { attempt_id: two, n: 4 }]);
    // the second draw is the one the start answered with, stored under the second attempt
    const storedStems = await t.db.pool.query<{ stem: string }>(`select stem from training_attempt_questions where attempt_id = $1 order by position`, [two]);
    expect(storedStems.rows.map((r) => r.stem)).toEqual(second.json().questions.map((q: DrawnQuestion) => q.stem));

    const a2 = await call('broker2', 'POST', `/api/training/attempts/${two}/submit`, { answers: [] });
    expect(a2.json()).toMatchObject({ score: 0, passed: false });
    expectProblem(await start('broker2', ids.e1), {
      status: 409, code: 'TRAINING_NO_ATTEMPTS_LEFT', title: '冲突', detail: '考试次数已用完。', instance: `/api/training/exams/${ids.e1}/attempts`,
    });
    const mine = (await call('broker2', 'GET', '/api/training/my-exams')).json().items.find((e: { examId: string }) => e.examId === ids.e1);
    expect(mine).toMatchObject({ state: 'NO_ATTEMPTS_LEFT', attemptsUsed: 2, bestScore: 40, mandatory: true });
  });

  it('accepts a submission 30 minutes 30 seconds after the start (the grace) and scores it', async () => {
    const res = await start('broker3', ids.e1);
    now = new Date('2025-06-16T02:30:30Z');
    const submitted = await call('broker3', 'POST', `/api/training/attempts/${res.json().id}/submit`, { answers: await responses(res.json().id, () => true) });
    expect(submitted.json()).toMatchObject({ status: 'SUBMITTED', score: 100, passed: true });
  });

  it('refuses a submission one second later: the attempt closes as timed out with 0 and counts', async () => {
    const res = await start('service4', ids.e1);
    const id = res.json().id;
    now = new Date('2025-06-16T02:30:31Z');
    expectProblem(await call('service4', 'POST', `/api/training/attempts/${id}/submit`, { answers: await responses(id, () => true) }), {
      status: 409, code: 'TRAINING_TIME_UP', title: '冲突', detail: '已超过考试时限，答卷按超时处理（0 分）。', instance: `/api/training/attempts/${id}/submit`,
    });
    const after = await call('service4', 'GET', `/api/training/attempts/${id}`);
    expect(after.json()).toMatchObject({ status: 'EXPIRED', score: 0, passed: false, closedAt: '2025-06-16T02:30:00.000Z' });
    expect(after.json().review).toHaveLength(4);
    const mine = (await call('service4', 'GET', '/api/training/my-exams')).json().items.find((e: { examId: string }) => e.examId === ids.e1);
    expect(mine).toMatchObject({ attemptsUsed: 1, state: 'OPEN', mandatory: false });
  });

  it('refuses an exam before its window, a login without a staff member, and a course of another branch', async () => {
    expect((await start('broker1', ids.future)).json().code).toBe('TRAINING_NOT_OPEN');
    expect((await start('admin', ids.e1)).json()).toMatchObject({ status: 403, code: 'TRAINING_NOT_STAFF' });
    const bmExam = await call('bm_b01', 'POST', '/api/training/exams', {
      courseId: ids.bm, bankId: ids.bank, title: '客服考试', timeLimitMinutes: 10, draw: { single: 1, multiple: 0, trueFalse: 0 },
      points: { single: 10, multiple: 1, trueFalse: 1 }, passMark: 10, maxAttempts: 1, opensAt: '2025-06-10T00:00:00Z', closesAt: '2025-06-30T00:00:00Z',
    });
    expect(bmExam.statusCode, bmExam.body).toBe(201);
    expect((await start('tl_t21', bmExam.json().id)).statusCode).toBe(404);
  });
});

describe('results', () => {
  it('shows a staff member’s mandatory courses and attempts in the staff detail, within the staff scope', async () => {
    const res = await call('tl_t11', 'GET', '/api/staff/S001/training');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      staffNo: 'S001',
      courses: [{ courseId: ids.c1, title: '合规执业培训', completion: 'DONE', dueOn: '2025-06-30' }],
      attempts: [{ examTitle: '合规执业考试', attemptNo: 1, status: 'SUBMITTED', score: 60, maxScore: 100, passed: true }],
    });
    const s004 = await call('bm_b01', 'GET', '/api/staff/S004/training');
    expect(s004.json().courses).toEqual([{ courseId: ids.bm, title: '客服规范', category: 'SKILL', dueOn: '2025-06-15', completion: 'OVERDUE' }]);
    expect((await call('broker2', 'GET', '/api/staff/S001/training')).statusCode).toBe(404);
    expect((await call('tl_t21', 'GET', '/api/staff/S001/training')).statusCode).toBe(404);
    // a closed attempt is readable by the team lead, with its review
    const attemptId = res.json().attempts[0].id;
    expect((await call('tl_t11', 'GET', `/api/training/attempts/${attemptId}`)).json()).toMatchObject({ score: 60, review: expect.any(Array) });
    expect((await call('broker2', 'GET', `/api/training/attempts/${attemptId}`)).statusCode).toBe(404);
  });

  const T11 = {
    branchCode: 'B01', branchName: '北京中关村营业部', teamCode: 'T11', teamName: '财富一组',
    // S001, S002, S004, S005 (S099 has left)
    staffCount: 4,
    // C1 for S001 and S002 (BROKER), BM for S004 (SERVICE, overdue)
    required: 3, completed: 1, overdue: 1, completionRate: '33.33',
    // S001 passed; S002 failed twice; S004 timed out
    examinees: 3, passedExaminees: 1, passRate: '33.33',
    // (60 + 40 + 0 + 0) / 4
    attempts: 4, averageScore: '25.00',
  };
  const T12 = {
    branchCode: 'B01', branchName: '北京中关村营业部', teamCode: 'T12', teamName: '财富二组',
    staffCount: 1, required: 1, completed: 1, overdue: 0, completionRate: '100.00', examinees: 1, passedExaminees: 1, passRate: '100.00', attempts: 1, averageScore: '100.00',
  };
  const NO_TEAM = {
    branchCode: 'B01', branchName: '北京中关村营业部', teamCode: null, teamName: null, // S006, the branch manager
    staffCount: 1, required: 0, completed: 0, overdue: 0, completionRate: null, examinees: 0, passedExaminees: 0, passRate: null, attempts: 0, averageScore: null,
  };

  it('reports per team: a team lead sees the team', async () => {
    const res = await call('tl_t11', 'GET', '/api/training/report');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ asOf: '2025-06-16', rows: [T11], total: { ...T11, branchCode: null, branchName: null, teamCode: null, teamName: null } });
  });

  it('reports per team: a branch manager sees the branch, with its total', async () => {
    const res = await call('bm_b01', 'GET', '/api/training/report');
    expect(res.json().rows).toEqual([T11, T12, NO_TEAM]);
    // 6 staff; 4 mandatory pairs, 2 completed; 4 examinees, 2 passed; (60 + 40 + 0 + 0 + 100) / 5 = 40
    expect(res.json().total).toEqual({
      branchCode: null, branchName: null, teamCode: null, teamName: null, staffCount: 6, required: 4, completed: 2, overdue: 1, completionRate: '50.00',
      examinees: 4, passedExaminees: 2, passRate: '50.00', attempts: 5, averageScore: '40.00',
    });
  });

  it('reports per team: head office sees every branch; a broker only their own row; Excel export audited', async () => {
    const hq = await call('hq_user', 'GET', '/api/training/report');
    expect(hq.json().rows.map((r: { teamCode: string | null }) => r.teamCode)).toEqual(['T11', 'T12', null, 'T21']);
    // S201 (BROKER) owes C1; S202 (MANAGER) owes nothing
    expect(hq.json().rows[3]).toMatchObject({ staffCount: 2, required: 1, completed: 0, completionRate: '0.00', examinees: 0, passRate: null });
    const broker = await call('broker1', 'GET', '/api/training/report');
    expect(broker.json().rows).toEqual([expect.objectContaining({ teamCode: 'T11', staffCount: 1, required: 1, completed: 1, attempts: 1, averageScore: '60.00' })]);
    const xlsx = await call('bm_b01', 'GET', '/api/training/report?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const audit = await t.db.pool.query(`select username from audit_log where action = 'training.report_export'`);
    expect(audit.rows).toEqual([{ username: 'bm_b01' }]);
  });
});
