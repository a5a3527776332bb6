/**
 * Every setting, read once from the environment and validated (STYLE.md: validate at every edge).
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root: the default data folder lives there, wherever a command is typed. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /**
   * A streaming replica of DATABASE_URL's database: reports and the heavy read-only lists read there
   * (db/read-replica.ts) while the replica has every imported day the primary has; unset: everything
   * reads the primary. Needs DATABASE_URL (the embedded database has no replica).
   */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_READ_URL must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  CRM_DATA_DIR: z.string().optional(),
  /** Where `POST /api/admin/imports` finds day folders; default <data dir>/inbox. */
  CRM_INBOX_DIR: z.string().optional(),
  CRM_DEMO: z.enum(['on', 'off']).default('on'),
  CRM_DEMO_CUSTOMERS: z.coerce.number().int().min(10).max(2_000_000).default(26631),
  CRM_DEMO_DAYS: z.coerce.number().int().min(1).max(750).default(120),
  /** Step timings (lib/profile.ts): the demo build logs where its time went; for profiling, off by default. */
  CRM_PROFILE: z.enum(['on', 'off']).default('off'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** The proxies whose X-Forwarded-For/-Proto/-Host are believed (parseTrustProxy). */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx) => {
      const trusted = parseTrustProxy(value);
      if (trusted === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'TRUST_PROXY must be false, a number of proxy hops (0–10; true means 1), or a comma-separated list of proxy addresses or CIDRs',
        });
        return z.NEVER;
      }
      return trusted;
    }),
  TZ_BUSINESS: z.string().default('Asia/Shanghai'),
  /** Outreach e-mail: a real relay (smtp:// or smtps://, user and password in the URL); unset: the embedded SMTP server. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL').optional().or(z.literal('').transform(() => undefined)),
  /** The embedded SMTP server's port (127.0.0.1) when SMTP_URL is unset; 0 picks a free one. */
  SMTP_EMBEDDED_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** The From address of outreach e-mail. */
  SMTP_FROM: z.string().default('QuanCRM <no-reply@quancrm.local>'),
  /** A real SMS provider (Aliyun-shaped SendSms over HTTP); unset: the embedded SMS gateway. */
  SMS_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  SMS_ACCESS_KEY_ID: z.string().optional(),
  SMS_ACCESS_KEY_SECRET: z.string().optional(),
  SMS_SIGN_NAME: z.string().default('QuanCRM'),
  /** The provider's template (模板 CODE) of the customer space's login code, with the variable ${code} (客户专属空间). */
  SMS_LOGIN_TEMPLATE_CODE: z.string().min(1).default('SMS_LOGIN_CODE'),
  /** The shared secret the SMS delivery-report and reply callbacks are signed with; unset: generated and kept in the database. */
  SMS_CALLBACK_SECRET: z.string().min(16).optional().or(z.literal('').transform(() => undefined)),
  /** The key unsubscribe links are signed with; unset: generated and kept in the database. */
  OUTREACH_SECRET: z.string().min(16).optional().or(z.literal('').transform(() => undefined)),
  /** The bearer token the CTI system sends with its call events (POST /api/cti/events); unset: generated and kept in the database, shown to the administrator. */
  CTI_TOKEN: z.string().min(16).optional().or(z.literal('').transform(() => undefined)),
  /** The address customers reach the server at (unsubscribe links); default http://localhost:PORT. */
  PUBLIC_URL: z.string().url().optional().or(z.literal('').transform(() => undefined)),
  /** Run the outreach sender (pg-boss worker) in the server process. */
  OUTREACH_WORKER: z.enum(['on', 'off']).default('on'),
  /** A SENDING message older than this whose worker is gone is checked with the provider and sent again only if it never arrived. */
  OUTREACH_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
});

/**
 * Which proxies in front of the server may name the client (X-Forwarded-For) and the scheme
 * (X-Forwarded-Proto):
 *   - `false` (default, also `0`): none; the client is the TCP peer
 *   - a number of hops `N` (1–10): the N proxies nearest the server, whoever they are; `true` means 1
 *     hop. Safe only when clients cannot reach the server but through those proxies.
 *   - proxy addresses or CIDRs, comma-separated (`10.0.0.5, 172.16.0.0/12, ::1`), or proxy-addr's
 *     names `loopback`, `linklocal`, `uniquelocal`: only a peer in the list is believed, hop by hop
 * Never "every hop": a client could then name any address it likes in X-Forwarded-For, and the login
 * throttle and the audit log would follow it. Undefined for a value that is none of these.
 */
export type TrustProxy = false | number | string[];

const MAX_PROXY_HOPS = 10;
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export function parseTrustProxy(value: string): TrustProxy | undefined {
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'false') return false;
  if (text === 'true') return 1;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_PROXY_HOPS) return undefined;
    return hops === 0 ? false : hops;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  return entries.every(isProxyAddress) ? entries : undefined;
}

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Fastify's `trustProxy` option for a TRUST_PROXY value (Fastify 5 no longer counts hops itself: a number trusts nothing). */
export type FastifyTrustProxy = false | string[] | ((address: string, hop: number) => boolean);

export function fastifyTrustProxy(trusted: TrustProxy): FastifyTrustProxy {
  if (typeof trusted !== 'number') return trusted;
  return (_address, hop) => hop < trusted;
}

export type Config = z.infer<typeof schema> & { dataDir: string; inboxDir: string; trustProxy: FastifyTrustProxy };

let cached: Config | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema
    .refine((c) => !c.DATABASE_READ_URL || c.DATABASE_URL, { path: ['DATABASE_READ_URL'], message: 'DATABASE_READ_URL needs DATABASE_URL (a replica of the embedded database is not supported)' })
    .safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const dataDir = parsed.data.CRM_DATA_DIR ? path.resolve(parsed.data.CRM_DATA_DIR) : path.join(REPO_ROOT, 'data');
  const inboxDir = parsed.data.CRM_INBOX_DIR ? path.resolve(parsed.data.CRM_INBOX_DIR) : path.join(dataDir, 'inbox');
  return { ...parsed.data, dataDir, inboxDir, trustProxy: fastifyTrustProxy(parsed.data.TRUST_PROXY) };
}

export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
