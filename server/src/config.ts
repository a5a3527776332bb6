/**
 * Every setting, read once from the environment and validated (STYLE.md: validate at every edge).
 */
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
  CRM_DATA_DIR: z.string().optional(),
  /** Where `POST /api/admin/imports` finds day folders; default <data dir>/inbox. */
  CRM_INBOX_DIR: z.string().optional(),
  CRM_DEMO: z.enum(['on', 'off']).default('on'),
  CRM_DEMO_CUSTOMERS: z.coerce.number().int().min(10).max(2_000_000).default(26631),
  CRM_DEMO_DAYS: z.coerce.number().int().min(1).max(750).default(120),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Trusted proxy hops for the client address written to the audit log. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  TZ_BUSINESS: z.string().default('Asia/Shanghai'),
});

export type Config = z.infer<typeof schema> & { dataDir: string; inboxDir: string };

let cached: Config | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const dataDir = parsed.data.CRM_DATA_DIR ? path.resolve(parsed.data.CRM_DATA_DIR) : path.join(REPO_ROOT, 'data');
  const inboxDir = parsed.data.CRM_INBOX_DIR ? path.resolve(parsed.data.CRM_INBOX_DIR) : path.join(dataDir, 'inbox');
  return { ...parsed.data, dataDir, inboxDir };
}

export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
