/**
 * The cross-cutting scope test (done-when: "every operation that takes a customer, staff member,
 * workflow or account, called by a broker for one outside its scope, answers exactly like an unknown
 * one"), driven by the app's OpenAPI document and the workflow engine's operation registry.
 *
 * Every operation whose path, query or body names a customer number, staff number, fund account or
 * workflow id — and every registered workflow type whose payload does — is called by broker1 (S001,
 * team T11, branch B01; scope SELF) once with an existing record outside that scope and once with a
 * well-formed unknown one of the same shape. The two answers must be identical: status and body, the
 * problem's `code`, `detail` and field errors included, with the number itself replaced where the
 * message echoes it. A new operation or payload field of that kind is covered as soon as it appears
 * in the OpenAPI document or the registry; one the tables below cannot call (a body, a path parameter
 * or a workflow type they do not know) fails the test until it is added.
 */
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idCheckDigit } from '../../shared/identity.js';
import { operationOf, registeredTypes } from '../src/modules/workflows/workflows.registry.js';
import { useTestApp, type Method } from './app-harness.js';
import { insertBrokerage, insertLogins, insertOtherBranchAccount } from './fixtures.js';

const t = useTestApp({
  seed: async (db) => {
    await insertBrokerage(db.pool);
    await insertOtherBranchAccount(db.pool);
    await insertLogins(db.pool);
  },
  sessions: ['admin', 'hq_user', 'broker1', 'broker3'],
});

const CALLER = 'broker1';

type Kind = 'customer' | 'staff' | 'account' | 'workflow';

/** What a field or parameter names, from its name; null when it names none of the four. */
function kindOf(name: string): Kind | null {
  if (/customerNo$/i.test(name)) return 'customer';
  if (/staffNo$/i.test(name)) return 'staff';
  if (/(fundAccount|accountNo)$/i.test(name)) return 'account';
  if (/workflowId$/i.test(name)) return 'workflow';
  return null;
}

/**
 * broker1's own records (the other fields of a call), records outside broker1's scope, and unknown
 * ones of the same shape. C2001, S201 and F2001 are of branch B02; C0006 is of broker1's branch but
 * S003's and S004's (its 360° view is 404 to broker1); the workflows are started in beforeAll.
 */
const values: Record<Kind, { own: string; outside: string[]; unknown: string }> = {
  customer: { own: 'C0001', outside: ['C2001', 'C0006'], unknown: 'C9999' },
  staff: { own: 'S001', outside: ['S201'], unknown: 'S999' },
  account: { own: 'F0001', outside: ['F2001'], unknown: 'F9999' },
  workflow: { own: '', outside: [''], unknown: '999999999' },
};

/** Path parameters that name none of the four: a value that makes the path well-formed (`id`: a login's, outside /api/workflows). */
const OTHER_PATH_VALUES: Record<string, string> = { month: '2025-06', id: '1', callId: 'CALL-1' };

/** Bodies of the operations with an id in the path or query (broker1's fields otherwise). */
const BODIES: Record<string, unknown> = {
  'PATCH /api/staff/{staffNo}': { name: '改名' },
  'POST /api/workflows/{id}/actions': { action: 'approve', comment: '同意' },
  'PUT /api/customers/{customerNo}/kyc': { occupation: 'PROFESSIONAL' },
};

