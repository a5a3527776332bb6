/**
 * The customer's own space (客户专属空间, issue 14 item 5): the login with a one-time SMS code, the
 * customer's profile (risk category and its validity, the advisor), the risk questionnaire, the
 * products that match them, and "ask my advisor". Every operation is the logged-in customer's own:
 * the customer number comes from the session (customer-auth.ts), never from the request.
 *
 * Login codes: 6 digits, of which only a salted sha256 is kept; 5 minutes; 5 wrong entries spend it;
 * a new code for a number at most once a minute and 5 an hour, 30 an hour from one address. An
 * unknown number (or a closed customer's) is answered exactly like a known one: a row is written,
 * nothing is sent, and no code ever matches it. Logins, failed logins and logouts are audited with
 * the actor `customer:<customerNo>` (or the masked number when none is known).
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import type { z } from 'zod';
import { inTransaction } from '../../db/database.js';
import { AppError, conflict, notFound, tooManyRequests, validationFailed } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { maskMobile } from '../access/pii.js';
import { assertCustomerInScope, servingStaffSql, type ScopeSubject } from '../access/scope.js';
import { riskQuestionnaireSchema } from '../admin/admin.settings.js';
import { writeAudit, type AuditActor } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import { INSERT_CONTACT } from '../contacts/contacts.sql.js';
import type { SmsProvider } from '../outreach/delivery/sms-gateway.js';
import { assessmentExpiresOn, assessmentStatus } from '../suitability/suitability.rules.js';
import { loadSuitabilitySettings } from '../suitability/suitability.sql.js';
import { sha256 } from '../auth/auth.service.js';
import { createCustomerSession } from './customer-auth.js';
import {
  answerProblems, DEFAULT_THRESHOLDS, LOGIN_CODE, loginCodeText, loginCodeWait, normalMobile, scoreQuestionnaire,
  type Question, type QuestionnaireThresholds,
} from './customer-space.rules.js';
import type { assessment as assessmentSchema, householdAccount as householdAccountSchema, matchingProducts as matchingProductsSchema, profile as profileSchema, question as questionSchema } from './customer-space.schemas.js';
import * as sql from './customer-space.sql.js';

export interface CustomerContext {
  now: Date;
  ip: string;
  userAgent?: string;
}

function customerActor(customerNo: string): AuditActor {
  return { username: `customer:${customerNo}` };
}

// ---------------------------------------------------------------- login

function codeHash(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('hex');
}

function badMobile(): AppError {
  return validationFailed([{ field: 'mobile', message: { zh: '请输入 11 位手机号码。', en: 'Enter an 11-digit mobile number.' } }]);
}

function wrongCode(): AppError {
  return new AppError({ code: 'LOGIN_CODE_INVALID', status: 401, zh: '验证码错误或已失效，请重新获取。', en: 'The code is wrong or no longer valid: ask for a new one.' });
}

export interface LoginCodeSender {
  sms: SmsProvider;
  templateCode: string;
  signName: string;
  /** Only with the embedded gateway: the code also goes to the server log (the demo's way to read it). */
  logCode?: (mobile: string, code: string) => void;
}

/**
 * Sends a login code to `rawMobile` if it is a customer's, answering the same either way: when the
 * next code may be asked and how long it is good for. 429 (Retry-After) within a minute of the last
 * code for the number, after 5 in an hour, or after 30 from the address in an hour.
 */
