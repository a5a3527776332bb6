/**
 * Payroll adjustments (薪酬调整, business-rules.md §5): read within the caller's scope; recorded,
 * changed and deleted (permission `payroll.adjust`) only in an OPEN month, each change marking the
 * month stale and audited in the same transaction. A locked month's corrections go to the next month.
 */
import type pg from 'pg';
import type { z } from 'zod';
import { inTransaction } from '../../db/database.js';
import { AppError, notFound, unprocessable } from '../../errors.js';
import { staffScope } from '../access/scope.js';
import { writeAudit } from '../audit/audit.service.js';
import { assertPermission, type AuthUser } from '../auth/auth.service.js';
import { addMonths } from '../../lib/dates.js';
import { ADJUSTMENT_TITLES, money, moneyText, signedAdjustment, type AdjustmentKind } from './payroll.rules.js';
import { FIRST_DAY, lockedMonthRow, monthLocked, type PayrollActor } from './payroll.months.service.js';
import type { adjustmentSchema } from './payroll.schemas.js';

/** An adjustment as the routes answer it (payroll.schemas.ts is its one definition). */
export type Adjustment = z.infer<typeof adjustmentSchema>;

interface AdjustmentRow {
  id: string;
  month: string;
  staff_no: string;
  kind: AdjustmentKind;
  amount: string;
  note: string | null;
  corrects_month: string | null;
  created_by: string;
  created_at: Date;
  updated_by: string | null;
  updated_at: Date | null;
}

const ADJUSTMENT_COLUMNS = `a.id::text, to_char(a.month, 'YYYY-MM') as month, a.staff_no, a.kind, a.amount::text, a.note,
  to_char(a.corrects_month, 'YYYY-MM') as corrects_month, a.created_by, a.created_at, a.updated_by, a.updated_at`;

function adjustmentOf(r: AdjustmentRow): Adjustment {
  return {
    id: r.id, month: r.month, staffNo: r.staff_no, kind: r.kind, title: ADJUSTMENT_TITLES[r.kind].zh, amount: moneyText(money(r.amount)), note: r.note,
    correctsMonth: r.corrects_month, createdBy: r.created_by, createdAt: r.created_at.toISOString(), updatedBy: r.updated_by,
    updatedAt: r.updated_at?.toISOString() ?? null,
  };
}

export async function listAdjustments(pool: pg.Pool, month: string, user: AuthUser): Promise<Adjustment[]> {
  const params: unknown[] = [FIRST_DAY(month)];
  const scope = staffScope(user, { alias: 's', params });
  const { rows } = await pool.query<AdjustmentRow>(
    `select ${ADJUSTMENT_COLUMNS} from payroll_adjustments a join staff s on s.staff_no = a.staff_no
     where a.month = $1::date and ${scope} order by a.staff_no, a.id`,
    params,
  );
  return rows.map(adjustmentOf);
}

export interface NewAdjustment {
  month: string;
  staffNo: string;
  kind: AdjustmentKind;
  /** Positive magnitude; the sign follows the kind. */
  amount: string;
  note?: string | null;
  /** When `month` is locked, record the adjustment against the next month as a correction of it. */
  toNextMonth?: boolean;
}

function badAmount(): AppError {
  return unprocessable('PAYROLL_BAD_AMOUNT', '金额须为大于 0、最多两位小数的数字；扣款类调整自动记为负数。', 'The amount must be a positive number with at most two decimals; deductions are stored as negative amounts.', [
    { field: 'body.amount', message: { zh: '金额须为正数，最多两位小数', en: 'a positive amount with at most two decimals' } },
  ]);
}

async function bumpRevision(client: pg.PoolClient, month: string): Promise<void> {
  await client.query(`update payroll_months set revision = revision + 1 where month = $1::date`, [FIRST_DAY(month)]);
}

