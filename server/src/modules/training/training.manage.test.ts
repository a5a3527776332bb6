/**
 * 培训考试's loose ends against a real PostgreSQL on the fixture brokerage (test/fixtures.ts): editing,
 * deleting and archiving courses and exams, the attempt's autosaved draft, course documents and a
 * course's mandatory completion. Hand-worked numbers:
 *
 * Exam E (course C, firm-wide, mandatory for BROKER, due 2025-06-20): 2 single × 20 + 1 multiple × 40
 * + 1 true/false × 20 = 100; pass mark 60 (changed to 70 before anyone starts), 30 minutes (→ 45),
 * open 2025-06-10 – 2025-06-20. FIXED_NOW = 2025-06-16T02:00:00Z.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { FIXED_NOW } from '../../../test/fixtures.js';
import { invalidFields } from '../../../test/problem.js';

let now = FIXED_NOW;
const t = useTestApp({ seed: withBrokerage(), now: () => now, sessions: ['hq_user', 'bm_b01', 'tl_t21', 'broker1', 'broker2', 'broker3'] });

afterEach(() => {
  now = FIXED_NOW;
});

const QUESTIONS = [
  { kind: 'SINGLE', stem: '经纪人应在哪里执业？', options: ['授权范围内', '任意机构'], answer: ['A'] },
  { kind: 'SINGLE', stem: '风险承受能力最低的是？', options: ['C5', 'C1'], answer: ['B'] },
  { kind: 'MULTIPLE', stem: '适当性要求哪些？', options: ['了解客户', '了解产品', '承诺收益'], answer: ['A', 'B'] },
  { kind: 'TRUE_FALSE', stem: '可以承诺收益。', options: [], answer: ['F'] },
] as const;

const ids = { course: '', bank: '', exam: '', first: '', late: '', material: '' };
const call = (user: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) => t.call(user, method, url, body);

const EXAM = () => ({
  courseId: ids.course, bankId: ids.bank, title: '合规考试', timeLimitMinutes: 30, draw: { single: 2, multiple: 1, trueFalse: 1 },
  points: { single: 20, multiple: 40, trueFalse: 20 }, passMark: 60, maxAttempts: 2, opensAt: '2025-06-10T00:00:00+08:00', closesAt: '2025-06-20T00:00:00+08:00',
});

/** The right answer of each drawn position, read from the database (never sent while the attempt is open). */
async function answersOf(attemptId: string): Promise<Map<number, string[]>> {
  const { rows } = await t.db.pool.query<{ position: number; answer: string[] }>(`select position, answer from training_attempt_questions where attempt_id = $1`, [attemptId]);
  return new Map(rows.map((r) => [r.position, r.answer]));
}
const wrong = (answer: string[]) => (answer[0] === 'A' ? ['B'] : answer[0] === 'T' ? ['F'] : answer[0] === 'F' ? ['T'] : ['A']);

