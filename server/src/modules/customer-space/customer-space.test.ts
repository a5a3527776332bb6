/**
 * The customer space against a real PostgreSQL, on the fixture brokerage (test/fixtures.ts) with a
 * clock the tests move. Customers log in with their mobile: C0001 钱多多 13812345678 (served by S001,
 * broker1), C0002 孙分成 13900001111 (S001 0.6 + S002 0.4: served by S001), C0006 冯六 13700006666
 * (S004 SERVICE, service4). The codes are read from the embedded SMS gateway's store.
 *
 * Products: P001 R2 (fixture) and P_R1 R1, P_R3 R3, P_R4 R4, P_R5 R5 added here.
 *
 * The standard questionnaire (migration 0041) with the standard thresholds (C2 20, C3 37, C4 54, C5 83):
 *   BALANCED  AGE B 10 + INCOME B 5 + ASSETS B 5 + SHARE B 5 + EXPERIENCE C 6 + KNOWLEDGE B 4 + PRODUCTS C 7
 *             + HORIZON B 5 + GOAL C 7 + LOSS C 6                                        = 60 → C4
 *   CAUTIOUS  AGE C 6 + INCOME A 2 + ASSETS A 2 + SHARE A 2 + EXPERIENCE B 3 + KNOWLEDGE B 4 + PRODUCTS B 3
 *             + HORIZON A 2 + GOAL B 4 + LOSS B 3                                        = 31 → C2
 *   NO_LOSS   AGE B 10 + INCOME D 10 + ASSETS D 10 + SHARE D 10 + EXPERIENCE E 10 + KNOWLEDGE D 10 + PRODUCTS D 10
 *             + HORIZON D 10 + GOAL D 10 + LOSS A 0 (不能承受任何损失)                     = 90 → C1, lowest category
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { FIXED_NOW } from '../../../test/fixtures.js';
import type { TestDb } from '../../../test/harness.js';
import { expectProblem, invalidFields } from '../../../test/problem.js';
import { inTransaction } from '../../db/database.js';
import { announceDayImported } from '../../lib/day-imported.js';
import { UPSERT_SQL } from '../extract/extract.sql.js';
import { createCustomerSession } from './customer-auth.js';
import { purgeCustomerLogins } from './customer-space.service.js';

let now = FIXED_NOW;
/** Moves the clock on (the throttle counts per hour: each test starts hours after the last). */
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const HOUR = 3_600_000;

async function seed(db: TestDb): Promise<void> {
  await withBrokerage()(db);
  await db.pool.query(`insert into products (product_code, name, product_type, risk_level, updated_on) values
    ('P_R1', '现金宝', 'PUBLIC_FUND', 'R1', '2025-06-13'), ('P_R3', '平衡混合', 'PUBLIC_FUND', 'R3', '2025-06-13'),
    ('P_R4', '成长股票', 'PUBLIC_FUND', 'R4', '2025-06-13'), ('P_R5', '结构化收益', 'STRUCTURED', 'R5', '2025-06-13')`);
}

const t = useTestApp({ seed, now: () => now, sessions: ['admin', 'broker1', 'broker2', 'service4', 'compliance'] });

const BALANCED = { AGE: 'B', INCOME: 'B', ASSETS: 'B', SHARE: 'B', EXPERIENCE: 'C', KNOWLEDGE: 'B', PRODUCTS: 'C', HORIZON: 'B', GOAL: 'C', LOSS: 'C' };
const CAUTIOUS = { AGE: 'C', INCOME: 'A', ASSETS: 'A', SHARE: 'A', EXPERIENCE: 'B', KNOWLEDGE: 'B', PRODUCTS: 'B', HORIZON: 'A', GOAL: 'B', LOSS: 'B' };
const NO_LOSS = { AGE: 'B', INCOME: 'D', ASSETS: 'D', SHARE: 'D', EXPERIENCE: 'E', KNOWLEDGE: 'D', PRODUCTS: 'D', HORIZON: 'D', GOAL: 'D', LOSS: 'A' };

/** A staff call with a session opened at the current clock (the tests' clock runs past the fixture sessions' 12 hours). */
async function staff(username: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
  t.cookies[username] = await t.login(username);
  return t.call(username, method, url, payload);
}

