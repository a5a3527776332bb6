/**
 * 系统管理: logins, import runs and configuration. Every change is audited with `writeAudit` in the
 * transaction that makes it. Callers check permissions (admin.routes.ts).
 */
import type pg from 'pg';
import { z } from 'zod';
import { inTransaction } from '../../db/database.js';
import { checkInput, conflict, notFound, unprocessable, validationFailed } from '../../errors.js';
import { bindParam } from '../access/scope.js';
import { writeAudit, type AuditActor } from '../audit/audit.service.js';
import { hasPermission, requiresStaff, ROLES, type Role } from '../auth/auth.rules.js';
import { createUser, hashPassword, revokeCredentials, type NewUser } from '../auth/auth.service.js';
import { SETTINGS, type SettingKey, SETTING_KEYS, type SettingsAnswer } from './admin.settings.js';
import { markKycScoresStale } from '../kyc/kyc.service.js';

export interface Actor extends AuditActor {
  id: string;
  username: string;
}

export interface By {
  user: Actor;
  ip?: string;
}

// ---------------------------------------------------------------- users

export const adminUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string().nullable(),
  role: z.enum(ROLES),
  staffNo: z.string().nullable(),
  staffName: z.string().nullable(),
  branchCode: z.string().nullable(),
  disabled: z.boolean(),
  system: z.boolean().describe('a system login (no person: it owns records such as the demo contact history); never signs in, cannot be changed'),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type AdminUser = z.infer<typeof adminUser>;

interface UserRow {
  id: string;
  username: string;
  display_name: string | null;
  role: Role;
  staff_no: string | null;
  staff_name: string | null;
  branch_code: string | null;
  disabled: boolean;
  system: boolean;
  created_at: Date;
  last_login_at: Date | null;
}

const USER_SELECT = `select u.id, u.username, u.display_name, u.role, u.staff_no, s.name as staff_name, s.branch_code,
                            u.disabled, u.system, u.created_at, u.last_login_at
                       from users u left join staff s on s.staff_no = u.staff_no`;

function toAdminUser(r: UserRow): AdminUser {
  return {
    id: String(r.id),
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    staffNo: r.staff_no,
    staffName: r.staff_name,
    branchCode: r.branch_code,
    disabled: r.disabled,
    system: r.system,
    createdAt: r.created_at.toISOString(),
    lastLoginAt: r.last_login_at ? r.last_login_at.toISOString() : null,
  };
}

export interface UserFilter {
  q?: string;
  role?: Role;
  disabled?: boolean;
  /** true: the system logins too (hidden by default) */
  includeSystem?: boolean;
  page: number;
  pageSize: number;
}

export async function listUsers(pool: pg.Pool, filter: UserFilter): Promise<{ items: AdminUser[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.q) {
    const like = bindParam(params, `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(u.username ilike ${like} or u.display_name ilike ${like} or u.staff_no ilike ${like} or s.name ilike ${like})`);
  }
  if (filter.role) where.push(`u.role = ${bindParam(params, filter.role)}`);
  if (filter.disabled !== undefined) where.push(`u.disabled = ${bindParam(params, filter.disabled)}`);
  if (!filter.includeSystem) where.push('not u.system');
  const whereSql = where.length ? `where ${where.join(' and ')}` : '';
  const total = await pool.query<{ n: string }>(`select count(*) as n from users u left join staff s on s.staff_no = u.staff_no ${whereSql}`, params);
  const pageParams = [...params];
  const limit = bindParam(pageParams, filter.pageSize);
  const offset = bindParam(pageParams, (filter.page - 1) * filter.pageSize);
  const { rows } = await pool.query<UserRow>(`${USER_SELECT} ${whereSql} order by u.username limit ${limit} offset ${offset}`, pageParams);
  return { items: rows.map(toAdminUser), total: Number(total.rows[0]?.n ?? 0) };
}

