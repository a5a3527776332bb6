/**
 * A first start builds the demo only into an empty database: one whose migrations created nothing but
 * system logins (users.system, e.g. the customer space's recorder of migration 0041) is still empty, and
 * an unfinished demo with such a login may still be wiped and built again.
 */
import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/harness.js';
import { isEmptyDatabase, onlyUnfinishedDemo } from './seed.js';

const db = useTestDb();

describe('isEmptyDatabase and onlyUnfinishedDemo', () => {
  it('count the system logins of the migrations as schema, a real login as data', async () => {
    await db.pool.query(`insert into users (username, password_hash, role, disabled, system) values ('robot', '!', 'HQ', true, true)`);
    expect((await db.pool.query(`select count(*)::int as n from users where system`)).rows[0].n).toBeGreaterThanOrEqual(1);
    expect(await isEmptyDatabase(db.pool)).toBe(true);
    expect(await onlyUnfinishedDemo(db.pool)).toBe(true);
    await db.pool.query(`insert into users (username, password_hash, role) values ('ops', 'x', 'ADMIN')`);
    expect(await isEmptyDatabase(db.pool)).toBe(false);
    expect(await onlyUnfinishedDemo(db.pool)).toBe(false);
  });
});
