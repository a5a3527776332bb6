/**
 * `npm run crm -- user add --username U --role R [--staff STAFF_NO] [--name DISPLAY]`
 *
 * Creates a login. The password is the first line of standard input (`echo 'secret123' | npm run crm
 * -- user add …`), or is asked for without echo when standard input is a terminal. Exit codes: 0
 * created, 1 refused (unknown staff number, username taken), 2 bad arguments or password.
 */
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { config } from '../../config.js';
import { inTransaction, openDatabase } from '../../db/database.js';
import { AppError, validationFailed } from '../../errors.js';
import { ROLES } from '../../modules/auth/auth.rules.js';
import { createUser, validateNewLogin, validateNewUser } from '../../modules/auth/auth.service.js';

const USAGE = `usage: npm run crm -- user add --username U --role R [--staff STAFF_NO] [--name DISPLAY]
  roles: ${ROLES.join(', ')} (all but ADMIN, HQ and COMPLIANCE need --staff)
  the password is read from standard input (first line)`;

const EXIT_OK = 0;
const EXIT_REFUSED = 1;
const EXIT_USAGE = 2;
const EXIT_CANCELLED = 130;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandLine(argv);
  if (typeof args === 'string') return usageError(args);
  const fields = { username: args.username, role: args.role, staffNo: args.staff, displayName: args.name };
  try {
    validateNewLogin(fields);
    const password = await readPassword();
    if (password === null) return EXIT_CANCELLED;
    const user = validateNewUser({ ...fields, password });
    return await addUser(user);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    console.error(`crm user add: ${describe(err)}`);
    return err.code === 'VALIDATION_FAILED' ? EXIT_USAGE : EXIT_REFUSED;
  }
}

function usageError(message: string): number {
  console.error(`crm user: ${message}\n\n${USAGE}`);
  return EXIT_USAGE;
}

interface CommandLine {
  username?: string;
  role?: string;
  staff?: string;
  name?: string;
}

const OPTIONS = {
  username: { type: 'string' },
  role: { type: 'string' },
  staff: { type: 'string' },
  name: { type: 'string' },
} as const;

/** The options of `user add`, or what is wrong with the command line. */
function parseCommandLine(argv: string[]): CommandLine | string {
  let parsed: { values: CommandLine; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (err) {
    return (err as Error).message;
  }
  const [subcommand, ...extra] = parsed.positionals;
  if (subcommand !== 'add') return subcommand ? `unknown subcommand '${subcommand}'` : 'missing subcommand';
  if (extra.length) return `unexpected argument '${extra[0]}'`;
  return parsed.values;
}

async function addUser(user: ReturnType<typeof validateNewUser>): Promise<number> {
  const db = await openDatabase(config(), { log: (message) => console.error(message) });
  try {
    const actor = { username: `cli:${process.env.USER ?? process.env.LOGNAME ?? 'unknown'}` };
    const created = await inTransaction(db.pool, (client) => createUser(client, user, { user: actor }));
    const staff = created.staffNo ? `, staff ${created.staffNo}` : '';
    console.log(`Created user ${created.username} (id ${created.id}, role ${created.role}${staff}).`);
    return EXIT_OK;
  } finally {
    await db.close();
  }
}

function describe(error: AppError): string {
  const fields = error.fieldErrors.map((f) => `\n  ${f.field}: ${f.message.en} (${f.message.zh})`).join('');
  return `${error.detail.en} (${error.detail.zh})${fields}`;
}

// ---------------------------------------------------------------- the password

/** The password from a terminal prompt or the first line of piped input; null when the prompt is cancelled. */
async function readPassword(): Promise<string | null> {
  if (!process.stdin.isTTY) return readFirstLine(process.stdin);
  const ask = hiddenPrompt(process.stdin);
  const password = await ask('Password: ');
  if (password === null) return null;
  const repeated = await ask('Repeat password: ');
  if (repeated === null) return null;
  if (repeated !== password) {
    throw validationFailed([{ field: 'password', message: { zh: '两次输入的密码不一致。', en: 'The passwords do not match.' } }]);
  }
  return password;
}

async function readFirstLine(input: NodeJS.ReadableStream): Promise<string> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}

/**
 * Asks for lines on the terminal without echoing them; null on Ctrl-C. What is typed (or pasted)
 * ahead of a prompt is kept for the next one.
 */
function hiddenPrompt(stdin: NodeJS.ReadStream): (prompt: string) => Promise<string | null> {
  let typedAhead = '';
  return (prompt) =>
    new Promise((resolve) => {
      let line = '';
      const finish = (result: string | null, rest: string) => {
        typedAhead = rest;
        stdin.off('data', consume);
        stdin.setRawMode(false);
        stdin.pause();
        process.stderr.write('\n');
        resolve(result);
      };
      const consume = (chunk: string) => {
        const chars = Array.from(chunk);
        for (const [i, ch] of chars.entries()) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(line, chars.slice(i + 1).join('').replace(/^\n/, ''));
          if (ch === '\u0003') return finish(null, '');
          line = ch === '\u007f' || ch === '\b' ? Array.from(line).slice(0, -1).join('') : line + ch;
        }
      };
      process.stderr.write(prompt);
      stdin.setRawMode(true);
      stdin.setEncoding('utf8');
      stdin.on('data', consume);
      stdin.resume();
      const ahead = typedAhead;
      typedAhead = '';
      if (ahead) consume(ahead);
    });
}