export async function createAdjustment(pool: pg.Pool, input: NewAdjustment, actor: PayrollActor): Promise<Adjustment> {
  assertPermission(actor.user, 'payroll.adjust');
  const amount = signedAdjustment(input.kind, input.amount);
  if (!amount) throw badAmount();
  return inTransaction(pool, async (client) => {
    const { rows: staff } = await client.query(`select 1 from staff where staff_no = $1`, [input.staffNo]);
    if (!staff.length) {
      throw unprocessable('PAYROLL_UNKNOWN_STAFF', `没有员工 ${input.staffNo}。`, `No staff member ${input.staffNo}.`, [
        { field: 'body.staffNo', message: { zh: '员工不存在', en: 'no such staff member' } },
      ]);
    }
    let month = input.month;
    let correctsMonth: string | null = null;
    let row = await lockedMonthRow(client, month);
    if (row.status === 'LOCKED') {
      if (!input.toNextMonth) throw monthLocked(month);
      correctsMonth = month;
      month = addMonths(month, 1);
      row = await lockedMonthRow(client, month);
      if (row.status === 'LOCKED') throw monthLocked(month);
    }
    const { rows } = await client.query<AdjustmentRow>(
      `insert into payroll_adjustments as a (month, staff_no, kind, amount, note, corrects_month, created_by)
       values ($1::date, $2, $3, $4, $5, $6::date, $7) returning ${ADJUSTMENT_COLUMNS}`,
      [FIRST_DAY(month), input.staffNo, input.kind, amount.toFixed(2), input.note ?? null, correctsMonth ? FIRST_DAY(correctsMonth) : null, actor.user.username],
    );
    await bumpRevision(client, month);
    const created = adjustmentOf(rows[0]!);
    await writeAudit(client, { user: actor.user, action: 'payroll.adjustment.create', entity: 'payroll_adjustment', entityId: created.id, detail: created, ip: actor.ip });
    return created;
  });
}

export interface AdjustmentChange {
  kind?: AdjustmentKind;
  amount?: string;
  note?: string | null;
}

/** The adjustment locked for update, refusing when it is missing or its month is locked. */
async function openAdjustment(client: pg.PoolClient, id: string): Promise<AdjustmentRow> {
  const { rows } = await client.query<AdjustmentRow>(`select ${ADJUSTMENT_COLUMNS} from payroll_adjustments a where a.id = $1::bigint`, [id]);
  const existing = rows[0];
  if (!existing) throw notFound();
  const month = await lockedMonthRow(client, existing.month);
  if (month.status === 'LOCKED') throw monthLocked(existing.month);
  return existing;
}

export async function updateAdjustment(pool: pg.Pool, id: string, change: AdjustmentChange, actor: PayrollActor): Promise<Adjustment> {
  assertPermission(actor.user, 'payroll.adjust');
  return inTransaction(pool, async (client) => {
    const existing = await openAdjustment(client, id);
    const kind = change.kind ?? existing.kind;
    const amount = signedAdjustment(kind, change.amount ?? money(existing.amount).abs().toFixed(2));
    if (!amount) throw badAmount();
    const note = change.note === undefined ? existing.note : change.note;
    const { rows } = await client.query<AdjustmentRow>(
      `update payroll_adjustments a set kind = $2, amount = $3, note = $4, updated_by = $5, updated_at = now() where a.id = $1::bigint
       returning ${ADJUSTMENT_COLUMNS}`,
      [id, kind, amount.toFixed(2), note, actor.user.username],
    );
    await bumpRevision(client, existing.month);
    const updated = adjustmentOf(rows[0]!);
    await writeAudit(client, {
      user: actor.user, action: 'payroll.adjustment.update', entity: 'payroll_adjustment', entityId: id,
      detail: { before: adjustmentOf(existing), after: updated }, ip: actor.ip,
    });
    return updated;
  });
}

export async function deleteAdjustment(pool: pg.Pool, id: string, actor: PayrollActor): Promise<void> {
  assertPermission(actor.user, 'payroll.adjust');
  await inTransaction(pool, async (client) => {
    const existing = await openAdjustment(client, id);
    await client.query(`delete from payroll_adjustments where id = $1::bigint`, [id]);
    await bumpRevision(client, existing.month);
    await writeAudit(client, { user: actor.user, action: 'payroll.adjustment.delete', entity: 'payroll_adjustment', entityId: id, detail: adjustmentOf(existing), ip: actor.ip });
  });
}
