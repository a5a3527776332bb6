/**
 * Who may reach a folder (the check that decides whether the cluster and binaries are placed under
 * /var/lib/quancrm), and a program that cannot be started: a clear error, never an unhandled
 * 'error' event that ends the process.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { maySearch, PLACED_FOR_FILE, reachableBy, runProgram, spawnPostmaster, sweepDiscardedTemporary } from './embedded-process.js';

const postgresUser = { uid: 101, gid: 104 };

describe('maySearch', () => {
  it.each([
    // owner bits decide for the owner, even when others may search
    { st: { uid: 101, gid: 0, mode: 0o40007 }, may: false },
    { st: { uid: 101, gid: 0, mode: 0o40700 }, may: true },
    // group bits for a member of the group
    { st: { uid: 0, gid: 104, mode: 0o40750 }, may: true },
    { st: { uid: 0, gid: 104, mode: 0o40701 }, may: false },
    // others: /root is 0700, /tmp 1777, a home folder 0755 or 0711
    { st: { uid: 0, gid: 0, mode: 0o40700 }, may: false },
    { st: { uid: 0, gid: 0, mode: 0o41777 }, may: true },
    { st: { uid: 0, gid: 0, mode: 0o40711 }, may: true },
    { st: { uid: 0, gid: 0, mode: 0o40644 }, may: false },
  ])('mode $st.mode owned by $st.uid:$st.gid → $may', ({ st, may }) => {
    expect(maySearch(st, postgresUser)).toBe(may);
  });
});

describe('reachableBy and failed spawns', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('needs every folder from / down to be searchable', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-reach-'));
    const inner = path.join(dir, 'a', 'b');
    await fs.mkdir(inner, { recursive: true, mode: 0o755 });
    const nobody = { uid: 65534, gid: 65534 };
    await fs.chmod(dir, 0o700);
    expect(await reachableBy(inner, nobody)).toBe(false);
    await fs.chmod(dir, 0o755);
    expect(await reachableBy(inner, nobody)).toBe(true);
    expect(await reachableBy(path.join(dir, 'missing'), nobody)).toBe(false);
  });

  it('turns a program that cannot be run into an error naming it', async () => {
    dir ??= await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-reach-'));
    const notExecutable = path.join(dir, 'initdb');
    await fs.writeFile(notExecutable, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    await expect(runProgram(notExecutable, [])).rejects.toThrow(`Could not run ${notExecutable}: permission denied`);
    const layout = { clusterDir: path.join(dir, 'pg'), binaries: { dir, postgres: path.join(dir, 'missing-postgres'), initdb: notExecutable, version: '0' } };
    await expect(spawnPostmaster(layout, 5999, null, path.join(dir, 'pg.log'))).rejects.toThrow(`Could not run ${layout.binaries.postgres}: spawn`);
  });
});

describe('sweepDiscardedTemporary', () => {
  it('deletes only what was placed for a temporary data folder that is gone', async () => {
    const systemDir = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-sweep-'));
    const liveTemp = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-sweep-live-'));
    try {
      const placed = async (name: string, dataDir: string) => {
        await fs.mkdir(path.join(systemDir, name, 'pg'), { recursive: true });
        await fs.writeFile(path.join(systemDir, name, PLACED_FOR_FILE), dataDir + '\n');
        return path.join(systemDir, name);
      };
      const goneTemp = await placed('a', path.join(os.tmpdir(), 'quancrm-sweep-gone-000000'));
      const keptTemp = await placed('b', liveTemp);
      const goneElsewhere = await placed('c', '/srv/quancrm-not-mounted/data');
      const notices: string[] = [];
      await sweepDiscardedTemporary(systemDir, (m) => notices.push(m));
      expect([existsSync(goneTemp), existsSync(keptTemp), existsSync(goneElsewhere)]).toEqual([false, true, true]);
      expect(notices).toHaveLength(1);
    } finally {
      await fs.rm(systemDir, { recursive: true, force: true });
      await fs.rm(liveTemp, { recursive: true, force: true });
    }
  });
});