/** Bodies whose top-level fields name a record: `ids` filled in for the field under test. */
const BODY_TEMPLATES: Record<string, (ids: Record<string, string>) => unknown> = {
  'POST /api/staff': (ids) => ({
    staffNo: ids.staffNo, name: '新人', category: 'BROKER', level: '见习', branchCode: 'B01', teamCode: 'T11', hireDate: '2025-06-02', contractType: 'AGENCY',
  }),
  'POST /api/payroll/adjustments': (ids) => ({ month: '2025-06', staffNo: ids.staffNo, kind: 'OTHER_REWARD', amount: '100.00', note: '奖励' }),
  'POST /api/admin/users': (ids) => ({ username: 'new_user', role: 'BROKER', staffNo: ids.staffNo, password: 'correct horse 43' }),
  'PATCH /api/admin/users/{id}': (ids) => ({ staffNo: ids.staffNo }),
  'POST /api/contacts': (ids) => ({ customerNo: ids.customerNo, channel: 'PHONE', summary: '电话回访' }),
  'POST /api/suitability/check': (ids) => ({ customerNo: ids.customerNo, productCode: 'P001' }),
  'POST /api/suitability/confirmations': (ids) => ({ customerNo: ids.customerNo, productCode: 'P001', warningText: '特别风险警示' }),
  'POST /api/outreach/templates/{id}/preview': (ids) => ({ customerNo: ids.customerNo }),
  'POST /api/outreach/preview': (ids) => ({ channel: 'SMS', body: '尊敬的{{customerName}}', customerNo: ids.customerNo }),
  'POST /api/cti/calls/{callId}/record': (ids) => ({ customerNo: ids.customerNo, note: '客户咨询' }),
  'POST /api/service/subscriptions': (ids) => ({ productId: serviceProduct, customerNo: ids.customerNo }),
  'POST /api/service/relationships': (ids) => ({ productId: serviceProduct, customerNo: ids.customerNo, staffNo: ids.staffNo }),
  // the customer realm's (a staff session is 401 whatever the account; the household's rule: customer-space.test.ts)
  'POST /api/me/accounts/switch': (ids) => ({ customerNo: ids.customerNo }),
};

/** A payload of each workflow type that is valid for broker1 but for the field under test. */
const PAYLOADS: Record<string, Record<string, unknown>> = {
  APPOINTMENT_OPEN: { name: '预约客', idNo: `11010119950505123${idCheckDigit('11010119950505123')}`, mobile: '13912345678', branch: 'B01', appointmentDate: '2025-06-20', staffNo: 'S001' },
  APPOINTMENT_VOID: { appointmentId: '1' },
  NON_APPOINTMENT_OPEN: { customerNo: 'C0007', staffNo: 'S001', effectiveFrom: '2025-06-16' },
  RELATIONSHIP_ADD: { customerNo: 'C0001', staffNo: 'S001', kind: 'SERVICE', weight: '1', assessmentSet: null, effectiveFrom: '2025-06-16' },
  RELATIONSHIP_CHANGE: { customerNo: 'C0001', fromStaffNo: 'S001', toStaffNo: 'S002', effectiveFrom: '2025-07-01' },
  RELATIONSHIP_REVOKE: { customerNo: 'C0001', staffNo: 'S001', endedOn: '2025-06-30' },
  STAFF_LEVEL_CHANGE: { staffNo: 'S001', level: '高级', effectiveDate: '2025-06-16' },
  STAFF_TEAM_CHANGE: { staffNo: 'S001', teamCode: 'T12', effectiveDate: '2025-06-16' },
  CAMPAIGN: { name: '讲座邀请', channel: 'SMS', templateId: '1', groupId: '1' },
  CONTENT_PUBLISH: { contentId: '1' },
};

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
}
type OpenApiDocument = { paths: Record<string, Record<string, OpenApiOperation>> };

/** One call to make: everything but the value under test, which `build` puts in. */
interface Case {
  name: string;
  kind: Kind;
  method: Method;
  /** A workflow payload's field: the unknown record's answer must name that field alone (the rest of the payload is valid). */
  payloadField?: string;
  build(value: string): { url: string; body?: unknown };
}