export async function requestLoginCode(
  pool: pg.Pool, sender: LoginCodeSender, rawMobile: string, ctx: CustomerContext,
): Promise<{ resendAfterSeconds: number; validSeconds: number }> {
  const mobile = normalMobile(rawMobile);
  if (!mobile) throw badMobile();
  const code = String(randomInt(0, 10 ** LOGIN_CODE.digits)).padStart(LOGIN_CODE.digits, '0');
  const issued = await inTransaction(pool, async (client) => {
    // one request per number at a time, so that two at once cannot both pass the throttle
    await client.query(`select pg_advisory_xact_lock(hashtextextended('customer-login:' || $1, 0))`, [mobile]);
    const hourAgo = new Date(ctx.now.getTime() - 3_600_000);
    const [recent] = (await client.query<sql.RecentCodes>(sql.RECENT_CODES, [mobile, ctx.ip, hourAgo])).rows;
    const wait = loginCodeWait(recent!, ctx.now);
    if (wait > 0) return { wait };
    const [customer] = (await client.query<{ customerNo: string }>(sql.CUSTOMER_BY_MOBILE, [mobile])).rows;
    const salt = randomBytes(16).toString('hex');
    // an unknown number gets a row whose hash no code matches (the secret is never sent)
    const hashed = customer ? codeHash(salt, code) : codeHash(salt, randomBytes(16).toString('hex'));
    const { rows } = await client.query<{ id: string }>(
      `insert into customer_login_codes (mobile, customer_no, salt, code_hash, created_at, expires_at, ip)
       values ($1, $2, $3, $4, $5, $6, $7) returning id::text as id`,
      [mobile, customer?.customerNo ?? null, salt, hashed, ctx.now, new Date(ctx.now.getTime() + LOGIN_CODE.validSeconds * 1000), ctx.ip],
    );
    await writeAudit(client, {
      user: customer ? customerActor(customer.customerNo) : { username: `mobile:${maskMobile(mobile)}` },
      action: 'customer.login_code', entity: 'customer', entityId: customer?.customerNo, detail: { mobile: maskMobile(mobile), known: Boolean(customer) }, ip: ctx.ip,
    });
    return { wait: 0, id: rows[0]!.id, known: Boolean(customer) };
  });
  if (issued.wait > 0) throw tooManyRequests(issued.wait);
  if (issued.known) {
    // sent after the commit: the code exists before the customer can read it. A provider failure is
    // not told apart from success (the answer must not say whether the number is a customer's).
    const outId = `login:${issued.id}`;
    const result = await sender.sms
      .send([{ outId, mobile, templateCode: sender.templateCode, params: { code }, content: loginCodeText(code), signName: sender.signName }])
      .catch((err: unknown) => ({ accepted: new Map<string, string>(), errors: new Map([[outId, err instanceof Error ? err.message : String(err)]]) }));
    const error = result.errors.get(outId);
    if (error) await pool.query('update customer_login_codes set used_at = $2 where id = $1', [issued.id, ctx.now]);
    else sender.logCode?.(mobile, code);
  }
  return { resendAfterSeconds: LOGIN_CODE.resendSeconds, validSeconds: LOGIN_CODE.validSeconds };
}

/**
 * Logs in with the newest unspent code of the number: 401 LOGIN_CODE_INVALID for a wrong, expired or
 * spent code and for an unknown number alike; each wrong entry counts (committed before the answer),
 * the fifth spends the code. A right code is spent and opens a session.
 */
export async function loginWithCode(
  pool: pg.Pool, input: { mobile: string; code: string }, ctx: CustomerContext,
): Promise<{ token: string; expiresAt: Date; customerNo: string }> {
  const mobile = normalMobile(input.mobile);
  if (!mobile) throw badMobile();
  const result = await inTransaction(pool, async (client) => {
    const [row] = (await client.query<sql.LoginCodeRow>(sql.LATEST_CODE_FOR_UPDATE, [mobile, ctx.now, LOGIN_CODE.maxTries])).rows;
    const given = codeHash(row?.salt ?? '', input.code);
    const ok = row !== undefined && row.customerNo !== null && row.customerOpen && timingSafeEqual(Buffer.from(given), Buffer.from(row.codeHash));
    if (!row) return null;
    if (!ok) {
      await client.query('update customer_login_codes set tries = tries + 1 where id = $1', [row.id]);
      await writeAudit(client, {
        user: row.customerNo ? customerActor(row.customerNo) : { username: `mobile:${maskMobile(mobile)}` },
        action: 'customer.login_failed', entity: 'customer', entityId: row.customerNo ?? undefined, detail: { mobile: maskMobile(mobile), tries: row.tries + 1 }, ip: ctx.ip,
      });
      return null;
    }
    await client.query('update customer_login_codes set used_at = $2, tries = tries + 1 where id = $1', [row.id, ctx.now]);
    const session = await createCustomerSession(client, row.customerNo!, ctx, mobile);
    await writeAudit(client, { user: customerActor(row.customerNo!), action: 'customer.login', entity: 'customer', entityId: row.customerNo!, ip: ctx.ip });
    return { ...session, customerNo: row.customerNo! };
  });
  if (!result) throw wrongCode();
  return result;
}