const post = (url: string, payload: unknown, cookie = '') => t.app.inject({ method: 'POST', url, payload: payload as object, headers: cookie ? { cookie } : {} });
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

/** The newest code the embedded gateway was sent for the number (null when none). */
async function sentCode(mobile: string): Promise<string | null> {
  const { rows } = await t.db.pool.query<{ code: string }>(
    `select params->>'code' as code from sms_gateway_messages where mobile = $1 and out_id like 'login:%' order by id desc limit 1`, [mobile],
  );
  return rows[0]?.code ?? null;
}

function cookieOf(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'crm_customer_session');
  if (!cookie) throw new Error(`no customer session cookie: ${res.statusCode} ${res.body}`);
  return `crm_customer_session=${cookie.value}`;
}

/** Asks a code for the mobile, reads it from the gateway, logs in: the customer's cookie. */
async function customerLogin(mobile: string): Promise<string> {
  later(2 * HOUR);
  const asked = await post('/api/me/login/code', { mobile });
  expect(asked.statusCode, asked.body).toBe(200);
  const code = await sentCode(mobile);
  return cookieOf(await post('/api/me/login', { mobile, code }));
}

describe('the login code', () => {
  it('goes through the SMS gateway (6 digits, only a salted hash kept) and logs the customer in; audited', async () => {
    later(2 * HOUR);
    const res = await post('/api/me/login/code', { mobile: '+86 138 1234 5678' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ resendAfterSeconds: 60, validSeconds: 300 });
    const code = await sentCode('13812345678');
    expect(code).toMatch(/^\d{6}$/);
    const { rows } = await t.db.pool.query<{ code_hash: string; customer_no: string }>(`select code_hash, customer_no from customer_login_codes order by id desc limit 1`);
    expect(rows[0]!.customer_no).toBe('C0001');
    expect(rows[0]!.code_hash).not.toContain(code);
    const { rows: sms } = await t.db.pool.query<{ content: string }>(`select content from sms_gateway_messages where mobile = '13812345678' order by id desc limit 1`);
    expect(sms[0]!.content).toContain(code);

    const login = await post('/api/me/login', { mobile: '13812345678', code });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json()).toMatchObject({ customerNo: 'C0001', name: '钱多多', mobile: '138****5678', riskLevel: 'C4', advisor: { staffNo: 'S001', name: '张伟' } });
    const cookie = login.cookies.find((c) => c.name === 'crm_customer_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect((await get('/api/me/profile', cookieOf(login))).json()).toMatchObject({ customerNo: 'C0001' });
    const audit = await t.db.pool.query<{ action: string }>(`select action from audit_log where username = 'customer:C0001' order by id`);
    expect(audit.rows.map((r) => r.action)).toEqual(['customer.login_code', 'customer.login']);
  });

  it('answers an unknown number exactly like a known one, sends nothing, and no code logs it in', async () => {
    later(2 * HOUR);
    const known = await post('/api/me/login/code', { mobile: '13700003333' });
    const unknown = await post('/api/me/login/code', { mobile: '13000000000' });
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);
    expect(await sentCode('13000000000')).toBeNull();
    const res = await post('/api/me/login', { mobile: '13000000000', code: '123456' });
    expectProblem(res, {
      status: 401, code: 'LOGIN_CODE_INVALID', title: '未登录', detail: '验证码错误或已失效，请重新获取。', instance: '/api/me/login',
    });
    // the second request for the unknown number within a minute is throttled like a known one's
    expect((await post('/api/me/login/code', { mobile: '13000000000' })).statusCode).toBe(429);
  });

  it('expires after 5 minutes', async () => {
    later(2 * HOUR);
    await post('/api/me/login/code', { mobile: '13700004444' });
    const code = await sentCode('13700004444');
    later(300_000);
    expect((await post('/api/me/login', { mobile: '13700004444', code })).statusCode).toBe(401);
  });

  it('is good until its fifth minute ends', async () => {
    later(2 * HOUR);
    await post('/api/me/login/code', { mobile: '13700004444' });
    const code = await sentCode('13700004444');
    later(299_000);
    expect((await post('/api/me/login', { mobile: '13700004444', code })).statusCode).toBe(200);
    // spent: the same code does not log in twice
    expect((await post('/api/me/login', { mobile: '13700004444', code })).statusCode).toBe(401);
  });

  it('is spent by the fifth wrong entry: the right code no longer logs in', async () => {
    later(2 * HOUR);
    await post('/api/me/login/code', { mobile: '13700005555' });
    const code = (await sentCode('13700005555'))!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i += 1) expect((await post('/api/me/login', { mobile: '13700005555', code: wrong })).statusCode).toBe(401);
    // four wrong entries leave the code usable …
    const { rows } = await t.db.pool.query<{ tries: number }>(`select tries from customer_login_codes where mobile = '13700005555' order by id desc limit 1`);
    expect(rows[0]!.tries).toBe(4);
    expect((await post('/api/me/login', { mobile: '13700005555', code: wrong })).statusCode).toBe(401);
    // … the fifth spends it
    expect((await post('/api/me/login', { mobile: '13700005555', code })).statusCode).toBe(401);
    const failed = await t.db.pool.query(`select 1 from audit_log where action = 'customer.login_failed' and username = 'customer:C0005'`);
    expect(failed.rowCount).toBe(5);
  });

  it('is resent at most once a minute and 5 times an hour (429 with Retry-After)', async () => {
    later(2 * HOUR);
    const mobile = '13700006666';
    expect((await post('/api/me/login/code', { mobile })).statusCode).toBe(200);
    later(20_000);
    const early = await post('/api/me/login/code', { mobile });
    expect(early.statusCode).toBe(429);
    expect(early.headers['retry-after']).toBe('40');
    later(40_000);
    for (let i = 2; i <= 5; i += 1) {
      expect((await post('/api/me/login/code', { mobile })).statusCode).toBe(200);
      later(60_000);
    }
    // five codes at 0, 60, 120, 180, 240 s; now 300 s: the sixth waits until the first is an hour old
    const capped = await post('/api/me/login/code', { mobile });
    expect(capped.statusCode).toBe(429);
    expect(capped.headers['retry-after']).toBe(String(3600 - 300));
    later((3600 - 300) * 1000);
    expect((await post('/api/me/login/code', { mobile })).statusCode).toBe(200);
  });

  it('refuses a malformed mobile or code (422)', async () => {
    expect(invalidFields(await post('/api/me/login/code', { mobile: '12345' }))).toEqual(['mobile']);
    expect(invalidFields(await post('/api/me/login', { mobile: '13812345678', code: '12ab56' }))).toEqual(['code']);
  });

  it('logout ends the session', async () => {
    const cookie = await customerLogin('13700006666');
    expect((await get('/api/me/profile', cookie)).statusCode).toBe(200);
    expect((await post('/api/me/logout', {}, cookie)).statusCode).toBe(204);
    expect((await get('/api/me/profile', cookie)).statusCode).toBe(401);
  });
});

