/**
 * The six relationship operations (经纪关系管理) as forms: their URL, the fields of their payload
 * (interfaces.md "Workflows and relationships") and how a field is entered and checked.
 */
import { RELATIONSHIP_OPERATION_TYPES, type RelationshipOperationType } from '../../workflows/workflowApi';

/** How a field is entered: typed, a date, a choice, or a searchable picker of a customer, staff member or branch (CodePicker). */
export type FieldInput = 'text' | 'date' | 'kind' | 'kindOptional' | 'appointment' | 'customer' | 'staff' | 'colleague' | 'branch';
export type FieldCheck = 'idNo' | 'mobile' | 'weight' | 'rate';

export interface OperationField {
  /** The payload key (and the message key `wf.field.<name>`). */
  name: string;
  input: FieldInput;
  required: boolean;
  check?: FieldCheck;
  /** The caller's own staff number or branch is used when left empty (the server's default). */
  defaultsTo?: 'ownStaff' | 'one';
  /** Sent as null when left empty (the payload names it, with no value), rather than left out. */
  nullable?: boolean;
}

export const OPERATION_FIELDS: Record<RelationshipOperationType, OperationField[]> = {
  APPOINTMENT_OPEN: [
    { name: 'name', input: 'text', required: true },
    { name: 'idNo', input: 'text', required: true, check: 'idNo' },
    { name: 'mobile', input: 'text', required: true, check: 'mobile' },
    { name: 'branch', input: 'branch', required: true },
    { name: 'appointmentDate', input: 'date', required: true },
    { name: 'staffNo', input: 'staff', required: false, defaultsTo: 'ownStaff' },
    { name: 'weight', input: 'text', required: false, check: 'weight', defaultsTo: 'one' },
  ],
  APPOINTMENT_VOID: [{ name: 'appointmentId', input: 'appointment', required: true }],
  NON_APPOINTMENT_OPEN: [
    { name: 'customerNo', input: 'customer', required: true },
    { name: 'staffNo', input: 'staff', required: false, defaultsTo: 'ownStaff' },
    { name: 'effectiveFrom', input: 'date', required: true },
    { name: 'weight', input: 'text', required: false, check: 'weight', defaultsTo: 'one' },
    { name: 'assessmentSet', input: 'text', required: false },
  ],
  RELATIONSHIP_ADD: [
    { name: 'customerNo', input: 'customer', required: true },
    { name: 'staffNo', input: 'staff', required: true },
    { name: 'kind', input: 'kind', required: true },
    { name: 'weight', input: 'text', required: true, check: 'weight' },
    { name: 'assessmentSet', input: 'text', required: false, nullable: true },
    { name: 'effectiveFrom', input: 'date', required: true },
    { name: 'guaranteedRate', input: 'text', required: false, check: 'rate' },
  ],
  RELATIONSHIP_CHANGE: [
    { name: 'customerNo', input: 'customer', required: true },
    { name: 'fromStaffNo', input: 'staff', required: true },
    // the target of a change: any staff member of the customer's branch, not only the initiator's own scope
    { name: 'toStaffNo', input: 'colleague', required: true },
    { name: 'effectiveFrom', input: 'date', required: true },
    { name: 'kind', input: 'kind', required: false },
  ],
  RELATIONSHIP_REVOKE: [
    { name: 'customerNo', input: 'customer', required: true },
    { name: 'staffNo', input: 'staff', required: true },
    { name: 'endedOn', input: 'date', required: true },
    { name: 'kind', input: 'kindOptional', required: false },
  ],
};

/** appointment-open ↔ APPOINTMENT_OPEN */
export function operationSlug(type: string): string {
  return type.toLowerCase().replace(/_/g, '-');
}

export function operationFromSlug(slug: string | undefined): RelationshipOperationType | null {
  const type = (slug ?? '').toUpperCase().replace(/-/g, '_');
  return (RELATIONSHIP_OPERATION_TYPES as readonly string[]).includes(type) ? (type as RelationshipOperationType) : null;
}

export const RELATIONSHIP_OPS_BASE = '/relationship-ops';
export const APPOINTMENTS_PATH = `${RELATIONSHIP_OPS_BASE}/appointments`;

export function operationPath(type: string): string {
  return `${RELATIONSHIP_OPS_BASE}/${operationSlug(type)}`;
}
