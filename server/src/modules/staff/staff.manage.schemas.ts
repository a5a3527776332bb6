/**
 * The staff management API's shapes (人员管理, write side): one zod schema each, for validation, the
 * OpenAPI document and (through z.infer) the service's types. Dates are YYYY-MM-DD; weights decimal strings.
 */
import { z } from 'zod';
import { isCalendarDate } from '../../lib/dates.js';
import { CONTRACT_TYPES, STAFF_CATEGORIES, STAFF_LEVELS } from '../org/org.rules.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine(isCalendarDate, 'not a valid date');
const code = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
const mobile = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, 'must be an 11-digit mobile number starting with 1');
const email = z.string().trim().max(128).pipe(z.email());

export const staffNoParams = z.object({ staffNo: z.string().min(1).max(32) });

export const newStaffSchema = z
  .object({
    staffNo: code,
    name: z.string().trim().min(1).max(64),
    category: z.enum(STAFF_CATEGORIES),
    level: z.enum(STAFF_LEVELS),
    branchCode: code,
    teamCode: code.nullable().default(null),
    hireDate: date,
    leaveDate: date.nullable().default(null),
    contractType: z.enum(CONTRACT_TYPES),
    mobile: mobile.nullable().default(null),
    email: email.nullable().default(null),
  })
  .superRefine((s, ctx) => {
    if (s.leaveDate !== null && s.leaveDate < s.hireDate) {
      ctx.addIssue({ code: 'custom', path: ['leaveDate'], message: `leave date ${s.leaveDate} is before hire date ${s.hireDate}` });
    }
  });
export type NewStaff = z.output<typeof newStaffSchema>;

/**
 * A change: plain fields (name, mobile, email, hire date) are overwritten; level, team, category and
 * contract type each add a history row (历史信息) effective on `effectiveDate` (default today) and are
 * never overwritten; a leave date makes the staff member LEFT from that day.
 */
export const staffPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(64).optional(),
    mobile: mobile.nullable().optional(),
    email: email.nullable().optional(),
    hireDate: date.optional(),
    level: z.enum(STAFF_LEVELS).optional(),
    teamCode: code.nullable().optional(),
    category: z.enum(STAFF_CATEGORIES).optional(),
    contractType: z.enum(CONTRACT_TYPES).optional(),
    effectiveDate: date.optional().describe('when level, team, category or contract type change; default today'),
    leaveDate: date.nullable().optional().describe('离职日期: the last day of employment; null clears it'),
    note: z.string().trim().max(200).optional().describe('reason, kept with the history rows'),
  })
  .refine((p) => Object.entries(p).some(([key, value]) => value !== undefined && key !== 'effectiveDate' && key !== 'note'), {
    message: 'nothing to change',
  });
export type StaffPatch = z.output<typeof staffPatchSchema>;

export const historyRow = z.object({
  id: z.string(),
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  changedOn: z.string(),
  source: z.string(),
  recordedBy: z.string().nullable(),
  note: z.string().nullable(),
  recordedAt: z.string(),
  pending: z.boolean().describe('effective after today: the staff record takes it on that day'),
});
export type HistoryRow = z.infer<typeof historyRow>;

export const staffRecord = z.object({
  staffNo: z.string(),
  name: z.string(),
  category: z.enum(STAFF_CATEGORIES),
  level: z.enum(STAFF_LEVELS),
  branchCode: z.string(),
  branchName: z.string(),
  teamCode: z.string().nullable(),
  teamName: z.string().nullable(),
  hireDate: z.string(),
  leaveDate: z.string().nullable(),
  contractType: z.enum(CONTRACT_TYPES),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  status: z.enum(['ACTIVE', 'LEFT']),
});
export type StaffRecord = z.infer<typeof staffRecord>;

export const managedStaff = staffRecord.extend({
  history: z.array(historyRow),
  currentRelationships: z.number().int().describe('relationships effective today'),
  toReassign: z.number().int().describe('relationships still open after the leave date (待重新分配)'),
});
export type ManagedStaff = z.infer<typeof managedStaff>;

export const workflowRef = z.object({ id: z.string(), type: z.string(), status: z.string() });

export const staffChangeResult = z.object({
  staff: managedStaff,
  historyAdded: z.number().int(),
  workflows: z.array(workflowRef).describe('level/team changes sent for approval instead of applied'),
});
export type StaffChangeResult = z.infer<typeof staffChangeResult>;

export const toReassignQuery = z.object({
  staffNo: z.string().max(32).optional(),
  branch: z.string().max(32).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const toReassignItem = z.object({
  relationshipId: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  branchCode: z.string(),
  staffNo: z.string(),
  staffName: z.string(),
  leaveDate: z.string(),
  kind: z.enum(['DEVELOP', 'SERVICE']),
  weight: z.string(),
  effectiveFrom: z.string(),
  endedOn: z.string().nullable(),
});
export type ToReassignItem = z.infer<typeof toReassignItem>;
export const toReassignList = z.object({ items: z.array(toReassignItem), total: z.number().int() });

export const manageOptions = z.object({
  branches: z.array(z.object({ code: z.string(), name: z.string() })),
  teams: z.array(z.object({ code: z.string(), name: z.string(), branchCode: z.string() })),
  changesNeedApproval: z.boolean(),
});
export type ManageOptions = z.infer<typeof manageOptions>;

export const approvalSetting = z.object({ changesNeedApproval: z.boolean() });
