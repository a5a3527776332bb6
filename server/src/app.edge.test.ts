/**
 * The edge of the HTTP application (app.ts `hardenEdge`, `answerClientError`, `frameworkErrors`):
 * CSRF, media types, NUL characters, unknown query parameters, security headers, and the requests
 * that Node's parser or Fastify's router refuse before any route runs.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDb, type TestDb } from '../test/harness.js';
import { buildApp } from './app.js';

// One trusted proxy hop in front (read once, at the first buildApp): X-Forwarded-Proto/-Host count from 127.0.0.1.
process.env.TRUST_PROXY = 'true';

const PROBLEM = 'application/problem+json; charset=utf-8';

let db: TestDb;
let app: FastifyInstance;

beforeAll(async () => {
  db = await createTestDb();
  app = await buildApp({ pool: db.pool, webRoot: '/nonexistent' });
  app.post('/api/test/echo', async (request) => ({ body: request.body ?? null }));
  app.get(
    '/api/test/params/:p',
    { schema: { params: z.object({ p: z.string() }), querystring: z.object({ a: z.string().optional(), b: z.string().optional() }) } },
    async (request) => ({ params: request.params, query: request.query }),
  );
  app.get('/api/test/loose', { schema: { querystring: z.looseObject({ a: z.string().optional() }) } }, async (request) => request.query);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

function post(headers: Record<string, string>, payload: unknown = { a: 1 }) {
  return app.inject({ method: 'POST', url: '/api/test/echo', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });
}

describe('a state change from another site (CSRF)', () => {
  it('is refused with 403 when its Origin is another host, or null', async () => {
    for (const origin of ['http://evil.example', 'http://localhost:8080', 'null', 'not a url']) {
      const res = await post({ origin, 'accept-language': 'en' });
      expect({ origin, status: res.statusCode, type: res.headers['content-type'] }).toEqual({ origin, status: 403, type: PROBLEM });
      expect(res.json()).toMatchObject({ code: 'CROSS_SITE_REQUEST', detail: 'A change sent from another site is refused.' });
    }
  });

  it('is refused with 403 when the browser says cross-site or same-site, whatever the Origin', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const res = await post({ 'sec-fetch-site': site, origin: 'http://localhost:80' });
      expect({ site, status: res.statusCode }).toEqual({ site, status: 403 });
    }
  });

  it('passes from the same origin: Origin = Host (default ports alike), X-Forwarded-Host from the trusted proxy, or Sec-Fetch-Site same-origin', async () => {
    const cases: Record<string, string>[] = [
      { origin: 'http://localhost' }, // inject's Host is localhost:80
      { origin: 'http://localhost:80' },
      { host: 'crm.example.com', origin: 'https://crm.example.com' },
      { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' },
      { host: 'internal:3000', 'x-forwarded-host': 'crm.example.com', origin: 'https://crm.example.com' },
      { 'sec-fetch-site': 'same-origin', origin: 'http://localhost' },
      { 'sec-fetch-site': 'none' },
    ];
    for (const headers of cases) {
      const res = await post(headers);
      expect({ headers, status: res.statusCode }).toEqual({ headers, status: 200 });
    }
  });

  it('passes without Origin and Sec-Fetch-Site (curl, integrations), and with a bearer token whatever the Origin', async () => {
    expect((await post({ cookie: 'crm_session=abc' })).statusCode).toBe(200);
    expect((await post({ authorization: 'Bearer t0ken', origin: 'http://evil.example' })).statusCode).toBe(200);
  });

  it('does not concern reads', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/params/x', headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(res.statusCode).toBe(200);
  });
});

describe('media types', () => {
  it('answers a text/plain body with 415 before the handler; a JSON body is read', async () => {
    const plain = await app.inject({ method: 'POST', url: '/api/test/echo', headers: { 'content-type': 'text/plain' }, payload: '{"a":1}' });
    expect([plain.statusCode, plain.headers['content-type'], plain.json().code]).toEqual([415, PROBLEM, 'FST_ERR_CTP_INVALID_MEDIA_TYPE']);
    const empty = await app.inject({ method: 'POST', url: '/api/test/echo', headers: { 'content-type': 'text/plain' } });
    expect(empty.statusCode).toBe(415);
    expect((await post({})).json()).toEqual({ body: { a: 1 } });
  });
});

describe('NUL characters', () => {
  it('are refused with 422 naming each field, in the body (values and keys), the query and the path', async () => {
    const body = await post({ 'accept-language': 'en' }, { name: 'a\u0000b', list: ['ok', '\u0000'], nested: { 'k\u0000': 1 } });
    expect(body.statusCode).toBe(422);
    expect(body.headers['content-type']).toBe(PROBLEM);
    const nul = 'must not contain a NUL character (\\u0000)';
    expect(body.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [
        { field: 'list.1', message: nul },
        { field: 'name', message: nul },
        { field: 'nested.k\\u0000', message: nul },
      ],
    });
    const query = await app.inject({ method: 'GET', url: '/api/test/params/x?a=%00', headers: { 'accept-language': 'en' } });
    expect([query.statusCode, query.json().errors]).toEqual([422, [{ field: 'a', message: nul }]]);
    const param = await app.inject({ method: 'GET', url: '/api/test/params/x%00y' });
    expect([param.statusCode, param.json().errors]).toEqual([422, [{ field: 'p', message: '不能包含空字符 (\\u0000)' }]]);
  });
});

describe('unknown query parameters', () => {
  it('are refused with 422 naming them, beside the other bad fields', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/params/x?a=1&pagesize=5&_=123', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { field: 'pagesize', message: 'unknown parameter' },
      { field: '_', message: 'unknown parameter' },
    ]);
    expect((await app.inject({ method: 'GET', url: '/api/test/params/x?a=1&b=2' })).json()).toEqual({ params: { p: 'x' }, query: { a: '1', b: '2' } });
  });

  it('pass where a route keeps them on purpose (z.looseObject)', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/test/loose?a=1&other=2' })).json()).toEqual({ a: '1', other: '2' });
  });
});

describe('security headers', () => {
  it('are on every API answer, which is never cached; HSTS only over TLS', async () => {
    for (const res of [await post({}), await app.inject({ method: 'GET', url: '/api/nope' }), await app.inject({ method: 'GET', url: '/api/openapi.json' })]) {
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
      );
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    const tls = await app.inject({ method: 'GET', url: '/api/nope', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('are on the web UI too, whose files keep their own caching', async () => {
    const webRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-web-'));
    await fs.mkdir(path.join(webRoot, 'assets'));
    await fs.writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>QuanCRM SPA</title>');
    await fs.writeFile(path.join(webRoot, 'assets', 'app.js'), 'console.log(1)');
    const webApp = await buildApp({ pool: db.pool, webRoot });
    try {
      const asset = await webApp.inject({ method: 'GET', url: '/assets/app.js' });
      expect([asset.headers['cache-control'], asset.headers['x-frame-options'], asset.headers['x-content-type-options']]).toEqual(['public, max-age=31536000, immutable', 'DENY', 'nosniff']);
      const page = await webApp.inject({ method: 'GET', url: '/customers' });
      expect([page.headers['cache-control'], page.headers['content-security-policy']?.includes("script-src 'self'")]).toEqual(['no-cache', true]);
    } finally {
      await webApp.close();
      await fs.rm(webRoot, { recursive: true, force: true });
    }
  });
});

describe('what the router refuses before any route', () => {
  it('answers a path parameter over 100 characters with 414 problem+json', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/test/params/${'x'.repeat(101)}` });
    expect([res.statusCode, res.headers['content-type'], res.json().code]).toEqual([414, PROBLEM, 'FST_ERR_MAX_PARAM_LENGTH']);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a malformed %-escape with 400 problem+json', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/params/%zz' });
    expect([res.statusCode, res.headers['content-type'], res.json().code]).toEqual([400, PROBLEM, 'FST_ERR_BAD_URL']);
  });
});

describe("what Node's HTTP parser refuses", () => {
  /** Sends `raw` to the listening app and returns the whole answer. */
  async function rawRequest(raw: string): Promise<string> {
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return new Promise((resolve, reject) => {
      const socket = net.connect(address.port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
      socket.write(raw);
    });
  }

  beforeAll(async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
  });

  it('answers headers over 16 kB with 431 problem+json', async () => {
    const answer = await rawRequest(`GET /api/me HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`);
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(head.toLowerCase()).toContain(`content-type: ${PROBLEM}`);
    expect(JSON.parse(body)).toMatchObject({ status: 431, code: 'REQUEST_HEADERS_TOO_LARGE', title: '请求头过大' });
  });

  it('answers a URL over 16 kB with 431 problem+json, and a malformed request with 400', async () => {
    const long = await rawRequest(`GET /api/customers?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    expect(long.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    const bad = await rawRequest('NOT HTTP AT ALL\r\n\r\n');
    expect(bad.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(bad.split('\r\n\r\n')[1] ?? '')).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });
});
