/**
 * API robustness, driven by /api/openapi.json: every operation receives NUL bytes, 100 kB strings,
 * wrong types, impossible dates and months, unknown query parameters, a text/plain body and a
 * foreign Origin, in every string, number and date field of its query, path and body, logged in as
 * admin and without a session. No answer may be a 5xx; every 4xx is application/problem+json; a
 * state change from a foreign Origin is 403; a text/plain body is 415.
 *
 * The reports share one route whose parameters depend on the report id (they are not in the
 * OpenAPI document), so they are listed here (interfaces.md "Reports").
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from './app-harness.js';
import { sessionCookie } from './fixtures.js';

const t = useTestApp({ seed: withBrokerage(['admin', 'broker1', 'broker2']), sessions: ['admin'] });

// ---------------------------------------------------------------- the OpenAPI document, as far as this test reads it

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  minItems?: number;
}

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

interface Operation {
  security?: Record<string, unknown>[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Op {
  method: HttpMethod;
  /** The OpenAPI path, `/api/customers/{customerNo}`. */
  path: string;
  query: Parameter[];
  pathParams: Parameter[];
  body: JsonSchema | undefined;
  /** Only a customer session opens it (the customer's own space): a staff session gets 401 before anything else. */
  customerRealm: boolean;
}

const STATE_CHANGING = new Set<HttpMethod>(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The first variant that is not null and not the empty-filter literal `""`. */
function variant(schema: JsonSchema): JsonSchema {
  const options = schema.anyOf ?? schema.oneOf;
  if (!options) return schema;
  const useful = options.filter((o) => o.type !== 'null' && !(o.enum?.length === 1 && o.enum[0] === ''));
  return variant(useful[0] ?? options[0] ?? {});
}

function typeOf(schema: JsonSchema): string {
  const s = variant(schema);
  if (s.enum) return 'enum';
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (type) return type;
  return s.properties ? 'object' : 'unknown';
}

type FieldKind = 'date' | 'month' | 'day' | 'text';

/** What a string field holds, from its name (and format): dates and months get impossible values. */
function kindOf(name: string, schema: JsonSchema): FieldKind {
  if (/month/i.test(name)) return 'month';
  if (name === 'day') return 'day';
  if (variant(schema).format === 'date' || /date$|^(from|to|at)$|From$|To$|On$/i.test(name)) return 'date';
  return 'text';
}

/** A plausible value for a field of the fixture brokerage. */
function plausibleString(name: string, schema: JsonSchema): string {
  const known: Record<string, string> = {
    customerNo: 'C0001', staffNo: 'S002', branch: 'B01', branchCode: 'B01', team: 'T11', teamCode: 'T11',
    templateCode: 'ROBUST', code: 'DEFAULT', username: 'robust_user', password: 'robust password 42', amount: '100.00',
    name: 'Robust', note: 'robust', comment: 'robust', q: '钱', id: '1',
  };
  const kind = kindOf(name, schema);
  if (kind === 'month') return '2025-06';
  if (kind === 'day') return '20250613';
  if (kind === 'date') return '2025-06-13';
  return known[name] ?? 'x';
}

function example(name: string, schema: JsonSchema): unknown {
  const s = variant(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  switch (typeOf(s)) {
    case 'string':
      return plausibleString(name, s);
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => example(name, s.items ?? {}));
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([key, prop]) => [key, example(key, prop)]));
    default:
      return 'x';
  }
}

// ---------------------------------------------------------------- bad values

interface BadValue {
  label: string;
  value: unknown;
}

const LONG = 'x'.repeat(100_000);
const BAD_DATES = ['0000-01-01', '2025-02-30', '1899-12-31', '3000-01-01', '20250-01-01', '-2025-01-01'];
const BAD_MONTHS = ['0000-01', '2025-13', '1899-12', '3000-01', '20250-01'];
const BAD_NUMBERS = ['abc', '-1', '1.5', '1e400', '99999999999999999999', 'NaN'];

/** Bad values for a query or path field (always strings on the wire). */
function badTextValues(name: string, schema: JsonSchema): BadValue[] {
  const base = plausibleString(name, schema);
  const values: BadValue[] = [
    { label: 'NUL', value: `${base}\u0000` },
    { label: 'NUL alone', value: '\u0000' },
    { label: '100 kB', value: LONG },
    ...BAD_NUMBERS.map((v) => ({ label: `wrong type ${v}`, value: v })),
  ];
  const kind = kindOf(name, schema);
  if (kind === 'date' || kind === 'day') values.push(...BAD_DATES.map((v) => ({ label: `date ${v}`, value: v })));
  if (kind === 'month') values.push(...BAD_MONTHS.map((v) => ({ label: `month ${v}`, value: v })));
  return values;
}