/** Ends the customer session named by the cookie's value (if it still exists), audited. */
export async function logoutCustomer(pool: pg.Pool, secret: string, ctx: CustomerContext): Promise<void> {
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ customerNo: string }>(
      'delete from customer_sessions where id = $1 returning customer_no as "customerNo"', [sha256(secret)],
    );
    if (rows[0]) await writeAudit(client, { user: customerActor(rows[0].customerNo), action: 'customer.logout', entity: 'customer', entityId: rows[0].customerNo, ip: ctx.ip });
  });
}

/**
 * Purges what the customer realm no longer needs (after each night's import: day-imported-listeners.ts):
 * login codes older than the hour the throttle counts (and so long expired: a code is good for 5
 * minutes; every request and login is in the audit log) and sessions past their expiry.
 */
export async function purgeCustomerLogins(pool: pg.Pool, now: Date = new Date()): Promise<{ codes: number; sessions: number }> {
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const codes = await pool.query('delete from customer_login_codes where created_at <= $1', [hourAgo]);
  const sessions = await pool.query('delete from customer_sessions where expires_at <= $1', [now]);
  return { codes: codes.rowCount ?? 0, sessions: sessions.rowCount ?? 0 };
}

// ---------------------------------------------------------------- households (家庭成员共用手机号)

export type HouseholdAccount = z.infer<typeof householdAccountSchema>;

/**
 * The open accounts carrying the mobile the session was opened with (the customer's own first when
 * the session predates migration 0051 and remembers no mobile: then only it), the current one marked.
 */
export async function householdAccounts(pool: pg.Pool, secret: string, now: Date): Promise<HouseholdAccount[]> {
  const { rows } = await pool.query<HouseholdAccount>(sql.HOUSEHOLD_ACCOUNTS, [sha256(secret), now]);
  return rows;
}

/**
 * Switches the session to `customerNo` when it is an open account carrying the session's mobile;
 * 404 for any other (another household's, a closed one, an unknown number alike). Audited.
 */
export async function switchAccount(pool: pg.Pool, secret: string, customerNo: string, ctx: CustomerContext): Promise<string> {
  const switched = await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ from: string; to: string }>(sql.SWITCH_ACCOUNT, [sha256(secret), customerNo, ctx.now]);
    const row = rows[0];
    if (!row) return null;
    await writeAudit(client, {
      user: customerActor(row.from), action: 'customer.switch_account', entity: 'customer', entityId: row.to, detail: { from: row.from, to: row.to }, ip: ctx.ip,
    });
    return row.to;
  });
  if (!switched) throw notFound();
  return switched;
}

// ---------------------------------------------------------------- profile

export type CustomerProfile = z.infer<typeof profileSchema>;