async function userById(db: pg.Pool | pg.PoolClient, id: string, lock = false): Promise<AdminUser | null> {
  const { rows } = await db.query<UserRow>(`${USER_SELECT} where u.id = $1${lock ? ' for update of u' : ''}`, [id]);
  return rows[0] ? toAdminUser(rows[0]) : null;
}

/** A system login (migration 0028) is no person's: it is never enabled, edited or given a password. */
function systemUser() {
  return conflict('SYSTEM_USER', '系统账户不能启用、修改或设置密码。', 'A system login cannot be enabled, changed or given a password.');
}

export async function createLogin(pool: pg.Pool, input: NewUser, by: By): Promise<AdminUser> {
  return inTransaction(pool, async (client) => {
    const created = await createUser(client, input, by);
    return (await userById(client, created.id))!;
  });
}

export interface UserChange {
  disabled?: boolean;
  role?: Role;
  /** null removes the staff link (only for a role scoped ALL). */
  staffNo?: string | null;
  displayName?: string | null;
}

/**
 * Disables or enables a login, changes its role, staff link or display name. An administrator cannot
 * disable themselves or take a role without the `users` permission (nobody would be left to undo it). Disabling,
 * and a change of role or staff link, end the login's sessions and revoke its integration tokens; enabling
 * revokes any token left (so that it never revives one). 404 unknown id; 422 a scoped role without a staff link or an unknown staff number.
 */
export async function updateUser(pool: pg.Pool, id: string, change: UserChange, by: By): Promise<AdminUser> {
  return inTransaction(pool, async (client) => {
    const before = await userById(client, id, true);
    if (!before) throw notFound();
    if (before.system) throw systemUser();
    if (before.id === by.user.id && change.disabled === true) {
      throw conflict('CANNOT_DISABLE_SELF', '不能停用自己的账号。', 'You cannot disable your own login.');
    }
    if (before.id === by.user.id && change.role !== undefined && !hasPermission(change.role, 'users')) {
      throw conflict('CANNOT_DEMOTE_SELF', '不能取消自己的系统管理员角色。', 'You cannot remove your own ADMIN role.');
    }
    const role = change.role ?? before.role;
    const staffNo = change.staffNo !== undefined ? change.staffNo : before.staffNo;
    if (requiresStaff(role) && !staffNo) {
      throw validationFailed([{ field: 'staffNo', message: { zh: `角色 ${role} 必须关联员工编号。`, en: `Role ${role} must be linked to a staff number.` } }]);
    }
    if (staffNo && staffNo !== before.staffNo) {
      const staff = await client.query('select 1 from staff where staff_no = $1', [staffNo]);
      if (!staff.rowCount) {
        throw unprocessable('STAFF_NOT_FOUND', `员工编号 ${staffNo} 不存在。`, `No staff member ${staffNo}.`, [
          { field: 'staffNo', message: { zh: '员工编号不存在。', en: 'Unknown staff number.' } },
        ]);
      }
    }
    const disabled = change.disabled ?? before.disabled;
    const displayName = change.displayName !== undefined ? change.displayName : before.displayName;
    await client.query('update users set role = $2, staff_no = $3, disabled = $4, display_name = $5 where id = $1', [id, role, staffNo, disabled, displayName]);
    // what a login may see follows its role and staff link: a change ends its sessions and revokes its
    // integration tokens, as disabling does, so that nothing issued under the old scope lives on
    const scopeChanged = disabled !== before.disabled || role !== before.role || staffNo !== before.staffNo;
    const { sessionsEnded, tokensRevoked } = scopeChanged ? await revokeCredentials(client, id) : { sessionsEnded: 0, tokensRevoked: 0 };

    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (role !== before.role) changes.role = { from: before.role, to: role };
    if (staffNo !== before.staffNo) changes.staffNo = { from: before.staffNo, to: staffNo };
    if (disabled !== before.disabled) changes.disabled = { from: before.disabled, to: disabled };
    if (displayName !== before.displayName) changes.displayName = { from: before.displayName, to: displayName };
    if (Object.keys(changes).length) {
      const action = Object.keys(changes).length === 1 && changes.disabled ? (disabled ? 'user.disabled' : 'user.enabled') : 'user.updated';
      await writeAudit(client, {
        user: by.user,
        action,
        entity: 'user',
        entityId: id,
        detail: { username: before.username, changes, ...(sessionsEnded ? { sessionsEnded } : {}), ...(tokensRevoked ? { tokensRevoked } : {}) },
        ip: by.ip,
      });
    }
    return (await userById(client, id))!;
  });
}