describe('editing and deleting', () => {
  it('sets up a mandatory course, a bank and an exam', async () => {
    const course = await call('hq_user', 'POST', '/api/training/courses', { title: '合规培训', category: 'COMPLIANCE', mandatoryFor: ['BROKER'], dueOn: '2025-06-20' });
    expect(course.statusCode, course.body).toBe(201);
    expect(course.json()).toMatchObject({ archivedAt: null, deletable: true, materials: [] });
    ids.course = course.json().id;
    ids.bank = (await call('hq_user', 'POST', '/api/training/banks', { name: '合规题库' })).json().id;
    for (const q of QUESTIONS) expect((await call('hq_user', 'POST', `/api/training/banks/${ids.bank}/questions`, q)).statusCode).toBe(201);
    const exam = await call('hq_user', 'POST', '/api/training/exams', EXAM());
    expect(exam.statusCode, exam.body).toBe(201);
    expect(exam.json()).toMatchObject({ attempted: false, archivedAt: null, maxScore: 100 });
    ids.exam = exam.json().id;
  });

  it('changes everything of an exam nobody has started; never its course', async () => {
    const res = await call('hq_user', 'PUT', `/api/training/exams/${ids.exam}`, { ...EXAM(), timeLimitMinutes: 45, passMark: 70 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ timeLimitMinutes: 45, passMark: 70 });
    const other = (await call('hq_user', 'POST', '/api/training/courses', { title: '另一课程', category: 'SKILL' })).json().id;
    expect(invalidFields(await call('hq_user', 'PUT', `/api/training/exams/${ids.exam}`, { ...EXAM(), courseId: other }))).toEqual(['courseId']);
    expect(invalidFields(await call('hq_user', 'PUT', `/api/training/exams/${ids.exam}`, { ...EXAM(), passMark: 101 }))).toEqual(['passMark']);
    expect((await call('bm_b01', 'PUT', `/api/training/exams/${ids.exam}`, EXAM())).statusCode).toBe(403); // firm-wide: read-only for a branch manager
    expect((await call('broker1', 'PUT', `/api/training/exams/${ids.exam}`, EXAM())).statusCode).toBe(403);
  });

  it('deletes a course without attempts with its exams; audited', async () => {
    const course = (await call('bm_b01', 'POST', '/api/training/courses', { title: '待删课程', category: 'SKILL' })).json().id;
    const exam = (await call('bm_b01', 'POST', '/api/training/exams', { ...EXAM(), courseId: course })).json().id;
    expect((await call('bm_b01', 'DELETE', `/api/training/courses/${course}`)).statusCode).toBe(204);
    expect((await call('bm_b01', 'GET', `/api/training/courses/${course}`)).statusCode).toBe(404);
    expect((await call('bm_b01', 'GET', `/api/training/exams/${exam}`)).statusCode).toBe(404);
    const audit = await t.db.pool.query(`select username, entity_id from audit_log where action = 'training.course_delete'`);
    expect(audit.rows).toEqual([{ username: 'bm_b01', entity_id: course }]);
  });
});

