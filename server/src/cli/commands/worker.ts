/**
 * `npm run crm -- worker [--workers N] [--callback-url URL] [--relay-is-embedded]`: the outreach
 * delivery worker (营销推送发送) on its own — what the server runs in-process unless
 * OUTREACH_WORKER=off — so that sending runs in another process or on another machine against the
 * same database (DATABASE_URL, or the embedded PostgreSQL of CRM_DATA_DIR beside the server). It
 * takes the campaigns' send jobs (pg-boss queue outreach-send; one campaign is sent by one worker
 * at a time, whichever process it runs in), sends e-mail over SMTP_URL (else its own embedded SMTP
 * server, which keeps the mail in the same mailbox) and SMS through SMS_URL (else the embedded
 * gateway). Runs until SIGINT / SIGTERM, then finishes the slice in hand and exits 0.
 * Exit 2 on a usage error.
 */
import { z } from 'zod';
import { config } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { startOutreachDelivery } from '../../modules/outreach/delivery/delivery.start.js';

const USAGE = `usage: npm run crm -- worker [--workers N] [--callback-url URL] [--relay-is-embedded]

  Runs the outreach delivery worker (the campaigns' e-mail and SMS sending) until Ctrl-C.
  The server runs the same worker in-process unless OUTREACH_WORKER=off; both may run: each
  campaign is sent by one worker at a time.

  --workers N          campaigns sent in parallel by this process (1–16, default 2)
  --callback-url URL   the server the embedded SMS gateway pushes its delivery reports to
                       (default PUBLIC_URL, else http://127.0.0.1:PORT)
  --relay-is-embedded  SMTP_URL is the server's embedded SMTP server: an interrupted mail is
                       looked up there by Message-ID instead of being marked FAILED`;

/** The command's arguments, checked. */
export const workerArgs = z
  .array(z.string())
  .transform((argv, ctx) => {
    const options = { workers: 2, callbackUrl: undefined as string | undefined, relayIsEmbedded: false };
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
      const value = () => inline ?? argv[++i];
      if (name === '--workers') {
        const n = z.coerce.number().int().min(1).max(16).safeParse(value());
        if (!n.success) ctx.addIssue({ code: 'custom', message: '--workers must be a whole number from 1 to 16' });
        else options.workers = n.data;
      } else if (name === '--callback-url') {
        const url = z.url({ protocol: /^https?$/ }).safeParse(value());
        if (!url.success) ctx.addIssue({ code: 'custom', message: '--callback-url must be an http(s) URL' });
        else options.callbackUrl = url.data.replace(/\/+$/, '');
      } else if (name === '--relay-is-embedded' && inline === undefined) {
        options.relayIsEmbedded = true;
      } else {
        ctx.addIssue({ code: 'custom', message: `unknown argument ${arg}` });
      }
    }
    return options;
  });
export type WorkerArgs = z.infer<typeof workerArgs>;

/** crm.ts leaves SIGINT / SIGTERM to this command: it stops the worker gracefully. */
export const handlesSignals = true;

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const parsed = workerArgs.safeParse(argv);
  if (!parsed.success) {
    console.error(`crm worker: ${parsed.error.issues.map((i) => i.message).join('; ')}\n\n${USAGE}`);
    return 2;
  }
  const args = parsed.data;
  const cfg = config();
  const log = (m: string) => console.log(m);
  const stopped = new Promise<string>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });
  const db = await openDatabase(cfg, { log: (m) => console.error(m), poolSize: args.workers + 4 });
  try {
    const delivery = await startOutreachDelivery(db.pool, { ...cfg, OUTREACH_WORKER: 'on' }, {
      workers: args.workers,
      relayIsEmbedded: args.relayIsEmbedded,
      callbackBaseUrl: args.callbackUrl ?? cfg.PUBLIC_URL?.replace(/\/+$/, '') ?? `http://127.0.0.1:${cfg.PORT}`,
      log,
    });
    console.log(`outreach worker ready (${args.workers} campaign(s) at a time; e-mail ${cfg.SMTP_URL ? 'via SMTP_URL' : 'to the embedded SMTP server'}, SMS ${cfg.SMS_URL ? 'via SMS_URL' : 'to the embedded gateway'})`);
    const signal = await stopped;
    console.log(`${signal}: stopping the outreach worker…`);
    await delivery.stop();
    console.log('outreach worker stopped');
    return 0;
  } finally {
    await db.close();
  }
}
