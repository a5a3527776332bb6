import { Readable } from 'node:stream';
import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertBrokerage } from '../../../test/fixtures.js';
import { runCrm, type CrmOutcome } from '../../../test/cli-harness.js';
import { useTestDb } from '../../../test/harness.js';
import { run } from './user.js';

const db = useTestDb((fresh) => insertBrokerage(fresh.pool));

/** `crm user …` as an operator runs it, with `input` piped to standard input. */
function crmUser(args: string[], input: string): Promise<CrmOutcome> {
  return runCrm(['user', ...args], { ...process.env, DATABASE_URL: db.url, USER: 'tester' }, input);
}

describe('crm user add', () => {
  it('creates a login with the password from standard input, audited', async () => {
    const result = await crmUser(['add', '--username', 'cli.broker', '--role', 'BROKER', '--staff', 'S001', '--name', '张伟'], 'pass word 123\r\nignored second line\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Created user cli\.broker \(id \d+, role BROKER, staff S001\)\.\n$/);

    const { rows } = await db.pool.query<{ password_hash: string; role: string; staff_no: string; display_name: string }>(
      `select password_hash, role, staff_no, display_name from users where username = 'cli.broker'`,
    );
    expect(rows[0]).toMatchObject({ role: 'BROKER', staff_no: 'S001', display_name: '张伟' });
    expect(await verify(rows[0]!.password_hash, 'pass word 123')).toBe(true);
    const audit = await db.pool.query(`select username, action, detail from audit_log where action = 'user.created'`);
    expect(audit.rows).toEqual([{ username: 'cli:tester', action: 'user.created', detail: { username: 'cli.broker', role: 'BROKER', staffNo: 'S001' } }]);
  });

  it('refuses a duplicate username, whatever its case', async () => {
    const result = await crmUser(['add', '--username', 'CLI.BROKER', '--role', 'HQ'], 'another secret\n');
    expect(result.stderr).toContain('The username CLI.BROKER is taken.');
    expect(result.stdout).toBe('');
    expect((await db.pool.query(`select 1 from users where lower(username) = 'cli.broker'`)).rowCount).toBe(1);
  });
});

/** Runs the command in this process with `input` as standard input, capturing what it prints. */
async function runWithInput(argv: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const printed = { stdout: [] as string[], stderr: [] as string[] };
  const stdin = vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([input]) as unknown as typeof process.stdin);
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.stdout.push(args.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.stderr.push(args.join(' ')));
  try {
    const code = await run(argv);
    return { code, stdout: printed.stdout.join('\n'), stderr: printed.stderr.join('\n') };
  } finally {
    stdin.mockRestore();
    log.mockRestore();
    error.mockRestore();
  }
}

describe('crm user add: exit codes', () => {
  const outerDatabaseUrl = process.env.DATABASE_URL;
  beforeAll(() => {
    process.env.DATABASE_URL = db.url; // read by config() on first use in this test file
  });
  afterAll(() => {
    if (outerDatabaseUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = outerDatabaseUrl;
  });

  it('0 when created', async () => {
    const result = await runWithInput(['add', '--username', 'inproc', '--role', 'COMPLIANCE'], 'long enough\n');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Created user inproc \(id \d+, role COMPLIANCE\)\.$/);
  });

  it('1 for a duplicate username', async () => {
    const result = await runWithInput(['add', '--username', 'INPROC', '--role', 'HQ'], 'long enough\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The username INPROC is taken.');
  });

  it('1 for an unknown staff number', async () => {
    const result = await runWithInput(['add', '--username', 'ghost', '--role', 'BROKER', '--staff', 'S404'], 'long enough\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No staff member S404.');
  });

  it.each([
    ['short\n', /password: Too small/],
    ['', /password: Too small/],
  ])('2 for the password %j', async (input, message) => {
    const result = await runWithInput(['add', '--username', 'shorty', '--role', 'HQ'], input);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect((await db.pool.query(`select 1 from users where username = 'shorty'`)).rowCount).toBe(0);
  });
});

describe('crm user: bad arguments exit 2 before asking for a password', () => {
  it.each([
    [[], /missing subcommand/],
    [['remove', '--username', 'x'], /unknown subcommand 'remove'/],
    [['add', '--username', 'someone', '--role', 'HQ', '--colour', 'red'], /Unknown option '--colour'/],
    [['add', '--username', 'someone'], /role: /],
    [['add', '--username', 'someone', '--role', 'BOSS'], /role: Invalid option/],
    [['add', '--username', 'someone', '--role', 'BROKER'], /staffNo: Role BROKER must be linked to a staff number/],
    [['add', '--username', 'x', '--role', 'HQ'], /username: Too small/],
  ])('%j', async (argv, message) => {
    const result = await runWithInput(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
