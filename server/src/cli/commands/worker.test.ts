/**
 * `crm worker`: its arguments, and the command as an operator runs it (a child process against a
 * test database): it resumes an approved campaign's queued SMS, sends them through the embedded
 * gateway, and stops cleanly (exit 0) on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCrm, SERVER_DIR } from '../../../test/cli-harness.js';
import { insertBrokerage, insertLogins } from '../../../test/fixtures.js';
import { useTestDb } from '../../../test/harness.js';
import { insertQueuedCampaign, setSendSettings } from '../../modules/outreach/delivery/delivery.test-fixtures.js';
import { workerArgs } from './worker.js';

const db = useTestDb(async (d) => {
  await insertBrokerage(d.pool);
  await insertLogins(d.pool, ['admin']);
});

describe('crm worker arguments', () => {
  it.each([
    [[], { workers: 2, callbackUrl: undefined, relayIsEmbedded: false }],
    [['--workers', '4'], { workers: 4, callbackUrl: undefined, relayIsEmbedded: false }],
    [['--workers=1', '--callback-url', 'https://crm.example.com/', '--relay-is-embedded'], { workers: 1, callbackUrl: 'https://crm.example.com', relayIsEmbedded: true }],
  ])('%j', (argv, expected) => expect(workerArgs.parse(argv)).toEqual(expected));

  it.each([
    [['--workers', '0'], '--workers must be a whole number from 1 to 16'],
    [['--workers', '17'], '--workers must be a whole number from 1 to 16'],
    [['--workers'], '--workers must be a whole number from 1 to 16'],
    [['--callback-url', 'ftp://x'], '--callback-url must be an http(s) URL'],
    [['--relay-is-embedded=yes'], 'unknown argument --relay-is-embedded=yes'],
    [['now'], 'unknown argument now'],
  ])('%j is refused', (argv, message) => {
    const parsed = workerArgs.safeParse(argv);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([message]);
  });

  it('answers a usage error with exit 2 and the usage', async () => {
    const r = await runCrm(['worker', '--workers', 'many'], { ...process.env, DATABASE_URL: db.url, INIT_CWD: SERVER_DIR });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('crm worker: --workers must be a whole number from 1 to 16');
    expect(r.stderr).toContain('usage: npm run crm -- worker [--workers N]');
  });
});

describe('crm worker', () => {
  it('sends a waiting campaign and stops on SIGTERM with exit 0', { timeout: 120_000 }, async () => {
    await setSendSettings(db.pool, 100);
    const campaign = await insertQueuedCampaign(db.pool, 'SMS', ['C0001', 'C0002', 'C0003'], { name: '独立发送' });
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, INIT_CWD: SERVER_DIR, SMTP_URL: '', SMS_URL: '' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/crm.ts', 'worker', '--workers', '1', '--callback-url', 'http://127.0.0.1:9'], {
      cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const sent = async () => (await db.pool.query<{ n: number }>(
        `select count(*)::int as n from campaign_messages where campaign_id = $1 and sent_at is not null`, [campaign.id])).rows[0]!.n;
      for (let i = 0; (await sent()) < 3; i++) {
        if (child.exitCode !== null || i > 600) throw new Error(`the worker did not send:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(output).toContain('outreach worker ready (1 campaign(s) at a time; e-mail to the embedded SMTP server, SMS to the embedded gateway)');
      const atGateway = await db.pool.query(`select mobile from sms_gateway_messages where out_id like $1 order by mobile`, [`${campaign.id}:%`]);
      expect(atGateway.rows).toEqual([{ mobile: '13700003333' }, { mobile: '13812345678' }, { mobile: '13900001111' }]);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('SIGTERM: stopping the outreach worker…');
      expect(output).toContain('outreach worker stopped');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
