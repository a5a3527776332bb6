/**
 * Names beside the codes a flow names (流程中的客户与员工姓名): the customer and the staff members of a
 * relationship operation, so that a list or an approval reads "张三（1000000004）：李四（S01003）→
 * 王五（S01004）" instead of bare numbers. Only names the caller may see: a customer in the caller's
 * current or history scope (customers.sql.ts), a staff member in the caller's staff scope; any other
 * code stays without a name. Branch and team names (营业部、团队) are the firm's organisation, not
 * anybody's data: every code a flow names gets its name.
 */
import type pg from 'pg';
import { customerScope, staffScope } from '../access/scope.js';
import { customerHistoryScope } from '../customers/customers.sql.js';
import type { WorkflowActor } from './workflows.registry.js';
import type { CodeNames } from './workflows.schemas.js';

/** The payload fields that carry a staff number (relationship operations and staff operations alike). */
const STAFF_FIELDS = ['staffNo', 'fromStaffNo', 'toStaffNo'] as const;

/** The payload fields that carry a branch or team code. */
const UNIT_FIELDS = ['branch', 'branchCode', 'teamCode'] as const;

export interface NamedFlow {
  customerNo: string | null;
  /** The initiator's branch and team. */
  branchCode?: string | null;
  teamCode?: string | null;
  payload: Record<string, unknown>;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function customerCodes(flow: NamedFlow): string[] {
  return [flow.customerNo, text(flow.payload.customerNo)].filter((code): code is string => code !== null);
}

function staffCodes(flow: NamedFlow): string[] {
  return STAFF_FIELDS.map((field) => text(flow.payload[field])).filter((code): code is string => code !== null);
}

function unitCodes(flow: NamedFlow): string[] {
  return [flow.branchCode ?? null, flow.teamCode ?? null, ...UNIT_FIELDS.map((field) => text(flow.payload[field]))].filter((code): code is string => code !== null);
}

function pick(names: ReadonlyMap<string, string>, codes: string[]): Record<string, string> {
  return Object.fromEntries(codes.flatMap((code) => (names.has(code) ? [[code, names.get(code)!] as const] : [])));
}

/** The names of each flow's codes, in the order of `flows`: two queries for the lot, whatever their number. */
export async function flowNames(db: pg.Pool | pg.PoolClient, actor: WorkflowActor, asOf: string, flows: readonly NamedFlow[]): Promise<CodeNames[]> {
  const customers = [...new Set(flows.flatMap(customerCodes))];
  const staff = [...new Set(flows.flatMap(staffCodes))];
  const units = [...new Set(flows.flatMap(unitCodes))];
  const subject = { role: actor.role, staffNo: actor.staffNo };
  const customerNames = new Map<string, string>();
  const staffNames = new Map<string, string>();
  const unitNames = new Map<string, string>();
  if (customers.length > 0) {
    const values: unknown[] = [customers];
    const current = customerScope(subject, { alias: 'c', params: values, asOf });
    const history = customerHistoryScope(subject, { alias: 'c', params: values, asOf });
    const { rows } = await db.query<{ code: string; name: string }>(
      `select c.customer_no as code, c.name from customers c where c.customer_no = any($1::text[]) and (${current} or ${history})`,
      values,
    );
    for (const row of rows) customerNames.set(row.code, row.name);
  }
  if (staff.length > 0) {
    const values: unknown[] = [staff];
    const { rows } = await db.query<{ code: string; name: string }>(
      `select s.staff_no as code, s.name from staff s where s.staff_no = any($1::text[]) and ${staffScope(subject, { alias: 's', params: values })}`,
      values,
    );
    for (const row of rows) staffNames.set(row.code, row.name);
  }
  if (units.length > 0) {
    const { rows } = await db.query<{ code: string; name: string }>(
      `select branch_code as code, branch_name as name from branches where branch_code = any($1::text[])
       union all select team_code, team_name from teams where team_code = any($1::text[])`,
      [units],
    );
    for (const row of rows) unitNames.set(row.code, row.name);
  }
  return flows.map((flow) => ({
    customers: pick(customerNames, customerCodes(flow)),
    staff: pick(staffNames, staffCodes(flow)),
    units: pick(unitNames, unitCodes(flow)),
  }));
}
