/**
 * Test databases: each call clones the migrated template into a fresh database on the test
 * server (see global-setup.ts) and returns a pool on it; `drop()` removes it. `useTestDb` and
 * `useTempDir` do the same in the beforeAll/afterAll hooks of the file or describe block that calls them
 * (through `useBeforeAll`).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import '../src/db/database.js'; // type parsers: numeric, int8 and date as strings
import { createDatabase, type ServerDatabase } from '../src/db/server-admin.js';

export type TestDb = ServerDatabase;

export function createTestDb(): Promise<TestDb> {
  return createDatabase(inject('adminUrl'), `quancrm_t_${randomBytes(5).toString('hex')}`, { template: inject('templateDb'), max: 5 });
}

/**
 * Makes a value with `create` in the beforeAll of the calling file or describe block and disposes of it
 * in its afterAll. The handle returned at once reads every property through to that value, so a
 * test file can hold it in a const from the start; read before beforeAll has run, it throws, except
 * for the `methods`, which may be taken early (`const { call } = t`) and reach the value when called.
 */
export function useBeforeAll<T extends object>(what: string, create: () => Promise<T>, dispose: (value: T) => Promise<void>, methods: readonly (keyof T)[] = []): T {
  let current: T | undefined;
  const get = (): T => {
    if (!current) throw new Error(`${what}: used before beforeAll has run`);
    return current;
  };
  beforeAll(async () => {
    current = await create();
  });
  afterAll(async () => {
    if (current) await dispose(current);
  });
  return new Proxy({} as T, {
    get(_handle, property) {
      if (methods.includes(property as keyof T)) {
        return (...args: unknown[]) => (Reflect.get(get(), property) as (...a: unknown[]) => unknown).apply(get(), args);
      }
      const value: unknown = Reflect.get(get(), property);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

/** A fresh test database from beforeAll on (filled by `seed` if given), dropped in afterAll. */
export function useTestDb(seed?: (db: TestDb) => Promise<void>): TestDb {
  return useBeforeAll('useTestDb', async () => {
    const db = await createTestDb();
    try {
      await seed?.(db);
    } catch (err) {
      await db.drop();
      throw err;
    }
    return db;
  }, (db) => db.drop(), ['drop']);
}

/** A fresh temporary folder (its name starts with `prefix`) from beforeAll on, removed in afterAll. */
export function useTempDir(prefix: string): { readonly path: string } {
  return useBeforeAll('useTempDir', async () => ({ path: await fs.mkdtemp(path.join(os.tmpdir(), prefix)) }), (dir) => fs.rm(dir.path, { recursive: true, force: true }));
}