export async function customerProfile(pool: pg.Pool, customerNo: string, now: Date): Promise<CustomerProfile> {
  const today = businessDate(now);
  const settings = await loadSuitabilitySettings(pool);
  const [row] = (await pool.query<sql.ProfileRow>(sql.PROFILE, [customerNo, today])).rows;
  if (!row) throw notFound();
  const status = assessmentStatus(
    { riskLevel: row.riskLevel, riskAssessedOn: row.riskAssessedOn, investorClass: row.investorClass, lowestRiskCategory: row.lowestRiskCategory },
    today, settings,
  );
  const fromQuestionnaire = row.questionnaireOn !== null && row.questionnaireOn === row.riskAssessedOn && row.questionnaireLevel === row.riskLevel;
  return {
    customerNo: row.customerNo,
    name: row.name,
    mobile: maskMobile(row.mobile),
    branchName: row.branchName,
    investorClass: row.investorClass as CustomerProfile['investorClass'],
    riskLevel: row.riskLevel as CustomerProfile['riskLevel'],
    riskAssessedOn: row.riskAssessedOn,
    riskExpiresOn: row.riskAssessedOn === null ? null : assessmentExpiresOn(row.riskAssessedOn, settings.validityYears),
    assessmentStatus: status,
    lowestRiskCategory: row.lowestRiskCategory,
    riskSource: row.riskLevel === null ? null : fromQuestionnaire ? 'QUESTIONNAIRE' : 'EXTRACT',
    advisor: row.advisorNo ? { staffNo: row.advisorNo, name: row.advisorName!, kind: row.advisorKind as 'DEVELOP' | 'SERVICE' } : null,
  };
}

// ---------------------------------------------------------------- the risk questionnaire

export interface Questionnaire {
  code: string;
  titleZh: string;
  titleEn: string;
  questions: Question[];
}

/** The questionnaire in use (risk_questionnaires, the active one). */
export async function activeQuestionnaire(db: pg.Pool | pg.PoolClient): Promise<Questionnaire> {
  const [row] = (await db.query<Questionnaire>(
    `select code, title_zh as "titleZh", title_en as "titleEn", questions from risk_questionnaires where active`,
  )).rows;
  if (!row) throw notFound();
  return row;
}

/** The setting `riskQuestionnaire`'s thresholds, or the standard ones. */
export async function questionnaireThresholds(db: pg.Pool | pg.PoolClient): Promise<QuestionnaireThresholds> {
  const { rows } = await db.query<{ value: unknown }>(`select value from settings where key = 'riskQuestionnaire'`);
  return rows[0] ? riskQuestionnaireSchema.parse(rows[0].value).thresholds : DEFAULT_THRESHOLDS;
}

export type Assessment = z.infer<typeof assessmentSchema>;

/**
 * Scores the customer's answers (one option of every question: 422 naming each question otherwise),
 * records the assessment of today (the business date) with its expiry (suitability.validityYears),
 * and makes it the customer's category in force (customers.risk_level: migration 0041's trigger keeps
 * it there until an extract carries a later assessment day). Audited as `customer.risk_assessed`.
 */
export async function submitQuestionnaire(pool: pg.Pool, customerNo: string, answers: Record<string, string>, ctx: CustomerContext): Promise<Assessment> {
  const today = businessDate(ctx.now);
  return inTransaction(pool, async (client) => {
    const questionnaire = await activeQuestionnaire(client);
    const problems = answerProblems(questionnaire.questions, answers);
    if (problems.length) {
      throw validationFailed(problems.map((p) => ({
        field: `answers.${p.question}`,
        message: p.problem === 'MISSING'
          ? { zh: '请回答此题。', en: 'Answer this question.' }
          : p.problem === 'UNKNOWN_OPTION' ? { zh: '没有这个选项。', en: 'No such option.' } : { zh: '问卷没有此题。', en: 'The questionnaire has no such question.' },
      })));
    }
    const result = scoreQuestionnaire(questionnaire.questions, answers, await questionnaireThresholds(client));
    const { validityYears } = await loadSuitabilitySettings(client);
    const expiresOn = assessmentExpiresOn(today, validityYears);
    const { rows } = await client.query<{ id: string }>(
      `insert into risk_assessments (customer_no, questionnaire_code, answers, score, risk_level, lowest_category, assessed_on, expires_on, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id::text as id`,
      [customerNo, questionnaire.code, JSON.stringify(answers), result.score, result.riskLevel, result.lowestCategory, today, expiresOn, ctx.now],
    );
    await client.query(
      `update customers set risk_level = $2, risk_assessed_on = $3, lowest_risk_category = $4 where customer_no = $1`,
      [customerNo, result.riskLevel, today, result.lowestCategory],
    );
    await writeAudit(client, {
      user: customerActor(customerNo), action: 'customer.risk_assessed', entity: 'customer', entityId: customerNo,
      detail: { assessmentId: rows[0]!.id, score: result.score, riskLevel: result.riskLevel, lowestCategory: result.lowestCategory, assessedOn: today }, ip: ctx.ip,
    });
    return { id: rows[0]!.id, score: result.score, riskLevel: result.riskLevel, lowestCategory: result.lowestCategory, assessedOn: today, expiresOn, inForce: true };
  });
}

