/**
 * The embedded server's start-up chores, on real PostgreSQL processes: a second start reuses the
 * data; a postmaster.pid left by a crash does not stop the next start; a data folder inside a
 * private (0700) folder works when running as root without loosening that folder; two opens share
 * one cluster (the last one stops it, two at once start it once); a postmaster whose users were
 * killed is stopped and started afresh.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, LOCATION_FILE, locationRecord, packagedBinaries, reachableBy, waitForExit } from './embedded-process.js';
import { discardEmbedded, RUN_FILE, startEmbedded } from './embedded.js';

const made: string[] = [];
afterEach(async () => {
  for (const dir of made.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});

/** A temporary folder with the given mode (mkdtemp makes 0700 folders). */
async function tempDir(mode: number): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-embedded-'));
  await fs.chmod(dir, mode);
  made.push(dir);
  return dir;
}

async function scalar(url: string, sql: string): Promise<unknown> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ v: unknown }>(sql);
    return rows[0]?.v;
  } finally {
    await c.end();
  }
}

async function runRecord(dataDir: string): Promise<{ postmaster: { pid: number }; users: Array<{ pid: number }> }> {
  return JSON.parse(await fs.readFile(path.join(dataDir, RUN_FILE), 'utf8')) as { postmaster: { pid: number }; users: Array<{ pid: number }> };
}