/** Bad values for a JSON body field. */
function badBodyValues(name: string, schema: JsonSchema): BadValue[] {
  const type = typeOf(schema);
  const values: BadValue[] = [
    { label: 'null', value: null },
    { label: 'object', value: { a: 1 } },
    { label: 'array', value: ['x'] },
  ];
  if (type === 'number' || type === 'integer') {
    values.push({ label: 'string', value: 'abc' }, { label: 'huge', value: 1e300 }, { label: 'negative', value: -1 }, { label: 'fraction', value: 1.5 });
  } else {
    values.push(...badTextValues(name, schema), { label: 'number', value: 12345 }, { label: 'boolean', value: true });
  }
  return values;
}

// ---------------------------------------------------------------- requests

interface Probe {
  op: Op;
  what: string;
  pathValues: Record<string, string>;
  /** Raw (already encoded) path segment values, e.g. a malformed `%zz`. */
  rawPath?: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  headers?: Record<string, string>;
}

function urlOf(probe: Probe): string {
  let url = probe.op.path.replace(/\{(\w+)\}/g, (_m, name: string) => probe.rawPath?.[name] ?? encodeURIComponent(probe.pathValues[name] ?? '1'));
  const query = Object.entries(probe.query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  if (query) url += `?${query}`;
  return url;
}

function isProblem(res: LightMyRequestResponse): boolean {
  return String(res.headers['content-type'] ?? '').startsWith('application/problem+json');
}

/** Plausible path values for an operation (records of the fixture brokerage where it matters). */
function pathValuesOf(op: Op, ids: { otherUserId: string; reportId: string; settingKey: string }): Record<string, string> {
  const values: Record<string, string> = {};
  for (const p of op.pathParams) {
    if (p.name === 'id' && op.path.startsWith('/api/admin/users')) values.id = ids.otherUserId;
    else if (p.name === 'id' && op.path.startsWith('/api/reports')) values.id = ids.reportId;
    else if (p.name === 'key') values.key = ids.settingKey;
    else values[p.name] = plausibleString(p.name, p.schema ?? {});
  }
  return values;
}

/** Every probe with one bad value in one field; the other fields stay plausible. */
function probesOf(op: Op, pathValues: Record<string, string>): Probe[] {
  const probes: Probe[] = [];
  const body = op.body ? example('body', op.body) : undefined;
  const base = { op, pathValues, query: {}, body };
  for (const p of op.pathParams) {
    for (const bad of badTextValues(p.name, p.schema ?? {})) {
      probes.push({ ...base, what: `path.${p.name} ${bad.label}`, pathValues: { ...pathValues, [p.name]: String(bad.value) } });
    }
    probes.push({ ...base, what: `path.${p.name} malformed escape`, rawPath: { [p.name]: '%zz' } });
  }
  for (const p of op.query) {
    for (const bad of badTextValues(p.name, p.schema ?? {})) probes.push({ ...base, what: `query.${p.name} ${bad.label}`, query: { [p.name]: String(bad.value) } });
  }
  if (op.method === 'GET') probes.push({ ...base, what: 'query unknown parameter', query: { zzUnknown: '1' } });
  if (op.body && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const props = variant(op.body).properties ?? {};
    for (const [name, schema] of Object.entries(props)) {
      for (const bad of badBodyValues(name, schema)) probes.push({ ...base, what: `body.${name} ${bad.label}`, body: { ...body, [name]: bad.value } });
    }
    probes.push({ ...base, what: 'body NUL in an unknown field', body: { ...body, 'zz\u0000': '\u0000' } });
    probes.push({ ...base, what: 'body is an array', body: [body] });
    probes.push({ ...base, what: 'body is a string', body: 'x\u0000' });
  }
  return probes;
}

/** The report parameters (interfaces.md "Reports"), each with a plausible value. */
const REPORT_PARAMS: Record<string, Record<string, string>> = {
  'customer-assets': { openFrom: '2025-01-01', openTo: '2025-06-13', from: '2025-06-01', to: '2025-06-13' },
  'commission-rate': { monthFrom: '2025-05', monthTo: '2025-06' },
  'asset-extremes': { from: '2025-06-01', to: '2025-06-13' },
  'trading-stats': { monthFrom: '2025-05', monthTo: '2025-06', groupBy: 'branch' },
  'customer-ranking': { from: '2025-06-01', to: '2025-06-13', by: 'volume', limit: '10' },
  'tier-distribution': { date: '2025-06-13' },
  'asset-trend': { months: '6' },
  'staff-monthly': { month: '2025-06' },
  'team-marketing': { team: 'T11', branch: 'B01', openFrom: '2025-01-01', openTo: '2025-06-13', monthFrom: '2025-05', monthTo: '2025-06' },
  'relationship-assets': { date: '2025-06-13' },
};

function reportProbes(reportsOp: Op): Probe[] {
  const probes: Probe[] = [];
  for (const [id, params] of Object.entries(REPORT_PARAMS)) {
    const pathValues = { id };
    for (const name of Object.keys(params)) {
      for (const bad of badTextValues(name, {})) {
        probes.push({ op: reportsOp, what: `report ${id} ${name} ${bad.label}`, pathValues, query: { ...params, [name]: String(bad.value) }, body: undefined });
      }
    }
  }
  return probes;
}

// ---------------------------------------------------------------- the run

let ops: Op[] = [];
let ids = { otherUserId: '', reportId: 'customer-assets', settingKey: '' };
const counts = { requests: 0, status4xx: 0, status2xx: 0 };

beforeAll(async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApiDocument>();
  ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const parameters = operation.parameters ?? [];
      return {
        method: method.toUpperCase() as HttpMethod,
        path,
        query: parameters.filter((p) => p.in === 'query'),
        pathParams: parameters.filter((p) => p.in === 'path'),
        body: operation.requestBody?.content?.['application/json']?.schema,
        customerRealm: (operation.security ?? []).some((s) => 'customerSession' in s),
      };
    }),
  );
  // Logging out or changing the admin would end the run's session: keep it for last and act on another user.
  ops.sort((a, b) => Number(a.path === '/api/auth/logout') - Number(b.path === '/api/auth/logout'));
  const other = await t.db.pool.query<{ id: string }>(`select id::text from users where username = 'broker2'`);
  ids = { otherUserId: other.rows[0]!.id, reportId: 'customer-assets', settingKey: 'importChecks' };
});