/** The customer's assessments, newest first. */
export async function customerAssessments(pool: pg.Pool, customerNo: string): Promise<Assessment[]> {
  return (await pool.query<Assessment>(sql.ASSESSMENTS, [customerNo])).rows;
}

// ---------------------------------------------------------------- products that match me

export type MatchingProduct = z.infer<typeof matchingProductsSchema>['items'][number];

/** The products whose suitability check for the customer is MATCH today (suitability.sql.ts), lowest risk first. */
export async function matchingProducts(pool: pg.Pool, customerNo: string, now: Date): Promise<{ date: string; items: MatchingProduct[] }> {
  const today = businessDate(now);
  const settings = await loadSuitabilitySettings(pool);
  const q = sql.matchingProductsQuery(customerNo, today, settings);
  return { date: today, items: (await pool.query<MatchingProduct>(q.sql, q.params)).rows };
}

// ---------------------------------------------------------------- ask my advisor (咨询我的顾问)

export type CustomerQuestion = z.infer<typeof questionSchema>;

function toQuestion(row: sql.QuestionRow): CustomerQuestion {
  return {
    id: row.id, customerNo: row.customerNo, customerName: row.customerName, question: row.question, askedAt: row.askedAt.toISOString(),
    staffNo: row.staffNo, staffName: row.staffName, answer: row.answer, answeredAt: row.answeredAt?.toISOString() ?? null, answeredByName: row.answeredByName,
  };
}

/**
 * A customer's question to the staff member serving them today (the SERVICE relationship first):
 * a contact record (channel WEB) recorded by the system login `customer-space`, and a to-do of the
 * serving staff (我的待办 → 客户咨询) until answered. Audited as `customer.question_asked`.
 */
export async function askAdvisor(pool: pg.Pool, customerNo: string, question: string, ctx: CustomerContext): Promise<CustomerQuestion> {
  const today = businessDate(ctx.now);
  return inTransaction(pool, async (client) => {
    const [who] = (await client.query<{ staffNo: string | null; systemUser: string }>(
      `select ${servingStaffSql('$1::text', '$2')} as "staffNo", (select id::text from users where username = 'customer-space') as "systemUser"`,
      [customerNo, today],
    )).rows;
    const { rows } = await client.query<{ id: string }>(INSERT_CONTACT, [
      customerNo, 'WEB', `客户咨询 / Question from the customer: ${question}`.slice(0, 2000), ctx.now, who!.staffNo, who!.systemUser, null, null,
    ]);
    const [asked] = (await client.query<{ id: string }>(
      `insert into customer_questions (customer_no, question, asked_at, staff_no, question_contact) values ($1, $2, $3, $4, $5) returning id::text as id`,
      [customerNo, question, ctx.now, who!.staffNo, rows[0]!.id],
    )).rows;
    await writeAudit(client, {
      user: customerActor(customerNo), action: 'customer.question_asked', entity: 'customer_question', entityId: asked!.id,
      detail: { customerNo, staffNo: who!.staffNo, contactId: rows[0]!.id }, ip: ctx.ip,
    });
    return toQuestion((await client.query<sql.QuestionRow>(`${sql.QUESTION_SELECT} where q.id = $1`, [asked!.id])).rows[0]!);
  });
}

