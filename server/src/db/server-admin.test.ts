import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, databaseUrl } from './server-admin.js';

const adminUrl = inject('adminUrl');
const admin = new pg.Pool({ connectionString: adminUrl, max: 1 });
afterAll(async () => {
  await admin.end();
});

const freshName = () => `quancrm_t_sa_${randomBytes(4).toString('hex')}`;
async function exists(name: string): Promise<boolean> {
  return (await admin.query(`select 1 from pg_database where datname = $1`, [name])).rowCount === 1;
}

describe('databaseUrl', () => {
  it('keeps the server, credentials and options, and names another database', () => {
    expect(databaseUrl('postgres://crm:pw@db.local:5433/crm?sslmode=disable', 'other')).toBe('postgres://crm:pw@db.local:5433/other?sslmode=disable');
  });
});

describe('createDatabase', () => {
  it('copies the template, gives a pool and URL on the new database, and drop() removes it', async () => {
    const name = freshName();
    const db = await createDatabase(adminUrl, name, { template: inject('templateDb'), max: 2 });
    expect(new URL(db.url).pathname).toBe(`/${name}`);
    const { rows } = await db.pool.query(`select current_database() as name, (select count(*) from schema_migrations) > 0 as migrated`);
    expect(rows).toEqual([{ name, migrated: true }]);
    expect(db.pool.options.max).toBe(2);
    await db.drop();
    expect(await exists(name)).toBe(false);
    expect(db.pool.ended).toBe(true);
  });

  it('creates an empty database, and replaces a left-over one of the same name only when asked', async () => {
    const name = freshName();
    const first = await createDatabase(adminUrl, name, { max: 1 });
    await first.pool.query(`create table left_over (x int)`);
    await first.pool.end();
    await expect(createDatabase(adminUrl, name, { max: 1 })).rejects.toThrow(/already exists/);
    const second = await createDatabase(adminUrl, name, { max: 1, replace: true });
    const { rows } = await second.pool.query(`select count(*)::int as n from pg_tables where tablename = 'left_over'`);
    expect(rows).toEqual([{ n: 0 }]);
    await second.drop();
    expect(await exists(name)).toBe(false);
  });
});