describe('自动保存: the draft of an open attempt', () => {
  it('saves the responses so far and restores them on reload, still without answers', async () => {
    const started = await call('broker1', 'POST', `/api/training/exams/${ids.exam}/attempts`);
    expect(started.statusCode, started.body).toBe(201);
    ids.first = started.json().id;
    expect(started.json()).toMatchObject({ draftSavedAt: null, secondsLeft: 2700 });
    const right = await answersOf(ids.first);
    now = new Date('2025-06-16T02:05:00Z');
    // positions 1 (wrong) and 2 (right)
    const saved = await call('broker1', 'PUT', `/api/training/attempts/${ids.first}/draft`, { answers: [{ position: 1, response: wrong(right.get(1)!) }, { position: 2, response: right.get(2)! }] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ savedAt: '2025-06-16T02:05:00.000Z', answered: 2, secondsLeft: 2400 });
    // a reload (or another browser): the attempt comes back with the saved responses
    const reloaded = await call('broker1', 'GET', `/api/training/attempts/${ids.first}`);
    expect(reloaded.json()).toMatchObject({ status: 'IN_PROGRESS', draftSavedAt: '2025-06-16T02:05:00.000Z', score: null });
    expect(reloaded.json().questions.map((q: { response: string[] | null }) => q.response)).toEqual([wrong(right.get(1)!), right.get(2)!, null, null]);
    for (const q of reloaded.json().questions) expect(Object.keys(q)).not.toContain('answer');
    // an empty response clears a saved one; nothing is scored
    now = new Date('2025-06-16T02:06:00Z');
    expect((await call('broker1', 'PUT', `/api/training/attempts/${ids.first}/draft`, { answers: [{ position: 2, response: [] }] })).json().answered).toBe(1);
    expect((await call('broker1', 'PUT', `/api/training/attempts/${ids.first}/draft`, { answers: [{ position: 2, response: right.get(2)! }] })).json().answered).toBe(2);
    const stored = await t.db.pool.query(`select score, status from training_attempts where id = $1`, [ids.first]);
    expect(stored.rows).toEqual([{ score: null, status: 'IN_PROGRESS' }]);
  });

  it('refuses a position the draw lacks (422), another candidate’s attempt (404) and a draft after the submission (409)', async () => {
    expect(invalidFields(await call('broker1', 'PUT', `/api/training/attempts/${ids.first}/draft`, { answers: [{ position: 9, response: ['A'] }] }))).toEqual(['answers.0.position']);
    expect((await call('broker2', 'PUT', `/api/training/attempts/${ids.first}/draft`, { answers: [] })).statusCode).toBe(404);
  });

  it('the submission scores the submitted responses and, for the questions it leaves out, the draft: 0 + 20 + 40 + 20 = 80 ≥ 70, passed', async () => {
    const right = await answersOf(ids.first);
    now = new Date('2025-06-16T02:20:00Z');
    const res = await call('broker1', 'POST', `/api/training/attempts/${ids.first}/submit`, { answers: [{ position: 3, response: right.get(3)! }, { position: 4, response: right.get(4)! }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'SUBMITTED', score: 80, passed: true });
    expect(res.json().review.map((q: { correct: boolean }) => q.correct)).toEqual([false, true, true, true]);
    expect((await call('broker1', 'PUT', `/api/training/attempts/${ids.first}/draft`, { answers: [] })).json().code).toBe('TRAINING_ATTEMPT_CLOSED');
  });

  it('a draft is never scored: past the limit + 30 s the draft is refused and the attempt closes EXPIRED with 0, even with every answer saved right', async () => {
    ids.late = (await call('broker2', 'POST', `/api/training/exams/${ids.exam}/attempts`)).json().id;
    const right = await answersOf(ids.late);
    now = new Date('2025-06-16T02:30:00Z');
    const all = [1, 2, 3, 4].map((position) => ({ position, response: right.get(position)! }));
    expect((await call('broker2', 'PUT', `/api/training/attempts/${ids.late}/draft`, { answers: all })).json().answered).toBe(4);
    // deadline 02:45:00, grace to 02:45:30
    now = new Date('2025-06-16T02:45:30Z');
    expect((await call('broker2', 'PUT', `/api/training/attempts/${ids.late}/draft`, { answers: all })).statusCode).toBe(200);
    now = new Date('2025-06-16T02:45:31Z');
    expect((await call('broker2', 'PUT', `/api/training/attempts/${ids.late}/draft`, { answers: all })).json().code).toBe('TRAINING_TIME_UP');
    expect((await call('broker2', 'GET', `/api/training/attempts/${ids.late}`)).json()).toMatchObject({ status: 'EXPIRED', score: 0, passed: false, closedAt: '2025-06-16T02:45:00.000Z' });
  });
});

describe('once attempted: archive instead of delete', () => {
  it('keeps the scoring of an attempted exam (409 naming the fields); title, window and attempts still change', async () => {
    const fixed = await call('hq_user', 'PUT', `/api/training/exams/${ids.exam}`, { ...EXAM(), timeLimitMinutes: 45, passMark: 60 });
    expect(fixed.statusCode).toBe(409);
    expect(fixed.json()).toMatchObject({ code: 'TRAINING_EXAM_ATTEMPTED' });
    expect(fixed.json().detail).toContain('passMark');
    const ok = await call('hq_user', 'PUT', `/api/training/exams/${ids.exam}`, { ...EXAM(), timeLimitMinutes: 45, passMark: 70, title: '合规考试（补考）', maxAttempts: 3, closesAt: '2025-06-25T00:00:00+08:00' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ title: '合规考试（补考）', maxAttempts: 3, attempted: true, closesAt: '2025-06-24T16:00:00.000Z' });
  });

  it('refuses to delete the exam or its course (409 TRAINING_HAS_ATTEMPTS)', async () => {
    expect((await call('hq_user', 'DELETE', `/api/training/exams/${ids.exam}`)).json().code).toBe('TRAINING_HAS_ATTEMPTS');
    const course = await call('hq_user', 'DELETE', `/api/training/courses/${ids.course}`);
    expect(course.statusCode).toBe(409);
    expect(course.json().detail).toContain('归档');
    expect((await call('hq_user', 'GET', `/api/training/courses/${ids.course}`)).json()).toMatchObject({ deletable: false });
  });

  it('an archived exam is no longer offered; an archived course is no longer mandatory; both come back restored', async () => {
    const mine = async (user: string) => (await call(user, 'GET', '/api/training/my-exams')).json().items.map((e: { examId: string }) => e.examId);
    expect(await mine('broker3')).toContain(ids.exam);
    expect((await call('hq_user', 'POST', `/api/training/exams/${ids.exam}/archive`, { archived: true })).json()).toMatchObject({ archivedAt: '2025-06-16T02:00:00.000Z' });
    expect(await mine('broker3')).not.toContain(ids.exam);
    expect((await call('hq_user', 'POST', `/api/training/exams/${ids.exam}/archive`, { archived: false })).json()).toMatchObject({ archivedAt: null });
    expect(await mine('broker3')).toContain(ids.exam);

    const mandatory = async () => (await call('hq_user', 'GET', '/api/staff/S003/training')).json().courses.map((c: { courseId: string }) => c.courseId);
    expect(await mandatory()).toEqual([ids.course]);
    expect((await call('hq_user', 'POST', `/api/training/courses/${ids.course}/archive`, { archived: true })).json()).toMatchObject({ archivedAt: '2025-06-16T02:00:00.000Z' });
    expect(await mandatory()).toEqual([]);
    expect(await mine('broker3')).not.toContain(ids.exam);
    expect((await call('hq_user', 'GET', '/api/training/courses')).json().items.map((c: { id: string }) => c.id)).not.toContain(ids.course);
    expect((await call('hq_user', 'GET', '/api/training/courses?archived=true')).json().items.map((c: { id: string }) => c.id)).toEqual([ids.course]);
    // the attempts stay in the staff detail
    expect((await call('hq_user', 'GET', '/api/staff/S001/training')).json().attempts).toHaveLength(1);
    await call('hq_user', 'POST', `/api/training/courses/${ids.course}/archive`, { archived: false });
    expect(await mandatory()).toEqual([ids.course]);
    const audit = await t.db.pool.query(`select action from audit_log where action like 'training.%_archive' or action like 'training.%_restore' order by id`);
    expect(audit.rows.map((r) => r.action)).toEqual(['training.exam_archive', 'training.exam_restore', 'training.course_archive', 'training.course_restore']);
  });
});

describe('课程资料: course documents', () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')]);

  it('uploads a PDF; refuses another type, a renamed page and an empty file; managers only', async () => {
    const res = await call('hq_user', 'POST', `/api/training/courses/${ids.course}/materials`, { fileName: '合规手册.pdf', file: pdf.toString('base64') });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().materials).toEqual([{ id: expect.any(String), fileName: '合规手册.pdf', contentType: 'application/pdf', sizeBytes: pdf.length, uploadedBy: 'hq_user', uploadedAt: '2025-06-16T02:00:00.000Z' }]);
    ids.material = res.json().materials[0].id;
    const renamed = await call('hq_user', 'POST', `/api/training/courses/${ids.course}/materials`, { fileName: 'page.pdf', file: Buffer.from('<html><script>alert(1)</script>').toString('base64') });
    expect(invalidFields(renamed)).toEqual(['file']);
    expect(renamed.json().code).toBe('TRAINING_MATERIAL_REFUSED');
    expect(invalidFields(await call('hq_user', 'POST', `/api/training/courses/${ids.course}/materials`, { fileName: 'empty.pdf', file: '' }))).toEqual(['file']);
    expect(invalidFields(await call('hq_user', 'POST', `/api/training/courses/${ids.course}/materials`, { fileName: 'tool.exe', file: Buffer.from('MZ').toString('base64') }))).toEqual(['fileName']);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect((await call('hq_user', 'POST', `/api/training/courses/${ids.course}/materials`, { fileName: '流程图.PNG', file: png.toString('base64') })).json().materials[1]).toMatchObject({ contentType: 'image/png', sizeBytes: 12 });
    expect((await call('broker1', 'POST', `/api/training/courses/${ids.course}/materials`, { fileName: 'a.pdf', file: pdf.toString('base64') })).statusCode).toBe(403);
    expect((await call('bm_b01', 'POST', `/api/training/courses/${ids.course}/materials`, { fileName: 'a.pdf', file: pdf.toString('base64') })).statusCode).toBe(403);
  });

  it('whoever reaches the course downloads it as uploaded; a branch course’s document is 404 for another branch', async () => {
    const res = await call('broker1', 'GET', `/api/training/courses/${ids.course}/materials/${ids.material}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="course-document-${ids.material}.pdf"; filename*=UTF-8''${encodeURIComponent('合规手册.pdf')}`);
    expect(res.rawPayload.equals(pdf)).toBe(true);
    const branchCourse = (await call('bm_b01', 'POST', '/api/training/courses', { title: '营业部资料', category: 'SKILL' })).json().id;
    const uploaded = await call('bm_b01', 'POST', `/api/training/courses/${branchCourse}/materials`, { fileName: 'b.pdf', file: pdf.toString('base64') });
    const materialId = uploaded.json().materials[0].id;
    expect((await call('broker1', 'GET', `/api/training/courses/${branchCourse}/materials/${materialId}`)).statusCode).toBe(200);
    expect((await call('tl_t21', 'GET', `/api/training/courses/${branchCourse}/materials/${materialId}`)).statusCode).toBe(404);
    expect((await call('broker1', 'GET', `/api/training/courses/${ids.course}/materials/${materialId}`)).statusCode).toBe(404); // another course's id
  });

  it('deletes a document; audited', async () => {
    expect((await call('hq_user', 'DELETE', `/api/training/courses/${ids.course}/materials/${ids.material}`)).statusCode).toBe(204);
    expect((await call('broker1', 'GET', `/api/training/courses/${ids.course}/materials/${ids.material}`)).statusCode).toBe(404);
    const audit = await t.db.pool.query(`select action, username from audit_log where entity = 'training_material' order by id`);
    expect(audit.rows.map((r) => `${r.action} ${r.username}`)).toEqual([
      'training.material_upload hq_user', 'training.material_upload hq_user', 'training.material_upload bm_b01', 'training.material_delete hq_user',
    ]);
  });
});