/** The operations of the OpenAPI document with a path or query parameter, or a body field, naming a record. */
function operationCases(doc: OpenApiDocument): { cases: Case[]; missing: string[] } {
  const cases: Case[] = [];
  const missing: string[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [lowerMethod, operation] of Object.entries(operations)) {
      const method = lowerMethod.toUpperCase() as Method;
      const key = `${method} ${path}`;
      const params = operation.parameters ?? [];
      const paramKind = (p: OpenApiParameter): Kind | null => (p.in === 'path' && p.name === 'id' && path.startsWith('/api/workflows/') ? 'workflow' : kindOf(p.name));
      const bodyFields = Object.keys(Object.values(operation.requestBody?.content ?? {})[0]?.schema.properties ?? {});
      const idFields = bodyFields.filter((f) => kindOf(f) !== null);
      const idParams = params.filter((p) => (p.in === 'path' || p.in === 'query') && paramKind(p) !== null);
      if (idParams.length === 0 && idFields.length === 0) continue;
      if (key === 'POST /api/workflows') continue; // the payloads: workflowCases
      const pathValue = (p: OpenApiParameter, under: OpenApiParameter | null, value: string): string | undefined => {
        if (p === under) return value;
        const kind = paramKind(p);
        if (kind) return kind === 'workflow' ? ownWorkflow : values[kind].own;
        return OTHER_PATH_VALUES[p.name];
      };
      const urlFor = (under: OpenApiParameter | null, value: string): string => {
        let url = path;
        const query = new URLSearchParams();
        for (const p of params) {
          if (p.in === 'path') {
            const v = pathValue(p, under, value);
            if (v === undefined) throw new Error(`${key}: no value for the path parameter ${p.name}; add it to OTHER_PATH_VALUES`);
            url = url.replace(`{${p.name}}`, encodeURIComponent(v));
          } else if (p === under) {
            query.set(p.name, value);
          }
        }
        return query.size > 0 ? `${url}?${query}` : url;
      };
      for (const p of idParams) {
        if (bodyFields.length > 0 && !(key in BODIES) && idFields.length === 0) missing.push(`${key}: a body for BODIES`);
        cases.push({ name: `${key} ${p.in}:${p.name}`, kind: paramKind(p)!, method, build: (value) => ({ url: urlFor(p, value), body: BODIES[key] }) });
      }
      for (const field of idFields) {
        const template = BODY_TEMPLATES[key];
        if (!template) {
          missing.push(`${key}: a body template for BODY_TEMPLATES (field ${field})`);
          continue;
        }
        const own = Object.fromEntries(idFields.map((f) => [f, values[kindOf(f)!].own]));
        cases.push({ name: `${key} body:${field}`, kind: kindOf(field)!, method, build: (value) => ({ url: urlFor(null, ''), body: template({ ...own, [field]: value }) }) });
      }
    }
  }
  return { cases, missing };
}

