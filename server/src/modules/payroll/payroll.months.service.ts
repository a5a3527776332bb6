/**
 * A payroll month (薪酬, business-rules.md §5): its status (OPEN → LOCKED, computed, stale) and the
 * lock, plus what the other payroll services share: the caller, the month row taken for update,
 * the template lock and the "month is locked" error. Every change writes its audit row in the same
 * transaction.
 */
import type pg from 'pg';
import type { z } from 'zod';
import { inTransaction } from '../../db/database.js';
import { AppError, conflict } from '../../errors.js';
import { writeAudit } from '../audit/audit.service.js';
import { assertPermission, type AuthUser } from '../auth/auth.service.js';
import { addMonths } from '../../lib/dates.js';
import { DEFAULT_TEMPLATE } from './payroll.rules.js';
import type { monthStatusSchema } from './payroll.schemas.js';

export interface PayrollActor {
  user: AuthUser;
  ip?: string;
}

/**
 * Computing takes this lock shared, a template change exclusive (payroll.templates.service.ts), both
 * first in their transaction: a computation never reads a template half-changed, and a change made
 * while a month is being computed waits for it and then marks it stale.
 */
export async function lockTemplates(client: pg.PoolClient, mode: 'shared' | 'exclusive'): Promise<void> {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await client.query(`select ${fn}(hashtextextended('quancrm.payroll.templates', 0))`);
}

// ---------------------------------------------------------------- month status

/** A locked month refuses every change; its corrections become the next month's adjustments. */
export function monthLocked(month: string): AppError {
  const next = addMonths(month, 1);
  return conflict(
    'PAYROLL_MONTH_LOCKED',
    `${month} 的薪酬已锁定，不能再修改。更正请作为 ${next} 的薪酬调整录入（录入调整时可选 toNextMonth）。`,
    `Payroll for ${month} is locked and never changes. Record corrections as adjustments of ${next} (option toNextMonth).`,
  );
}

export interface MonthRow {
  month: string;
  status: 'OPEN' | 'LOCKED';
  template_code: string | null;
  computed_at: Date | null;
  computed_by: string | null;
  revision: number;
  computed_revision: number | null;
  locked_at: Date | null;
  locked_by: string | null;
}

/** What GET /api/payroll/months/{month} answers (payroll.schemas.ts is its one definition). */
export type MonthStatus = z.infer<typeof monthStatusSchema>;

export const FIRST_DAY = (month: string) => `${month}-01`;

async function monthRow(client: pg.PoolClient | pg.Pool, month: string, forUpdate = false): Promise<MonthRow | null> {
  const { rows } = await client.query<MonthRow>(
    `select to_char(month, 'YYYY-MM') as month, status, template_code, computed_at, computed_by, revision, computed_revision, locked_at, locked_by
     from payroll_months where month = $1::date ${forUpdate ? 'for update' : ''}`,
    [FIRST_DAY(month)],
  );
  return rows[0] ?? null;
}

/** The month's row, created OPEN when missing, locked against concurrent payroll changes. */
export async function lockedMonthRow(client: pg.PoolClient, month: string): Promise<MonthRow> {
  await client.query(`insert into payroll_months (month) values ($1::date) on conflict do nothing`, [FIRST_DAY(month)]);
  const row = await monthRow(client, month, true);
  if (!row) throw new Error(`payroll: month ${month} vanished`);
  return row;
}

function isStale(row: MonthRow): boolean {
  return row.computed_revision !== null && row.computed_revision !== row.revision;
}

export async function monthStatus(pool: pg.Pool, month: string): Promise<MonthStatus> {
  const row = await monthRow(pool, month);
  const { rows } = await pool.query<{ n: string }>(`select count(*) as n from payslips where month = $1::date`, [FIRST_DAY(month)]);
  return {
    month,
    status: row?.status ?? 'OPEN',
    templateCode: row?.template_code ?? DEFAULT_TEMPLATE,
    computedAt: row?.computed_at?.toISOString() ?? null,
    computedBy: row?.computed_by ?? null,
    stale: row ? isStale(row) : false,
    lockedAt: row?.locked_at?.toISOString() ?? null,
    lockedBy: row?.locked_by ?? null,
    payslips: Number(rows[0]?.n ?? 0),
  };
}

// ---------------------------------------------------------------- lock

/**
 * OPEN → LOCKED, once computed and not stale (permission `payroll.lock`). The lock stands in for the
 * approval flow (审批) until workflows exist; then the lock becomes the approval's last step.
 */
export async function lockMonth(pool: pg.Pool, month: string, actor: PayrollActor): Promise<MonthStatus> {
  assertPermission(actor.user, 'payroll.lock');
  await inTransaction(pool, async (client) => {
    const row = await lockedMonthRow(client, month);
    if (row.status === 'LOCKED') throw conflict('PAYROLL_MONTH_ALREADY_LOCKED', `${month} 的薪酬已锁定。`, `Payroll for ${month} is already locked.`);
    if (!row.computed_at) throw conflict('PAYROLL_NOT_COMPUTED', `${month} 的薪酬尚未计算，不能锁定。`, `Payroll for ${month} has not been computed; it cannot be locked.`);
    if (isStale(row)) {
      throw conflict(
        'PAYROLL_STALE',
        `${month} 的薪酬调整或提成模板在计算之后有变动，请先重新计算再锁定。`,
        `Adjustments or the commission template of ${month} changed after it was computed; recompute before locking.`,
      );
    }
    await client.query(`update payroll_months set status = 'LOCKED', locked_at = now(), locked_by = $2 where month = $1::date`, [FIRST_DAY(month), actor.user.username]);
    await writeAudit(client, { user: actor.user, action: 'payroll.lock', entity: 'payroll_month', entityId: month, detail: { month }, ip: actor.ip });
  });
  return monthStatus(pool, month);
}
