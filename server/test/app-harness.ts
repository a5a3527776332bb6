/**
 * The HTTP test set-up shared by the route tests: a fresh test database, whatever a test file
 * puts in it, the app built on it, and logged-in session cookies.
 *
 *   const t = useTestApp({ seed: withBrokerage(), sessions: ['admin', 'broker1'] });
 *   ... t.call('admin', 'GET', '/api/...'); t.db.pool.query(...); await t.login('broker2');
 *
 * `useTestApp` registers the beforeAll/afterAll hooks itself; `createTestApp` is the same without hooks.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { FIXED_NOW, insertBrokerage, insertLogins, sessionCookie } from './fixtures.js';
import { createTestDb, type TestDb, useBeforeAll } from './harness.js';

export interface TestAppOptions {
  /** The app's clock; FIXED_NOW unless given. */
  now?: () => Date;
  /** Fills the fresh database before the app is built. */
  seed?: (db: TestDb) => Promise<void>;
  /** Usernames logged in once the app is up; their cookies are in `cookies`. */
  sessions?: readonly string[];
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface TestApp {
  readonly db: TestDb;
  readonly app: FastifyInstance;
  /** Session cookies (`crm_session=…`) by username, for the `sessions` of the options. */
  readonly cookies: Record<string, string>;
  /** Logs in through the API and returns the session cookie. */
  login(username: string, password?: string): Promise<string>;
  /** Injects a request with the stored session cookie of `username` (plus any extra headers). */
  call(username: string, method: Method, url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** A seed with the fixture brokerage and the given logins (all of them by default). */
export function withBrokerage(usernames?: readonly string[]): (db: TestDb) => Promise<void> {
  return async (db) => {
    await insertBrokerage(db.pool);
    await insertLogins(db.pool, usernames);
  };
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDb();
  let app: FastifyInstance | undefined;
  try {
    await opts.seed?.(db);
    app = await buildApp({ pool: db.pool, now: opts.now ?? (() => FIXED_NOW) });
    const built = app;
    const cookies: Record<string, string> = {};
    for (const username of opts.sessions ?? []) cookies[username] = await sessionCookie(built, username);
    return {
      db,
      app: built,
      cookies,
      login: (username, password) => sessionCookie(built, username, password),
      call(username, method, url, payload, headers = {}) {
        const request: InjectOptions = { method, url, headers: { cookie: cookies[username]!, ...headers } };
        if (payload !== undefined) request.payload = payload as InjectOptions['payload'];
        return built.inject(request);
      },
      async close() {
        await built.close();
        await db.drop();
      },
    };
  } catch (err) {
    await app?.close();
    await db.drop();
    throw err;
  }
}

/** createTestApp in this file's beforeAll, closed in its afterAll; the handle works from beforeAll on. */
export function useTestApp(opts: TestAppOptions = {}): TestApp {
  return useBeforeAll('useTestApp', () => createTestApp(opts), (t) => t.close(), ['login', 'call', 'close']);
}
