import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../test/harness.js';
import { expectProblem } from '../test/problem.js';
import { buildApp } from './app.js';
import { badRequest } from './errors.js';

let db: TestDb;
let app: FastifyInstance;

beforeAll(async () => {
  db = await createTestDb();
  app = await buildApp({ pool: db.pool, webRoot: '/nonexistent' });
  app.get('/api/test/boom', async () => {
    throw new Error('secret internals: password=hunter2');
  });
  app.get('/api/test/bad', async () => {
    throw badRequest('BAD_THING', '坏了。', 'Broken.');
  });
  app.post('/api/test/echo', async (request) => request.body);
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

describe('OpenAPI', () => {
  it('serves a document listing the routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/auth/logout', '/api/me', '/api/auth/tokens', '/api/auth/tokens/{id}', '/api/audit', '/api/customers', '/api/customers/{customerNo}']),
    );
    expect(Object.keys(doc.paths)).not.toContain('/api/openapi.json');
    const list = doc.paths['/api/customers'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'branch', 'tier', 'lifecycle', 'page', 'pageSize', 'sort']));
    expect(list.responses['200'].content['application/json'].schema.properties.items.items.properties.totalAsset.type).toBe('string');
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
    expect(doc.components.securitySchemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: 'crm_session' });
  });
});

describe('problem+json', () => {
  it('answers an unknown API route with 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nope?x=1' });
    expectProblem(res, { status: 404, code: 'ROUTE_NOT_FOUND', title: '未找到', detail: '没有这个接口：GET /api/nope', instance: '/api/nope' });
  });

  it('hides the internals of an unexpected error behind a 500', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/boom', headers: { 'accept-language': 'en' } });
    expectProblem(res, { status: 500, code: 'INTERNAL', title: 'Internal server error', detail: 'Internal server error; please try again later.', instance: '/api/test/boom' });
    expect(res.body).not.toContain('hunter2');
  });

  it('maps an AppError thrown by a route', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/bad' });
    expect(res.json()).toMatchObject({ status: 400, code: 'BAD_THING', detail: '坏了。', title: '请求格式错误' });
  });

  it('answers malformed JSON with 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/test/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toMatchObject({ status: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY', detail: '请求格式错误。' });
  });
});

describe('request logs', () => {
  it('leave out query strings, which may hold a mobile or ID number', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logged = await buildApp({ pool: db.pool, log: { level: 'info', stream }, webRoot: '/nonexistent' });
    await logged.inject({ method: 'GET', url: '/api/customers?q=13812345678' });
    await logged.close();
    expect(lines.join('')).toContain('"url":"/api/customers"');
    expect(lines.join('')).not.toContain('13812345678');
  });
});

describe('the web UI', () => {
  it('without a build, / says that the API is running', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('The API is running');
    expect(res.body).toContain('href="/api/openapi.json"');
  });

  describe('with a build', () => {
    let webRoot: string;
    let webApp: FastifyInstance;
    beforeAll(async () => {
      webRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-web-'));
      await fs.mkdir(path.join(webRoot, 'assets'));
      await fs.writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>QuanCRM SPA</title>');
      await fs.writeFile(path.join(webRoot, 'assets', 'app.js'), 'console.log(1)');
      await fs.writeFile(path.join(webRoot, 'assets', 'app.js.br'), brotliCompressSync('console.log(1)'));
      webApp = await buildApp({ pool: db.pool, webRoot });
    });
    afterAll(async () => {
      await webApp.close();
      await fs.rm(webRoot, { recursive: true, force: true });
    });

    it('serves files, and index.html for client-side routes', async () => {
      expect((await webApp.inject({ method: 'GET', url: '/' })).body).toContain('QuanCRM SPA');
      expect((await webApp.inject({ method: 'GET', url: '/assets/app.js' })).body).toBe('console.log(1)');
      const deep = await webApp.inject({ method: 'GET', url: '/customers/C0001' });
      expect(deep.statusCode).toBe(200);
      expect(deep.body).toContain('QuanCRM SPA');
    });

    it('sends the pre-compressed copy to a browser that accepts it; hashed assets are cached for good, index.html revalidated', async () => {
      const br = await webApp.inject({ method: 'GET', url: '/assets/app.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe('console.log(1)');
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      // No .gz copy: plain file.
      const gz = await webApp.inject({ method: 'GET', url: '/assets/app.js', headers: { 'accept-encoding': 'gzip' } });
      expect([gz.headers['content-encoding'], gz.body]).toEqual([undefined, 'console.log(1)']);
      expect((await webApp.inject({ method: 'GET', url: '/' })).headers['cache-control']).toBe('no-cache');
      expect((await webApp.inject({ method: 'GET', url: '/customers/C0001' })).headers['cache-control']).toBe('no-cache');
    });

    it('still answers unknown API routes with problem+json', async () => {
      const res = await webApp.inject({ method: 'GET', url: '/api/nope' });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('ROUTE_NOT_FOUND');
    });
  });
});
