/**
 * The demo's 培训考试 on the fixture brokerage: the courses, bank and exams it writes, and each demo
 * attempt's draw (5 single, 2 multiple, 4 true/false) with a score that is the points of its right answers.
 */
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/database.js';
import { useTestDb } from '../../../test/harness.js';
import { insertBrokerage, insertLogins } from '../../../test/fixtures.js';
import { seedDemoTraining } from './training.demo.js';

const db = useTestDb(async (testDb) => {
  await insertBrokerage(testDb.pool);
  await insertLogins(testDb.pool, ['hq_user', 'broker1', 'broker2', 'broker3']);
});

describe('seedDemoTraining', () => {
  it('writes three courses, a bank of every kind, two exams and scored attempts for the staff without a login', async () => {
    const hq = (await db.pool.query<{ id: string }>(`select id::text from users where username = 'hq_user'`)).rows[0]!.id;
    await inTransaction(db.pool, (client) => seedDemoTraining(client, hq));
    const counts = await db.pool.query(`
      select (select count(*)::int from training_courses) as courses,
             (select count(*)::int from training_courses where cardinality(mandatory_for) > 0) as mandatory,
             (select json_object_agg(kind, n) from (select kind, count(*)::int as n from training_questions group by kind) k) as questions,
             (select count(*)::int from training_exams) as exams`);
    expect(counts.rows).toEqual([{ courses: 3, mandatory: 2, questions: { SINGLE: 8, MULTIPLE: 4, TRUE_FALSE: 6 }, exams: 2 }]);
    // the active brokers and account managers without a login: S201 (S001–S003 have one, S099 has left)
    const attempts = await db.pool.query<{ staff_no: string; status: string; score: number; passed: boolean; drawn: Record<string, number>; right: number }>(`
      select a.staff_no, a.status, a.score, a.passed,
             (select json_object_agg(kind, n) from (select kind, count(*)::int as n from training_attempt_questions q where q.attempt_id = a.id group by kind) k) as drawn,
             (select coalesce(sum(points) filter (where correct), 0)::int from training_attempt_questions q where q.attempt_id = a.id) as right
        from training_attempts a`);
    expect(attempts.rows).toHaveLength(1);
    const [attempt] = attempts.rows;
    expect(attempt).toMatchObject({ staff_no: 'S201', status: 'SUBMITTED', drawn: { SINGLE: 5, MULTIPLE: 2, TRUE_FALSE: 4 } });
    expect(attempt!.score).toBe(attempt!.right);
    expect(attempt!.passed).toBe(attempt!.score >= 60);
  });
});