/** The admin's session cookie, logging in again when a probe ended it (logout, a password reset …). */
async function adminCookie(): Promise<string> {
  const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: t.cookies.admin! } });
  if (me.statusCode === 401) t.cookies.admin = await sessionCookie(t.app, 'admin');
  return t.cookies.admin!;
}

/** Sends each probe; returns a line for every answer that breaks the rules. */
async function run(probes: readonly Probe[], session: 'admin' | 'none', check: (res: LightMyRequestResponse, probe: Probe) => string | null): Promise<string[]> {
  const failures: string[] = [];
  let lastOp: Op | undefined;
  let cookie = '';
  for (const probe of probes) {
    if (session === 'admin' && probe.op !== lastOp) cookie = await adminCookie();
    lastOp = probe.op;
    const request: InjectOptions = {
      method: probe.op.method,
      url: urlOf(probe),
      // Another address than the admin's own logins: failed logins must not throttle them.
      remoteAddress: '203.0.113.7',
      headers: { 'accept-language': 'en', ...(session === 'admin' ? { cookie } : {}), ...probe.headers },
    };
    if (probe.body !== undefined) request.payload = JSON.stringify(probe.body);
    if (probe.body !== undefined && !probe.headers?.['content-type']) request.headers = { ...request.headers, 'content-type': 'application/json' };
    const res = await t.app.inject(request);
    counts.requests += 1;
    if (res.statusCode >= 400 && res.statusCode < 500) counts.status4xx += 1;
    if (res.statusCode < 300) counts.status2xx += 1;
    const problem = check(res, probe);
    if (problem) failures.push(`${probe.op.method} ${probe.op.path} [${session}] ${probe.what} → ${problem}`);
  }
  return failures;
}

