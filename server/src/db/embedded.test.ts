/**
 * The embedded server's start-up chores: a second start reuses the data, and a postmaster.pid
 * left by a crash (its process gone) does not stop the next start.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded } from './embedded.js';

describe('embedded PostgreSQL', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps its data across starts and recovers from an orphaned postmaster.pid', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-embedded-'));
    const first = await startEmbedded({ dataDir: dir, log: () => undefined });
    const c1 = new pg.Client({ connectionString: first.url });
    await c1.connect();
    await c1.query('create table kept (v text)');
    await c1.query(`insert into kept values ('still here')`);
    await c1.end();
    await first.stop();

    // a crash leaves postmaster.pid naming a process that no longer exists
    const pidFile = path.join(dir, 'pg', 'postmaster.pid');
    await fs.writeFile(pidFile, '999999\n' + path.join(dir, 'pg') + '\n1700000000\n5432\n\n127.0.0.1\n');
    const notices: string[] = [];
    const second = await startEmbedded({ dataDir: dir, log: (m) => notices.push(m) });
    try {
      expect(notices.join('\n')).toMatch(/Removing orphaned .*postmaster\.pid/);
      const c2 = new pg.Client({ connectionString: second.url });
      await c2.connect();
      const { rows } = await c2.query('select v from kept');
      await c2.end();
      expect(rows).toEqual([{ v: 'still here' }]);
    } finally {
      await second.stop();
    }
  });
});