/** Sets the password an administrator chose, ends every session of the login and revokes its integration tokens. */
export async function resetPassword(pool: pg.Pool, id: string, password: string, by: By): Promise<{ sessionsEnded: number }> {
  const passwordHash = await hashPassword(password);
  return inTransaction(pool, async (client) => {
    const user = await userById(client, id, true);
    if (!user) throw notFound();
    if (user.system) throw systemUser();
    await client.query('update users set password_hash = $2 where id = $1', [id, passwordHash]);
    const { sessionsEnded, tokensRevoked } = await revokeCredentials(client, id);
    await writeAudit(client, {
      user: by.user,
      action: 'user.password_reset',
      entity: 'user',
      entityId: id,
      detail: { username: user.username, sessionsEnded, ...(tokensRevoked ? { tokensRevoked } : {}) },
      ip: by.ip,
    });
    return { sessionsEnded };
  });
}

// ---------------------------------------------------------------- import runs

export type RunKind = 'EXTRACT' | 'ORG';
export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface ImportRunSummary {
  id: string;
  kind: RunKind;
  startedAt: string;
  finishedAt: string | null;
  startedBy: string;
  folder: string;
  tradeDate: string | null;
  status: RunStatus;
  replaced: boolean;
  durationMs: number | null;
  errorCount: number;
}

export interface ImportProblem {
  file: string;
  line: number | null;
  column: string | null;
  reason: string;
}

export interface ImportRunDetail extends ImportRunSummary {
  files: { name: string; rows: number | null; bytes: number | null; sha256: string | null }[];
  rowCounts: Record<string, number>;
  errors: ImportProblem[];
  warnings: string[];
}

interface RunRow {
  id: string;
  kind: RunKind;
  started_at: Date;
  finished_at: Date | null;
  started_by: string;
  folder: string;
  trade_date: string | null;
  status: RunStatus;
  replaced: boolean;
  duration_ms: number | null;
  error_count: number;
  files?: unknown;
  row_counts?: unknown;
  errors?: unknown;
  warnings?: unknown;
}

const RUN_COLUMNS = `id, kind, started_at, finished_at, started_by, folder, trade_date::text as trade_date, status, replaced, duration_ms, error_count`;

function toRunSummary(r: RunRow): ImportRunSummary {
  return {
    id: String(r.id),
    kind: r.kind,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
    startedBy: r.started_by,
    folder: r.folder,
    tradeDate: r.trade_date,
    status: r.status,
    replaced: r.replaced,
    durationMs: r.duration_ms,
    errorCount: r.error_count,
  };
}