describe('realm isolation', () => {
  const ME_ENDPOINTS: [string, string, unknown?][] = [
    ['GET', '/api/me/profile'], ['GET', '/api/me/questionnaire'], ['GET', '/api/me/assessments'], ['POST', '/api/me/assessments', { answers: BALANCED }],
    ['GET', '/api/me/products'], ['GET', '/api/me/questions'], ['POST', '/api/me/questions', { question: '你好' }],
    ['GET', '/api/me/accounts'], ['POST', '/api/me/accounts/switch', { customerNo: 'C0001' }],
  ];

  it.each(ME_ENDPOINTS)('%s %s: 401 without a customer session, with a staff session and with a staff bearer token', async (method, url, payload) => {
    for (const username of ['admin', 'broker1']) expect((await staff(username, 'GET', '/api/me')).statusCode).toBe(200); // live staff sessions
    const inject = (headers: Record<string, string>) => t.app.inject({ method: method as 'GET', url, headers, ...(payload ? { payload: payload as object } : {}) });
    expect((await inject({})).statusCode).toBe(401);
    expect((await inject({ cookie: t.cookies.admin! })).statusCode).toBe(401);
    expect((await inject({ cookie: t.cookies.broker1! })).statusCode).toBe(401);
    const token = await staff('admin', 'POST', '/api/auth/tokens', { name: `realm ${method} ${url}` });
    expect((await inject({ authorization: `Bearer ${(token.json() as { token: string }).token}` })).statusCode).toBe(401);
  });

  it('a customer session reaches no staff endpoint (every route of the OpenAPI document but /api/me/… and the public ones: 401)', async () => {
    const cookie = await customerLogin('13900001111');
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const checked: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (path.startsWith('/api/me/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        if (Array.isArray(operation.security) && operation.security.length === 0) continue; // public
        const url = path.replace(/\{[^}]+\}/g, '1');
        const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url, headers: { cookie }, ...(method === 'get' ? {} : { payload: {} }) });
        expect(res.statusCode, `${method.toUpperCase()} ${url}: ${res.body}`).toBe(401);
        checked.push(`${method} ${path}`);
      }
    }
    expect(checked).toContain('get /api/me');
    expect(checked).toContain('get /api/customers');
    expect(checked).toContain('get /api/customer-questions');
    expect(checked).toContain('post /api/customer-questions/{id}/answer');
    expect(checked.length).toBeGreaterThan(100);
  });
});