/** The customer's own questions and their answers, newest first. */
export async function customerQuestions(pool: pg.Pool, customerNo: string): Promise<CustomerQuestion[]> {
  return (await pool.query<sql.QuestionRow>(`${sql.QUESTION_SELECT} where q.customer_no = $1 order by q.asked_at desc, q.id desc limit 200`, [customerNo])).rows.map(toQuestion);
}

// ---------------------------------------------------------------- the staff's side

export interface QuestionFilter {
  status: 'OPEN' | 'ANSWERED' | 'ALL';
  /** only the customers the caller serves today (the to-do of 我的待办) */
  mine: boolean;
  customerNo?: string;
  page: number;
  pageSize: number;
}

/** The questions of the customers in the caller's scope (with `mine`, those the caller serves today), oldest open first. */
export async function listQuestions(pool: pg.Pool, user: AuthUser & ScopeSubject, filter: QuestionFilter, now: Date): Promise<{ items: CustomerQuestion[]; total: number }> {
  const q = sql.staffQuestionQueries(user, businessDate(now), filter);
  const [count, rows] = await Promise.all([pool.query<{ total: number }>(q.count.sql, q.count.params), pool.query<sql.QuestionRow>(q.rows.sql, q.rows.params)]);
  return { total: count.rows[0]!.total, items: rows.rows.map(toQuestion) };
}

/**
 * Answers a question of a customer in the caller's scope (404 otherwise; 409 when already answered):
 * the answer is shown in the customer's space and recorded as a contact (channel WEB) of the caller.
 * Audited as `customer_question.answered`.
 */
export async function answerQuestion(pool: pg.Pool, user: AuthUser, id: string, answer: string, ctx: { now: Date; ip?: string }): Promise<CustomerQuestion> {
  const today = businessDate(ctx.now);
  return inTransaction(pool, async (client) => {
    const [row] = (await client.query<{ customerNo: string; answered: boolean }>(
      `select customer_no as "customerNo", answer is not null as answered from customer_questions where id = $1::bigint for update`, [id],
    )).rows;
    if (!row) throw notFound();
    await assertCustomerInScope(client, user, row.customerNo, today);
    if (row.answered) throw conflict('QUESTION_ALREADY_ANSWERED', '这条咨询已经回复过了。', 'This question has already been answered.');
    const { rows } = await client.query<{ id: string }>(INSERT_CONTACT, [
      row.customerNo, 'WEB', `回复客户咨询 / Answer to the customer: ${answer}`.slice(0, 2000), ctx.now, user.staffNo, user.id, null, null,
    ]);
    await client.query(
      `update customer_questions set answer = $2, answered_at = $3, answered_by = $4, answer_staff_no = $5, answer_contact = $6 where id = $1::bigint`,
      [id, answer, ctx.now, user.id, user.staffNo, rows[0]!.id],
    );
    await writeAudit(client, {
      user, action: 'customer_question.answered', entity: 'customer_question', entityId: id, detail: { customerNo: row.customerNo, contactId: rows[0]!.id }, ip: ctx.ip,
    });
    return toQuestion((await client.query<sql.QuestionRow>(`${sql.QUESTION_SELECT} where q.id = $1::bigint`, [id])).rows[0]!);
  });
}

// ---------------------------------------------------------------- the demo

/**
 * The demo customers who can log in to the space (printed with the demo logins at the first start):
 * their mobile, name and customer number; the code of a login is shown by the embedded SMS gateway
 * (系统管理 → 邮件与短信收件箱) and in the server log.
 */
export async function customerSpaceDemoLogins(db: pg.Pool | pg.PoolClient, customerNos: readonly string[]): Promise<{ customerNo: string; name: string; mobile: string }[]> {
  const { rows } = await db.query<{ customerNo: string; name: string; mobile: string }>(
    `select customer_no as "customerNo", name, cti_phone_key(mobile) as mobile from customers
      where customer_no = any($1::text[]) and status <> 'CLOSED' and cti_phone_key(mobile) ~ '^1[0-9]{10}$' order by customer_no`,
    [customerNos],
  );
  return rows;
}