/** Every registered workflow type's payload fields that name a record, each a case of POST /api/workflows. */
function workflowCases(): { cases: Case[]; missing: string[] } {
  const cases: Case[] = [];
  const missing: string[] = [];
  for (const type of registeredTypes()) {
    const schema = z.toJSONSchema(operationOf(type)!.payloadSchema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
    const fields = Object.keys(schema.properties ?? {}).filter((f) => kindOf(f) !== null);
    const payload = PAYLOADS[type];
    if (!payload) {
      missing.push(`workflow type ${type}: a payload for PAYLOADS`);
      continue;
    }
    for (const field of fields) {
      if (!(field in payload)) missing.push(`workflow type ${type}: PAYLOADS lacks ${field}`);
      cases.push({
        name: `POST /api/workflows ${type} payload.${field}`,
        kind: kindOf(field)!,
        method: 'POST',
        payloadField: `payload.${field}`,
        build: (value) => ({ url: '/api/workflows', body: { type, payload: { ...payload, [field]: value } } }),
      });
    }
  }
  return { cases, missing };
}

/** The answer with `value` replaced: what must not differ between an out-of-scope and an unknown record. */
function answer(res: LightMyRequestResponse, value: string): { status: number; body: unknown } {
  const text = value === '' ? res.body : res.body.replaceAll(value, '<id>');
  const json = (res.headers['content-type'] ?? '').toString().includes('json');
  return { status: res.statusCode, body: json ? JSON.parse(text) : text };
}

let ownWorkflow = '';
let serviceProduct = '';
let doc: OpenApiDocument;

beforeAll(async () => {
  const own = await t.call(CALLER, 'POST', '/api/workflows', { type: 'RELATIONSHIP_REVOKE', payload: { customerNo: 'C0001', staffNo: 'S001', endedOn: '2025-06-30' } });
  expect(own.statusCode, own.body).toBe(201);
  ownWorkflow = own.json().id;
  // started by someone else: broker3 (S003, team T12) for C0006 — neither broker1's flow nor about S001
  const other = await t.call('broker3', 'POST', '/api/workflows', {
    type: 'RELATIONSHIP_ADD', payload: { customerNo: 'C0006', staffNo: 'S003', kind: 'SERVICE', weight: '1', assessmentSet: null, effectiveFrom: '2025-06-16' },
  });
  expect(other.statusCode, other.body).toBe(201);
  values.workflow = { own: ownWorkflow, outside: [other.json().id], unknown: '999999999' };
  // an R1 service product every customer matches: subscriptions and service relationships then differ only by the record under test
  const product = await t.call('hq_user', 'POST', '/api/service/products', { code: 'SCOPE-R1', name: '资讯早报', kind: 'INFORMATION', riskLevel: 'R1', price: '0.00' });
  expect(product.statusCode, product.body).toBe(201);
  serviceProduct = product.json().id;
  const res = await t.call(CALLER, 'GET', '/api/openapi.json');
  expect(res.statusCode).toBe(200);
  doc = res.json();
});

describe('a broker asking about a record outside its scope gets the answer for an unknown one', () => {
  it('the tables know how to call every operation and workflow type that names a record', () => {
    expect([...operationCases(doc).missing, ...workflowCases().missing]).toEqual([]);
  });

  it('finds the operations it is about (a guard against an empty enumeration)', () => {
    const names = [...operationCases(doc).cases, ...workflowCases().cases].map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining([
      'GET /api/customers/{customerNo} path:customerNo',
      'GET /api/staff/{staffNo} path:staffNo',
      'GET /api/workflows/{id} path:id',
      'POST /api/workflows/{id}/actions path:id',
      'GET /api/relationships query:customerNo',
      'POST /api/workflows RELATIONSHIP_ADD payload.customerNo',
      'POST /api/workflows RELATIONSHIP_CHANGE payload.toStaffNo',
      'POST /api/workflows APPOINTMENT_OPEN payload.staffNo',
      'POST /api/contacts body:customerNo',
      'GET /api/customers/{customerNo}/contacts path:customerNo',
      'GET /api/customers/{customerNo}/timeline path:customerNo',
      'GET /api/alerts query:customerNo',
    ]));
  });

  it('answers identically (status, code, detail, field errors and body) for out-of-scope and unknown records', async () => {
    const differences: unknown[] = [];
    for (const c of [...operationCases(doc).cases, ...workflowCases().cases]) {
      const unknown = c.build(values[c.kind].unknown);
      const unknownAnswer = answer(await t.call(CALLER, c.method, unknown.url, unknown.body), values[c.kind].unknown);
      // a well-formed request: a 400 would be the test's mistake, not the scope's answer
      if (unknownAnswer.status === 400) differences.push({ case: c.name, malformed: unknownAnswer.body });
      if (c.payloadField) {
        const fields = ((unknownAnswer.body as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);
        if (JSON.stringify(fields) !== JSON.stringify([c.payloadField])) differences.push({ case: c.name, notOnlyTheField: unknownAnswer.body });
      }
      for (const outside of values[c.kind].outside) {
        const call = c.build(outside);
        const outsideAnswer = answer(await t.call(CALLER, c.method, call.url, call.body), outside);
        if (JSON.stringify(outsideAnswer) !== JSON.stringify(unknownAnswer)) differences.push({ case: c.name, outside, outsideAnswer, unknownAnswer });
      }
    }
    expect(differences).toEqual([]);
  });
});