/** No 5xx; every 4xx is problem+json. */
function sane(res: LightMyRequestResponse): string | null {
  if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 120)}`;
  if (res.statusCode >= 400 && !isProblem(res)) return `${res.statusCode} ${String(res.headers['content-type'])} ${res.body.slice(0, 120)}`;
  return null;
}

function allProbes(): Probe[] {
  const probes = ops.flatMap((op) => probesOf(op, pathValuesOf(op, ids)));
  const reportsOp = ops.find((op) => op.path === '/api/reports/{id}');
  return reportsOp ? [...probes, ...reportProbes(reportsOp)] : probes;
}

describe('every operation of /api/openapi.json', () => {
  it('lists the operations this test relies on', () => {
    expect(ops.length).toBeGreaterThanOrEqual(50);
    expect(ops.map((op) => `${op.method} ${op.path}`)).toEqual(expect.arrayContaining(['POST /api/auth/login', 'GET /api/payroll/months/{month}', 'POST /api/payroll/months/{month}/lock', 'GET /api/reports/{id}']));
  });

  it('answers bad input without a session with a 4xx problem+json, never a 5xx', async () => {
    const failures = await run(allProbes(), 'none', sane);
    expect(failures).toEqual([]);
  });

  it('answers bad input from the admin with a 4xx problem+json, never a 5xx', async () => {
    const failures = await run(allProbes(), 'admin', sane);
    expect(failures).toEqual([]);
  });

  it('refuses a NUL byte in any field with a 422 naming the field, before login', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '203.0.113.8',
      headers: { 'accept-language': 'en' },
      payload: { username: 'a\u0000', password: 'whatever it is' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'username', message: 'must not contain a NUL character (\\u0000)' }] });
  });

  it('treats a NUL byte or 100 kB in the session cookie or bearer token as no login (401)', async () => {
    for (const headers of [{ cookie: 'crm_session=a%00b' }, { cookie: `crm_session=${LONG.slice(0, 8000)}` }, { authorization: 'Bearer a%00b' }, { authorization: `Bearer ${LONG.slice(0, 8000)}` }]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/me', headers });
      expect({ headers: Object.keys(headers), status: res.statusCode, problem: isProblem(res) }).toEqual({ headers: Object.keys(headers), status: 401, problem: true });
    }
  });

  it('refuses months and dates of year 0000 with 422', async () => {
    const cookie = await adminCookie();
    for (const url of ['/api/payroll/months/0000-01', '/api/staff/S001/indicators?monthFrom=0000-01', '/api/reports/tier-distribution?date=0000-01-01', '/api/audit?from=0000-01-01']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      expect({ url, status: res.statusCode, problem: isProblem(res) }).toEqual({ url, status: 422, problem: true });
    }
  });

  it('refuses unknown report and list parameters with 422 naming them', async () => {
    const cookie = await adminCookie();
    const cases: [string, string][] = [
      ['/api/reports/tier-distribution?date=2025-06-13&colour=red', 'colour'],
      ['/api/reports/asset-trend?month=2025-06', 'month'],
      ['/api/reports/customer-assets?openFrom=2025-01-01&openTo=2025-06-13&from=2025-06-01&to=2025-06-13&format=json&limit=5', 'limit'],
      ['/api/customers?pagesize=5', 'pagesize'],
      ['/api/relationships?staff=S001', 'staff'],
    ];
    for (const [url, field] of cases) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie, 'accept-language': 'en' } });
      expect({ url, status: res.statusCode, errors: res.json<{ errors?: unknown }>().errors }).toEqual({ url, status: 422, errors: [{ field, message: 'unknown parameter' }] });
    }
    const known = await t.app.inject({ method: 'GET', url: '/api/reports/tier-distribution?date=2025-06-13&format=json', headers: { cookie } });
    expect(known.statusCode).toBe(200);
  });

  it('answers a state change from a foreign Origin with 403, whatever the operation', async () => {
    const probes = ops
      .filter((op) => STATE_CHANGING.has(op.method))
      .map((op): Probe => ({
        op,
        what: 'foreign Origin',
        pathValues: pathValuesOf(op, ids),
        query: {},
        body: op.body ? example('body', op.body) : undefined,
        headers: { origin: 'http://evil.example' },
      }));
    expect(probes.length).toBeGreaterThanOrEqual(20);
    const withSession = await run(probes, 'admin', (res) => (res.statusCode === 403 && isProblem(res) && res.json<{ code: string }>().code === 'CROSS_SITE_REQUEST' ? null : `${res.statusCode} ${res.body.slice(0, 120)}`));
    const without = await run(probes, 'none', (res) => (res.statusCode === 403 && isProblem(res) ? null : `${res.statusCode} ${res.body.slice(0, 120)}`));
    expect([...withSession, ...without]).toEqual([]);
  });

  it('answers a text/plain state change with 415 before it reaches a handler', async () => {
    const probes = ops
      .filter((op) => STATE_CHANGING.has(op.method))
      .map((op): Probe => ({ op, what: 'text/plain', pathValues: pathValuesOf(op, ids), query: {}, body: 'x', headers: { 'content-type': 'text/plain' } }));
    // the customer realm answers a staff session 401 before it reads the body (customer-space.test.ts covers its own bodies)
    const failures = await run(probes, 'admin', (res, probe) => (res.statusCode === (probe.op.customerRealm ? 401 : 415) && isProblem(res) ? null : `${res.statusCode} ${res.body.slice(0, 120)}`));
    expect(failures).toEqual([]);
  });

  it('reports how many requests it sent', () => {
    // A record for the change notes, and a guard that the run above did not shrink to nothing.
    console.info(`robustness: ${counts.requests} requests, ${counts.status4xx} 4xx, ${counts.status2xx} 2xx`);
    expect(counts.requests).toBeGreaterThan(2000);
  });
});
