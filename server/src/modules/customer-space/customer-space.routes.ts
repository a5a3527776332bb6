/**
 * The customer space (客户专属空间, issue 14 item 5), the customer realm's API:
 * - POST /api/me/login/code, POST /api/me/login, POST /api/me/logout (public; the session cookie
 *   crm_customer_session);
 * - GET /api/me/accounts and POST /api/me/accounts/switch (a household sharing a mobile: the accounts
 *   carrying the login's mobile, and entering another of them);
 * - GET /api/me/profile, GET /api/me/questionnaire, POST /api/me/assessments, GET /api/me/assessments,
 *   GET /api/me/products, GET and POST /api/me/questions (requireCustomer: the logged-in customer's own).
 * GET /api/me stays the staff's profile (auth.routes.ts); a staff session never passes requireCustomer.
 *
 * And the staff's side of "ask my advisor": GET /api/customer-questions (the questions of the
 * customers in scope; `mine=true`: the to-do of 我的待办) and POST /api/customer-questions/:id/answer.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { config } from '../../config.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { configuredSmsProvider } from '../outreach/delivery/delivery.start.js';
import { clearCustomerCookie, CUSTOMER_SESSION_COOKIE, customerOf, requireCustomer, setCustomerCookie } from './customer-auth.js';
import {
  answerBody, answersBody, askBody, assessment, codeRequestAnswer, codeRequestBody, householdAccount, loginBody, matchingProducts, profile, question,
  questionIdParams, questionListQuery, questionnaire, switchBody,
} from './customer-space.schemas.js';
import {
  activeQuestionnaire, answerQuestion, askAdvisor, customerAssessments, customerProfile, customerQuestions, householdAccounts, listQuestions, loginWithCode,
  logoutCustomer, matchingProducts as findMatchingProducts, questionnaireThresholds, requestLoginCode, submitQuestionnaire, switchAccount,
  type CustomerContext, type LoginCodeSender,
} from './customer-space.service.js';

const tags = ['customer-space'];
const security = [{ customerSession: [] }];

function contextOf(request: FastifyRequest): CustomerContext {
  return { now: request.server.clock(), ip: request.ip, userAgent: request.headers['user-agent'] };
}

export const customerSpaceRoutes: FastifyPluginAsyncZod = async (app) => {
  const cfg = config();
  const sender: LoginCodeSender = {
    // the codes need no delivery report: the embedded gateway keeps them in its inbox without a callback
    sms: configuredSmsProvider(app.pool, cfg, () => undefined, (m) => app.log.warn(m)),
    templateCode: cfg.SMS_LOGIN_TEMPLATE_CODE,
    signName: cfg.SMS_SIGN_NAME,
    // the demo reads the code from the embedded gateway's inbox (系统管理 → 邮件与短信收件箱) or from here
    logCode: cfg.SMS_URL ? undefined : (mobile, code) => app.log.info(`customer space: login code ${code} for ${mobile} (embedded SMS gateway only)`),
  };
  const customer = { onRequest: requireCustomer };

  app.post(
    '/api/me/login/code',
    {
      schema: {
        tags, security: [],
        summary: 'Send a one-time login code by SMS to a customer’s mobile (the same answer for any number; 429 within 60 s of the last code, after 5 an hour)',
        body: codeRequestBody, response: { 200: codeRequestAnswer },
      },
    },
    async (request) => requestLoginCode(app.pool, sender, request.body.mobile, contextOf(request)),
  );

  app.post(
    '/api/me/login',
    {
      schema: {
        tags, security: [],
        summary: 'Log in with the mobile and the code (sets the crm_customer_session cookie); 401 LOGIN_CODE_INVALID for a wrong, expired or spent code',
        body: loginBody, response: { 200: profile },
      },
    },
    async (request, reply) => {
      const session = await loginWithCode(app.pool, request.body, contextOf(request));
      setCustomerCookie(request, reply, session.token);
      return customerProfile(app.pool, session.customerNo, app.clock());
    },
  );

  app.post(
    '/api/me/logout',
    { schema: { tags, security: [], summary: 'Log the customer out (ends the customer session)', response: { 204: z.null() } } },
    async (request, reply) => {
      const secret = request.cookies[CUSTOMER_SESSION_COOKIE];
      if (secret) await logoutCustomer(app.pool, secret, contextOf(request));
      clearCustomerCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/me/profile',
    { ...customer, schema: { tags, security, summary: 'The logged-in customer: risk category in force and its validity, the advisor', response: { 200: profile } } },
    async (request) => customerProfile(app.pool, customerOf(request), app.clock()),
  );

  app.get(
    '/api/me/accounts',
    {
      ...customer,
      schema: {
        tags, security, summary: 'A household’s accounts: the open accounts carrying the mobile the customer logged in with (the current one marked)',
        response: { 200: z.object({ items: z.array(householdAccount) }) },
      },
    },
    async (request) => ({ items: await householdAccounts(app.pool, request.cookies[CUSTOMER_SESSION_COOKIE]!, app.clock()) }),
  );

  app.post(
    '/api/me/accounts/switch',
    {
      ...customer,
      schema: {
        tags, security, summary: 'Enter another account of the household (only one carrying the login’s mobile; 404 otherwise); answers its profile',
        body: switchBody, response: { 200: profile },
      },
    },
    async (request) => {
      const customerNo = await switchAccount(app.pool, request.cookies[CUSTOMER_SESSION_COOKIE]!, request.body.customerNo, contextOf(request));
      return customerProfile(app.pool, customerNo, app.clock());
    },
  );

  app.get(
    '/api/me/questionnaire',
    { ...customer, schema: { tags, security, summary: 'The risk questionnaire (风险承受能力评估问卷) with its points and thresholds', response: { 200: questionnaire } } },
    async () => ({ ...(await activeQuestionnaire(app.pool)), thresholds: await questionnaireThresholds(app.pool) }),
  );

  app.post(
    '/api/me/assessments',
    {
      ...customer,
      schema: {
        tags, security, summary: 'Submit the questionnaire: scored to C1–C5, in force from today until an extract carries a later assessment day',
        body: answersBody, response: { 201: assessment },
      },
    },
    async (request, reply) => reply.code(201).send(await submitQuestionnaire(app.pool, customerOf(request), request.body.answers, contextOf(request))),
  );

  app.get(
    '/api/me/assessments',
    { ...customer, schema: { tags, security, summary: 'The customer’s questionnaire results, newest first', response: { 200: z.object({ items: z.array(assessment) }) } } },
    async (request) => ({ items: await customerAssessments(app.pool, customerOf(request)) }),
  );

  app.get(
    '/api/me/products',
    { ...customer, schema: { tags, security, summary: 'The products whose suitability check for the customer is MATCH today', response: { 200: matchingProducts } } },
    async (request) => findMatchingProducts(app.pool, customerOf(request), app.clock()),
  );

  app.get(
    '/api/me/questions',
    { ...customer, schema: { tags, security, summary: 'The customer’s questions to their advisor and the answers, newest first', response: { 200: z.object({ items: z.array(question) }) } } },
    async (request) => ({ items: await customerQuestions(app.pool, customerOf(request)) }),
  );

  app.post(
    '/api/me/questions',
    {
      ...customer,
      schema: { tags, security, summary: 'Ask my advisor (咨询我的顾问): a to-do of the serving staff and a contact record (WEB)', body: askBody, response: { 201: question } },
    },
    async (request, reply) => reply.code(201).send(await askAdvisor(app.pool, customerOf(request), request.body.question, contextOf(request))),
  );

  // ---------------------------------------------------------------- the staff's side

  app.get(
    '/api/customer-questions',
    {
      onRequest: [requireUser, requirePermission('customers')],
      schema: {
        tags, summary: 'Customers’ questions from their space in the caller’s scope (mine=true: of the customers the caller serves, the 客户咨询 to-do)',
        querystring: questionListQuery, response: { 200: z.object({ items: z.array(question), total: z.number().int() }) },
      },
    },
    async (request) => listQuestions(app.pool, callerOf(request), request.query, app.clock()),
  );

  app.post(
    '/api/customer-questions/:id/answer',
    {
      onRequest: [requireUser, requirePermission('contacts.write')],
      schema: {
        tags, summary: 'Answer a customer’s question (shown in their space; a contact record, channel WEB); 409 when already answered',
        params: questionIdParams, body: answerBody, response: { 200: question },
      },
    },
    async (request) => answerQuestion(app.pool, callerOf(request), request.params.id, request.body.answer, { now: app.clock(), ip: request.ip }),
  );
};