export async function listImportRuns(
  pool: pg.Pool,
  filter: { kind?: RunKind; status?: RunStatus; page: number; pageSize: number },
): Promise<{ items: ImportRunSummary[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.kind) where.push(`kind = ${bindParam(params, filter.kind)}`);
  if (filter.status) where.push(`status = ${bindParam(params, filter.status)}`);
  const whereSql = where.length ? `where ${where.join(' and ')}` : '';
  const total = await pool.query<{ n: string }>(`select count(*) as n from import_runs ${whereSql}`, params);
  const pageParams = [...params];
  const limit = bindParam(pageParams, filter.pageSize);
  const offset = bindParam(pageParams, (filter.page - 1) * filter.pageSize);
  const { rows } = await pool.query<RunRow>(
    `select ${RUN_COLUMNS} from import_runs ${whereSql} order by started_at desc, id desc limit ${limit} offset ${offset}`,
    pageParams,
  );
  return { items: rows.map(toRunSummary), total: Number(total.rows[0]?.n ?? 0) };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : typeof v === 'string' ? v : JSON.stringify(v));
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export async function importRunDetail(pool: pg.Pool, id: string): Promise<ImportRunDetail> {
  const { rows } = await pool.query<RunRow>(`select ${RUN_COLUMNS}, files, row_counts, errors, warnings from import_runs where id = $1`, [id]);
  const r = rows[0];
  if (!r) throw notFound();
  const files = Object.entries(record(r.files)).map(([name, f]) => {
    const file = record(f);
    return { name, rows: num(file.rows), bytes: num(file.bytes), sha256: str(file.sha256) };
  });
  const rowCounts: Record<string, number> = {};
  for (const [name, n] of Object.entries(record(r.row_counts))) {
    const value = num(n);
    if (value !== null) rowCounts[name] = value;
  }
  const errors = (Array.isArray(r.errors) ? r.errors : []).map((e): ImportProblem => {
    const p = record(e);
    return { file: str(p.file) ?? '', line: num(p.line), column: str(p.column), reason: str(p.reason) ?? str(e) ?? '' };
  });
  const warnings = (Array.isArray(r.warnings) ? r.warnings : []).map((w) => (typeof w === 'string' ? w : (str(record(w).reason) ?? JSON.stringify(w))));
  return { ...toRunSummary(r), files, rowCounts, errors, warnings };
}

// ---------------------------------------------------------------- settings

export interface SettingValue {
  value: unknown;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Every setting with its stored value (checked by its schema when it was stored: trusted here). */
export async function getSettings(pool: pg.Pool): Promise<SettingsAnswer> {
  const { rows } = await pool.query<{ key: SettingKey; value: unknown; updated_at: Date | null; updated_by: string | null }>(
    'select key, value, updated_at, updated_by from settings where key = any($1)',
    [SETTING_KEYS],
  );
  const result = {} as Record<SettingKey, SettingValue>;
  for (const key of SETTING_KEYS) {
    const row = rows.find((r) => r.key === key);
    result[key] = { value: row?.value ?? null, updatedAt: row?.updated_at ? row.updated_at.toISOString() : null, updatedBy: row?.updated_by ?? null };
  }
  return result as SettingsAnswer;
}

/**
 * Validates and stores one setting, auditing the old and the new value. 422 names each bad field as
 * `<key>.<path>` (e.g. `tiers.1.min`). New tier bounds and lifecycle thresholds apply to the days
 * imported afterwards (tier and lifecycle are derived at import time, docs/decisions.md); days already
 * imported are not re-derived.
 */
export async function putSetting(pool: pg.Pool, key: SettingKey, input: unknown, by: By): Promise<SettingValue> {
  const checked = checkInput(SETTINGS[key] as z.ZodType, input, key);
  if (!checked.success) {
    throw validationFailed(
      checked.error.fieldErrors.map((f) => ({ field: f.field === key ? key : `${key}.${f.field}`, message: f.message })),
    );
  }
  const value = checked.data;
  return inTransaction(pool, async (client) => {
    const old = await client.query<{ value: unknown }>('select value from settings where key = $1 for update', [key]);
    const { rows } = await client.query<{ updated_at: Date; updated_by: string }>(
      `insert into settings (key, value, updated_at, updated_by) values ($1, $2, now(), $3)
       on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by
       returning updated_at, updated_by`,
      [key, JSON.stringify(value), by.user.username],
    );
    // the completeness of every customer reads the assessment's validity: all are scored again at the next import
    if (key === 'suitability') await markKycScoresStale(client);
    await writeAudit(client, {
      user: by.user,
      action: 'settings.updated',
      entity: 'setting',
      entityId: key,
      detail: { old: old.rows[0]?.value ?? null, new: value },
      ip: by.ip,
    });
    return { value, updatedAt: rows[0]!.updated_at.toISOString(), updatedBy: rows[0]!.updated_by };
  });
}