describe('the questionnaire', () => {
  it('is the standard one: ten questions, 11–100 points', async () => {
    const cookie = await customerLogin('13812345678');
    const q = (await get('/api/me/questionnaire', cookie)).json() as { questions: { key: string; options: { points: number }[] }[]; thresholds: unknown };
    expect(q.questions.map((x) => x.key)).toEqual(['AGE', 'INCOME', 'ASSETS', 'SHARE', 'EXPERIENCE', 'KNOWLEDGE', 'PRODUCTS', 'HORIZON', 'GOAL', 'LOSS']);
    expect(q.questions.reduce((sum, x) => sum + Math.max(...x.options.map((o) => o.points)), 0)).toBe(100);
    expect(q.questions.reduce((sum, x) => sum + Math.min(...x.options.map((o) => o.points)), 0)).toBe(11);
    expect(q.thresholds).toEqual({ C2: 20, C3: 37, C4: 54, C5: 83 });
  });

  it('scores the hand-worked answers: BALANCED 60 → C4, CAUTIOUS 31 → C2, NO_LOSS 90 → C1 lowest; valid two years', async () => {
    const cookie = await customerLogin('13700007777'); // C0007
    const submit = async (answers: unknown) => {
      const res = await post('/api/me/assessments', { answers }, cookie);
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { score: number; riskLevel: string; lowestCategory: boolean; assessedOn: string; expiresOn: string };
    };
    const today = '2025-06-16';
    const day = () => new Date(now.getTime() + 8 * HOUR).toISOString().slice(0, 10); // the business date (Asia/Shanghai)
    expect(day()).not.toBe(today); // the clock has moved on by the earlier tests' hours
    expect(await submit(BALANCED)).toMatchObject({ score: 60, riskLevel: 'C4', lowestCategory: false, assessedOn: day() });
    expect(await submit(CAUTIOUS)).toMatchObject({ score: 31, riskLevel: 'C2', lowestCategory: false });
    const lowest = await submit(NO_LOSS);
    expect(lowest).toMatchObject({ score: 90, riskLevel: 'C1', lowestCategory: true });
    const [y, m, d] = lowest.assessedOn.split('-');
    expect(lowest.expiresOn).toBe(`${Number(y) + 2}-${m}-${d}`);
    const profile = (await get('/api/me/profile', cookie)).json();
    expect(profile).toMatchObject({ riskLevel: 'C1', lowestRiskCategory: true, riskSource: 'QUESTIONNAIRE', riskAssessedOn: lowest.assessedOn, riskExpiresOn: lowest.expiresOn, assessmentStatus: 'VALID' });
    const history = (await get('/api/me/assessments', cookie)).json() as { items: { score: number; inForce: boolean }[] };
    expect(history.items.map((a) => [a.score, a.inForce])).toEqual([[90, true], [31, false], [60, false]]);
  });

  it('names every unanswered question and unknown option (422), recording nothing', async () => {
    const cookie = await customerLogin('13812345678');
    const before = await t.db.pool.query(`select 1 from risk_assessments where customer_no = 'C0001'`);
    const { LOSS: _loss, ...withoutLoss } = BALANCED;
    expect(invalidFields(await post('/api/me/assessments', { answers: { ...withoutLoss, AGE: 'Z' } }, cookie))).toEqual(['answers.AGE', 'answers.LOSS']);
    expect((await t.db.pool.query(`select 1 from risk_assessments where customer_no = 'C0001'`)).rowCount).toBe(before.rowCount);
  });

  it('follows the configured thresholds (系统设置)', async () => {
    const put = await staff('admin', 'PUT', '/api/admin/settings/riskQuestionnaire', { thresholds: { C2: 20, C3: 30, C4: 61, C5: 83 } });
    expect(put.statusCode, put.body).toBe(200);
    try {
      const cookie = await customerLogin('13700008888'); // C0008
      expect((await post('/api/me/assessments', { answers: BALANCED }, cookie)).json()).toMatchObject({ score: 60, riskLevel: 'C3' });
      expect(invalidFields(await staff('admin', 'PUT', '/api/admin/settings/riskQuestionnaire', { thresholds: { C2: 40, C3: 30, C4: 61, C5: 83 } })))
        .toEqual(['riskQuestionnaire.thresholds']);
    } finally {
      await t.db.pool.query(`delete from settings where key = 'riskQuestionnaire'`);
    }
  });
});