describe('embedded PostgreSQL', () => {
  it('keeps its data across starts and recovers from an orphaned postmaster.pid', async () => {
    const dir = await tempDir(0o755);
    const first = await startEmbedded({ dataDir: dir, log: () => undefined });
    await scalar(first.url, `create table kept as select 'still here'::text as v`);
    await first.stop();

    // a crash leaves postmaster.pid naming a process that no longer exists
    const pidFile = path.join(dir, 'pg', 'postmaster.pid');
    await fs.writeFile(pidFile, '999999\n' + path.join(dir, 'pg') + '\n1700000000\n5432\n\n127.0.0.1\n');
    const notices: string[] = [];
    const second = await startEmbedded({ dataDir: dir, log: (m) => notices.push(m) });
    try {
      expect(notices.join('\n')).toMatch(/Removing orphaned .*postmaster\.pid/);
      expect(await scalar(second.url, 'select v from kept')).toBe('still here');
    } finally {
      await second.stop();
    }
  });

  it('starts with CRM_DATA_DIR inside a private (0700) folder, without changing that folder', async () => {
    const privateDir = await tempDir(0o700);
    const dataDir = path.join(privateDir, 'data');
    const systemRoot = await tempDir(0o755);
    const systemDir = path.join(systemRoot, 'lib', 'quancrm');
    const notices: string[] = [];
    const first = await startEmbedded({ dataDir, systemDir, log: (m) => notices.push(m) });
    await scalar(first.url, `create table kept as select 'placed'::text as v`);
    await first.stop();

    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
    let placedHome: string | undefined;
    if (os.userInfo().uid === 0) {
      // root: PostgreSQL runs as 'postgres', who cannot enter the private folder; the binaries and the cluster are placed under systemDir
      const record = locationRecord.parse(JSON.parse(await fs.readFile(path.join(dataDir, LOCATION_FILE), 'utf8')));
      expect(record.clusterDir).toBe(path.join(record.home, 'pg'));
      placedHome = record.home;
      expect(path.dirname(record.home)).toBe(systemDir);
      const cluster = statSync(record.clusterDir);
      expect(cluster.mode & 0o777).toBe(0o700);
      expect(cluster.uid).not.toBe(0);
      // the binaries are copied only when the postgres user cannot reach the installed ones (a clone under /root)
      const packaged = await packagedBinaries();
      const who = { uid: cluster.uid, gid: cluster.gid };
      expect(record.binariesDir !== undefined).toBe(!(await reachableBy(path.join(packaged.dir, 'bin'), who)));
      if (record.binariesDir) {
        expect(record.binariesDir).toBe(path.join(record.home, `postgresql-${packaged.version}`));
        expect(statSync(path.join(record.binariesDir, 'bin', 'postgres')).mode & 0o777).toBe(0o755);
        expect(await reachableBy(path.join(record.binariesDir, 'bin'), who)).toBe(true);
      }
      expect(notices.filter((n) => n.includes('placed instead'))).toHaveLength(1);
      expect(notices.join('\n')).toContain(record.clusterDir);
    } else {
      // another user runs PostgreSQL as itself: the cluster stays in the data folder
      expect(statSync(path.join(dataDir, 'pg', 'PG_VERSION')).isFile()).toBe(true);
    }

    // the second start finds what the first placed, and says nothing more about it
    const again: string[] = [];
    const second = await startEmbedded({ dataDir, systemDir, log: (m) => again.push(m) });
    try {
      expect(await scalar(second.url, 'select v from kept')).toBe('placed');
      expect(again.join('\n')).not.toContain('placed instead');
    } finally {
      await second.stop();
    }
    // throw-away data folders are discarded with what was placed for them
    await discardEmbedded(dataDir);
    expect(existsSync(dataDir)).toBe(false);
    if (placedHome) expect(existsSync(placedHome)).toBe(false);
  });

  it('shares one cluster between opens: two at once start it once, and only the last to leave stops it', async () => {
    const dataDir = await tempDir(0o755);
    const [a, b] = await Promise.all([startEmbedded({ dataDir, log: () => undefined }), startEmbedded({ dataDir, log: () => undefined })]);
    expect([a.started, b.started].sort()).toEqual([false, true]);
    expect(a.url).toBe(b.url);
    const { postmaster, users } = await runRecord(dataDir);
    expect(users).toHaveLength(2);

    await a.stop();
    expect(isAlive(postmaster.pid)).toBe(true);
    expect(await scalar(b.url, 'select 1 as v')).toBe(1);
    await b.stop();
    expect(isAlive(postmaster.pid)).toBe(false);
    await expect(fs.stat(path.join(dataDir, RUN_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('a process that exits without leaving stops the postmaster only it used', async () => {
    const dataDir = await tempDir(0o755);
    const script = `
      import fs from 'node:fs';
      import { startEmbedded } from ${JSON.stringify(fileURLToPath(new URL('./embedded.ts', import.meta.url)))};
      await startEmbedded({ dataDir: process.argv[1], log: () => undefined });
      console.log(JSON.parse(fs.readFileSync(process.argv[1] + '/${RUN_FILE}', 'utf8')).postmaster.pid);
      process.exit(3); // no stop(): an error on the way out
    `;
    const out = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dataDir]).catch(
      (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
    );
    expect(out).toMatchObject({ code: 3 });
    const postmaster = Number(out.stdout.trim());
    expect(postmaster).toBeGreaterThan(0);
    expect(await waitForExit(postmaster, 60_000)).toBe(true);
    expect(existsSync(path.join(dataDir, RUN_FILE))).toBe(false);
  });

  it('stops a postmaster whose users are gone and starts it afresh', async () => {
    const dataDir = await tempDir(0o755);
    const first = await startEmbedded({ dataDir, log: () => undefined });
    const run = await runRecord(dataDir);
    // the process that used it was killed: its record names a pid that is no longer running
    await fs.writeFile(path.join(dataDir, RUN_FILE), JSON.stringify({ ...run, users: [{ pid: 999999, start: null, handle: 'killed' }] }));
    const notices: string[] = [];
    const second = await startEmbedded({ dataDir, log: (m) => notices.push(m) });
    try {
      expect(second.started).toBe(true);
      expect(notices.join('\n')).toMatch(new RegExp(`PostgreSQL \\(pid ${run.postmaster.pid}\\) still running .* used by no live QuanCRM process; stopping it cleanly`));
      expect(isAlive(run.postmaster.pid)).toBe(false);
      expect((await runRecord(dataDir)).postmaster.pid).not.toBe(run.postmaster.pid);
      expect(await scalar(second.url, 'select 1 as v')).toBe(1);
    } finally {
      await second.stop();
      await first.stop(); // its cluster is gone already: nothing left to stop
    }
  });
});
