import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { expectProblem } from '../../../test/problem.js';
import { buildApp } from '../../app.js';
import { StartupState } from './startup.state.js';

let db: TestDb;
let app: FastifyInstance;
let plain: FastifyInstance;
let webRoot: string;
let nowMs = 1_000_000;
const state = new StartupState('PREPARING', () => nowMs);

beforeAll(async () => {
  db = await createTestDb();
  webRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-web-'));
  await fs.writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>QuanCRM</title><div id="root"></div>');
  app = await buildApp({ pool: db.pool, webRoot, startup: state });
  plain = await buildApp({ pool: db.pool, webRoot: '/nonexistent' });
  // the build: 120 days planned, 30 imported in 60 s (one every 2 s)
  state.enter('GENERATING', 120);
  for (let day = 1; day <= 30; day++) {
    nowMs += 2000;
    state.dayImported();
  }
});
afterAll(async () => {
  await app.close();
  await plain.close();
  await db.drop();
  await fs.rm(webRoot, { recursive: true, force: true });
});

// (120 − 30 days + 15 org units) × 2 s + 1 = 211 s
const building = { ready: false, stage: 'IMPORTING', daysImported: 30, daysTotal: 120, secondsElapsed: 60, secondsLeft: 211 };

describe('while the demo is being built', () => {
  it('answers every API route 503 problem+json with the progress and a Retry-After', async () => {
    const me = await app.inject({ method: 'GET', url: '/api/me' });
    expect(me.headers['retry-after']).toBe('10');
    const detail = '正在生成演示数据（已导入 30/120 个交易日，约 211 秒后完成），请稍后再试。';
    expectProblem(me, { status: 503, code: 'DEMO_BUILDING', title: '服务暂不可用', detail, instance: '/api/me', ...building });

    const login = await app.inject({
      method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 'admin', password: 'demo2026' },
    });
    expect(login.statusCode).toBe(503);
    expect(login.json()).toMatchObject({
      title: 'Service unavailable',
      detail: 'The demo brokerage is being built (30/120 trading days imported, about 211 s left); please try again shortly.',
      ...building,
    });
    expect((await app.inject({ method: 'GET', url: '/api/no-such-route' })).statusCode).toBe(503);
    expect((await app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(503);
  });

  it('answers GET /api/status with the same progress', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/status' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual(building);
  });

  it('serves the web UI (index.html for the progress page)', async () => {
    const page = await app.inject({ method: 'GET', url: '/customers' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<div id="root">');
  });

  it('estimates without a pace as null and asks to retry in 5 s', async () => {
    const early = new StartupState('PREPARING', () => 0);
    early.enter('GENERATING', 5);
    const gated = await buildApp({ pool: db.pool, webRoot: '/nonexistent', startup: early });
    try {
      const res = await gated.inject({ method: 'GET', url: '/api/me' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({
        detail: '正在生成演示数据（已导入 0/5 个交易日），请稍后再试。',
        ready: false, stage: 'GENERATING', daysImported: 0, daysTotal: 5, secondsElapsed: 0, secondsLeft: null,
      });
    } finally {
      await gated.close();
    }
  });
});

describe('while the database opens', () => {
  it('serves /api/status, the gate and the web UI without the modules’ routes', async () => {
    const early = await buildApp({ pool: db.pool, webRoot, startup: new StartupState('PREPARING', () => 0), gateOnly: true });
    try {
      expect((await early.inject({ method: 'GET', url: '/api/status' })).json()).toEqual({
        ready: false, stage: 'PREPARING', daysImported: 0, daysTotal: 0, secondsElapsed: 0, secondsLeft: null,
      });
      const me = await early.inject({ method: 'GET', url: '/api/me' });
      expect(me.statusCode).toBe(503);
      expect(me.json()).toMatchObject({ code: 'DEMO_BUILDING', stage: 'PREPARING' });
      expect((await early.inject({ method: 'GET', url: '/login' })).body).toContain('<div id="root">');
      expect(early.printRoutes()).not.toContain('customers');
    } finally {
      await early.close();
    }
  });
});

describe('once the demo is ready', () => {
  it('answers normally and says ready', async () => {
    nowMs += 40_000;
    state.enter('READY');
    const status = await app.inject({ method: 'GET', url: '/api/status' });
    expect(status.json()).toEqual({ ready: true, stage: 'READY', daysImported: 30, daysTotal: 120, secondsElapsed: 100, secondsLeft: 0 });
    const me = await app.inject({ method: 'GET', url: '/api/me' });
    expect(me.statusCode).toBe(401);
    expect(me.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('is ready at once without a start-up state, and documents /api/status in OpenAPI', async () => {
    const status = await plain.inject({ method: 'GET', url: '/api/status' });
    expect(status.json()).toEqual({ ready: true, stage: 'READY', daysImported: 0, daysTotal: 0, secondsElapsed: 0, secondsLeft: 0 });
    const doc = (await plain.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/status'].get;
    expect(op.security).toEqual([]);
    const schema = op.responses['200'].content['application/json'].schema;
    expect(schema.required).toEqual(['ready', 'stage', 'daysImported', 'daysTotal', 'secondsElapsed', 'secondsLeft']);
    expect(schema.properties.stage.enum).toEqual(['PREPARING', 'GENERATING', 'IMPORTING', 'ORG', 'LOGINS', 'READY']);
  });
});