describe('the questionnaire overrides the extract’s category until an extract carries a later assessment day', () => {
  /** Re-delivers C0003's customers.csv row through the importer's own upsert with this category and day. */
  async function importCustomer(riskLevel: string, assessedOn: string, day: string): Promise<void> {
    await inTransaction(t.db.pool, async (client) => {
      await client.query(`create temp table stg_customers (customer_no text, name text, customer_type text, id_type text, id_no text, gender text,
        birth_date text, mobile text, email text, address text, branch_code text, open_date text, close_date text, status text, risk_level text,
        risk_assessed_on text, investor_class text, lowest_risk_category text) on commit drop`);
      await client.query(`insert into stg_customers values ('C0003', '周三', 'P', '0', '110101197003033333', '', '', '13700003333', '', '', 'B01',
        '2023-06-01', '', 'NORMAL', $1, $2, 'ORDINARY', 'N')`, [riskLevel, assessedOn]);
      await client.query(UPSERT_SQL['customers.csv']!, [day]);
    });
  }
  const stored = async () => (await t.db.pool.query<{ risk_level: string; risk_assessed_on: string }>(
    `select risk_level, risk_assessed_on::text from customers where customer_no = 'C0003'`)).rows[0];
  const check = async (productCode: string) => {
    const res = await staff('broker2', 'POST', '/api/suitability/check', { customerNo: 'C0003', productCode });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { result: string }).result;
  };

  it('both ways, through the importer’s upsert and the suitability check', async () => {
    await importCustomer('C2', '2024-03-01', '2025-06-13');
    expect(await stored()).toEqual({ risk_level: 'C2', risk_assessed_on: '2024-03-01' });
    now = new Date('2025-06-20T02:00:00Z'); // business date 2025-06-20
    expect(await check('P_R3')).toBe('MISMATCH'); // C2 and R3

    const cookie = await customerLogin('13700003333'); // 2 hours on: still 2025-06-20
    const assessed = (await post('/api/me/assessments', { answers: BALANCED }, cookie)).json() as { riskLevel: string; assessedOn: string };
    expect(assessed).toMatchObject({ riskLevel: 'C4', assessedOn: '2025-06-20' });
    expect(await stored()).toEqual({ risk_level: 'C4', risk_assessed_on: '2025-06-20' });
    expect(await check('P_R4')).toBe('MATCH'); // the questionnaire's C4 decides

    // the next day's extract re-delivers the older assessment: the questionnaire stays in force
    await importCustomer('C2', '2024-03-01', '2025-06-23');
    expect(await stored()).toEqual({ risk_level: 'C4', risk_assessed_on: '2025-06-20' });
    expect(await check('P_R4')).toBe('MATCH');
    // an extract with the questionnaire's own day does not replace it either
    await importCustomer('C3', '2025-06-20', '2025-06-24');
    expect(await stored()).toEqual({ risk_level: 'C4', risk_assessed_on: '2025-06-20' });

    // an extract carrying a later assessment day takes over again
    await importCustomer('C3', '2025-06-23', '2025-06-25');
    expect(await stored()).toEqual({ risk_level: 'C3', risk_assessed_on: '2025-06-23' });
    now = new Date('2025-06-26T02:00:00Z');
    expect(await check('P_R4')).toBe('MISMATCH');
    expect(await check('P_R3')).toBe('MATCH');
    const again = await customerLogin('13700003333'); // the session of six days ago has expired
    expect((await get('/api/me/profile', again)).json()).toMatchObject({ riskLevel: 'C3', riskSource: 'EXTRACT' });
    expect(((await get('/api/me/assessments', again)).json() as { items: { inForce: boolean }[] }).items[0]!.inForce).toBe(false);
  });
});