describe('必修完成情况: who has completed a mandatory course', () => {
  it('head office: the active brokers, overdue first, then pending, then done (S001 passed at 02:20 with 80)', async () => {
    const res = await call('hq_user', 'GET', `/api/training/courses/${ids.course}/completion`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ title: '合规培训', dueOn: '2025-06-20', asOf: '2025-06-16', counts: { DONE: 1, PENDING: 3, OVERDUE: 0 } });
    expect(body.items.map((i: { staffNo: string; completion: string; bestScore: number | null; attempts: number }) => `${i.staffNo} ${i.completion} ${i.bestScore} ${i.attempts}`))
      .toEqual(['S002 PENDING 0 1', 'S003 PENDING null 0', 'S201 PENDING null 0', 'S001 DONE 80 1']);
    expect(body.items[3]).toMatchObject({ passedAt: '2025-06-16T02:20:00.000Z', teamName: '财富一组', branchName: '北京中关村营业部' });
  });

  it('a branch manager its branch; past the due date the pending are overdue; others 403', async () => {
    await t.db.pool.query(`update training_courses set due_on = '2025-06-15' where id = $1`, [ids.course]);
    try {
      const body = (await call('bm_b01', 'GET', `/api/training/courses/${ids.course}/completion`)).json();
      expect(body.counts).toEqual({ DONE: 1, PENDING: 0, OVERDUE: 2 });
      expect(body.items.map((i: { staffNo: string }) => i.staffNo)).toEqual(['S002', 'S003', 'S001']);
    } finally {
      await t.db.pool.query(`update training_courses set due_on = '2025-06-20' where id = $1`, [ids.course]);
    }
    expect((await call('broker1', 'GET', `/api/training/courses/${ids.course}/completion`)).statusCode).toBe(403);
  });
});