describe('products that match me', () => {
  it('lists the products whose check is MATCH for this customer only', async () => {
    const a = await customerLogin('13812345678'); // C0001
    await post('/api/me/assessments', { answers: CAUTIOUS }, a); // C2: R1, R2
    const b = await customerLogin('13900001111'); // C0002
    await post('/api/me/assessments', { answers: BALANCED }, b); // C4: R1–R4
    const codes = async (cookie: string) => ((await get('/api/me/products', cookie)).json() as { items: { productCode: string }[] }).items.map((p) => p.productCode);
    expect(await codes(a)).toEqual(['P_R1', 'P001']);
    expect(await codes(b)).toEqual(['P_R1', 'P001', 'P_R3', 'P_R4']);
    const lowest = await customerLogin('13700007777'); // C0007, lowest category: R1 only
    expect(await codes(lowest)).toEqual(['P_R1']);
  });
});

describe('ask my advisor', () => {
  it('lands in the serving staff’s to-do, is answered from the CRM, and the customer reads the answer; each is a WEB contact', async () => {
    const a = await customerLogin('13812345678'); // C0001, served by S001 (broker1)
    const b = await customerLogin('13900001111'); // C0002, served by S001 too
    const contactsBefore = (await t.db.pool.query(`select 1 from contacts where customer_no = 'C0001' and channel = 'WEB'`)).rowCount!;
    const asked = await post('/api/me/questions', { question: '最近的稳健型产品有哪些？' }, a);
    expect(asked.statusCode, asked.body).toBe(201);
    const question = asked.json() as { id: string };
    expect(asked.json()).toMatchObject({ customerNo: 'C0001', staffNo: 'S001', staffName: '张伟', answer: null });
    await post('/api/me/questions', { question: '孙分成的问题' }, b);

    // the to-do of broker1 (S001 serves both); broker2 serves neither; service4 (S004) serves C0006 only
    const todo = async (username: string) => (await staff(username, 'GET', '/api/customer-questions?mine=true')).json() as { total: number; items: { id: string; customerNo: string }[] };
    expect((await todo('broker1')).items.map((q) => q.customerNo)).toEqual(['C0001', 'C0002']);
    expect((await todo('broker2')).total).toBe(0);
    expect((await todo('service4')).total).toBe(0);
    // out of scope: 404, nothing answered
    expect((await staff('broker2', 'POST', `/api/customer-questions/${question.id}/answer`, { answer: '不是我' })).statusCode).toBe(404);
    expect((await staff('compliance', 'POST', `/api/customer-questions/${question.id}/answer`, { answer: '只读' })).statusCode).toBe(403);

    const answered = await staff('broker1', 'POST', `/api/customer-questions/${question.id}/answer`, { answer: '推荐现金宝（R1）。' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ answer: '推荐现金宝（R1）。', answeredByName: '张伟' });
    expect((await staff('broker1', 'POST', `/api/customer-questions/${question.id}/answer`, { answer: '再答' })).statusCode).toBe(409);
    expect((await todo('broker1')).items.map((q) => q.customerNo)).toEqual(['C0002']);

    // the customer reads the answer; the other customer sees only their own question
    const mine = (await get('/api/me/questions', a)).json() as { items: { question: string; answer: string | null }[] };
    expect(mine.items).toMatchObject([{ question: '最近的稳健型产品有哪些？', answer: '推荐现金宝（R1）。' }]);
    const theirs = (await get('/api/me/questions', b)).json() as { items: { question: string }[] };
    expect(theirs.items.map((q) => q.question)).toEqual(['孙分成的问题']);

    const contacts = await t.db.pool.query<{ staff_no: string; summary: string; username: string }>(
      `select k.staff_no, k.summary, u.username from contacts k join users u on u.id = k.created_by
        where k.customer_no = 'C0001' and k.channel = 'WEB' order by k.id`);
    expect(contacts.rowCount! - contactsBefore).toBe(2);
    expect(contacts.rows.slice(-2)).toEqual([
      { staff_no: 'S001', summary: '客户咨询 / Question from the customer: 最近的稳健型产品有哪些？', username: 'customer-space' },
      { staff_no: 'S001', summary: '回复客户咨询 / Answer to the customer: 推荐现金宝（R1）。', username: 'broker1' },
    ]);
    const audit = await t.db.pool.query<{ action: string }>(`select action from audit_log where entity = 'customer_question' and entity_id = $1 order by id`, [question.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['customer.question_asked', 'customer_question.answered']);
  });

  it('one customer never reads another’s questionnaire results or questions', async () => {
    const a = await customerLogin('13812345678');
    const b = await customerLogin('13700004444'); // C0004: never assessed here, never asked
    const aHistory = (await get('/api/me/assessments', a)).json() as { items: unknown[] };
    expect(aHistory.items.length).toBeGreaterThan(0);
    expect((await get('/api/me/assessments', b)).json()).toEqual({ items: [] });
    expect((await get('/api/me/questions', b)).json()).toEqual({ items: [] });
    expect((await get('/api/me/profile', b)).json()).toMatchObject({ customerNo: 'C0004', name: '吴四' });
  });
});

describe('a household sharing a mobile (家庭成员共用手机号)', () => {
  // 13812345678 is C0001's (opened 2024-01-10); here also C0002's (opened 2025-03-01) and the closed C2002's.
  // C0004 (13700004444) is another household.
  const accounts = async (cookie: string) => ((await get('/api/me/accounts', cookie)).json() as { items: { customerNo: string; current: boolean }[] }).items
    .map((a) => `${a.customerNo}${a.current ? '*' : ''}`);

  it('after the code, lists the open accounts carrying the mobile and enters any of them, and only those', async () => {
    await t.db.pool.query(`update customers set mobile = '138 1234 5678' where customer_no in ('C0002', 'C2002')`);
    try {
      const cookie = await customerLogin('13812345678');
      // the oldest account first, entered by default; the closed one is not offered
      expect(await accounts(cookie)).toEqual(['C0001*', 'C0002']);
      const switched = await post('/api/me/accounts/switch', { customerNo: 'C0002' }, cookie);
      expect(switched.statusCode).toBe(200);
      expect(switched.json()).toMatchObject({ customerNo: 'C0002', name: '孙分成' });
      expect((await get('/api/me/profile', cookie)).json()).toMatchObject({ customerNo: 'C0002' });
      expect(await accounts(cookie)).toEqual(['C0001', 'C0002*']);
      // another household's account, the closed account of this mobile and an unknown number: 404, and the session stays
      for (const other of ['C0004', 'C2002', 'C9999']) expect((await post('/api/me/accounts/switch', { customerNo: other }, cookie)).statusCode).toBe(404);
      expect((await get('/api/me/profile', cookie)).json()).toMatchObject({ customerNo: 'C0002' });
      // switchable back later
      expect((await post('/api/me/accounts/switch', { customerNo: 'C0001' }, cookie)).json()).toMatchObject({ customerNo: 'C0001' });
      const audit = await t.db.pool.query<{ username: string; detail: unknown }>(
        `select username, detail from audit_log where action = 'customer.switch_account' order by id`);
      expect(audit.rows).toEqual([
        { username: 'customer:C0001', detail: { from: 'C0001', to: 'C0002' } },
        { username: 'customer:C0002', detail: { from: 'C0002', to: 'C0001' } },
      ]);
      // a mobile that no longer carries an account: it is no longer offered nor entered
      await t.db.pool.query(`update customers set mobile = '13900001111' where customer_no = 'C0002'`);
      expect(await accounts(cookie)).toEqual(['C0001*']);
      expect((await post('/api/me/accounts/switch', { customerNo: 'C0002' }, cookie)).statusCode).toBe(404);
    } finally {
      await t.db.pool.query(`update customers set mobile = case customer_no when 'C0002' then '13900001111' else '13600002002' end where customer_no in ('C0002', 'C2002')`);
    }
  });

  it('a single account lists itself; a session that remembers no mobile stays on its own account', async () => {
    expect(await accounts(await customerLogin('13700004444'))).toEqual(['C0004*']);
    const { token } = await inTransaction(t.db.pool, (client) => createCustomerSession(client, 'C0001', { ip: '127.0.0.1', now }));
    const cookie = `crm_customer_session=${token}`;
    expect(await accounts(cookie)).toEqual(['C0001*']);
    expect((await post('/api/me/accounts/switch', { customerNo: 'C0001' }, cookie)).statusCode).toBe(404);
  });
});

describe('the purge of login codes and customer sessions', () => {
  it('deletes the codes older than an hour and the expired sessions, keeping the rest', async () => {
    const at = new Date('2030-01-01T00:00:00Z');
    const minutesBefore = (m: number) => new Date(at.getTime() - m * 60_000);
    await t.db.pool.query('delete from customer_login_codes');
    await t.db.pool.query('delete from customer_sessions');
    await t.db.pool.query(
      `insert into customer_login_codes (mobile, customer_no, salt, code_hash, created_at, expires_at, ip)
       select '13812345678', 'C0001', 's', 'h', x, x + interval '5 minutes', '127.0.0.1' from unnest($1::timestamptz[]) x`,
      [[minutesBefore(24 * 60), minutesBefore(61), minutesBefore(60), minutesBefore(59), minutesBefore(1)]],
    );
    await t.db.pool.query(
      `insert into customer_sessions (id, customer_no, created_at, expires_at, last_seen_at)
       select 'session-' || n, 'C0001', $1::timestamptz - interval '12 hours', e, $1::timestamptz - interval '12 hours'
         from unnest($2::timestamptz[]) with ordinality as s(e, n)`,
      [at, [minutesBefore(60), minutesBefore(0), new Date(at.getTime() + 60_000)]],
    );
    // codes made 24 h, 61 min and exactly 60 min before go; 59 min and 1 min stay. Sessions that expired
    // an hour ago and just now go; the one that expires in a minute stays.
    expect(await purgeCustomerLogins(t.db.pool, at)).toEqual({ codes: 3, sessions: 2 });
    const codes = await t.db.pool.query<{ created: Date }>(`select created_at as created from customer_login_codes order by created_at`);
    expect(codes.rows.map((r) => r.created.toISOString())).toEqual([minutesBefore(59).toISOString(), minutesBefore(1).toISOString()]);
    expect((await t.db.pool.query(`select id from customer_sessions`)).rows).toEqual([{ id: 'session-3' }]);
  });

  it('runs after each night’s import (day-imported listeners)', async () => {
    await t.db.pool.query(
      `insert into customer_login_codes (mobile, customer_no, salt, code_hash, created_at, expires_at) values ('13812345678', 'C0001', 's', 'h', '2020-01-01', '2020-01-01 00:05')`);
    await t.db.pool.query(`insert into customer_sessions (id, customer_no, created_at, expires_at, last_seen_at) values ('old', 'C0001', '2020-01-01', '2020-01-02', '2020-01-01')`);
    await announceDayImported(t.db.pool, () => undefined);
    expect((await t.db.pool.query(`select 1 from customer_login_codes where created_at = '2020-01-01'`)).rowCount).toBe(0);
    expect((await t.db.pool.query(`select 1 from customer_sessions where id = 'old'`)).rowCount).toBe(0);
  });
});
