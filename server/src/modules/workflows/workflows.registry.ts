/**
 * The operation registry of the workflow engine: each flow type (APPOINTMENT_OPEN,
 * RELATIONSHIP_CHANGE, … and the staff operations of the staff module) defines its payload
 * schema, its database checks and its outcome hook, and start-up (app.ts) registers the
 * definitions here — importing a file registers nothing. The engine (workflows.service.ts) knows
 * nothing of the business: it validates with `payloadSchema` and `validate` when a flow starts or
 * is resubmitted, and again right before the final approval, then calls `apply` in the approval's
 * transaction.
 *
 *   export const staffLevelChange = defineOperation({
 *     type: 'STAFF_LEVEL_CHANGE',
 *     payloadSchema: z.object({ staffNo: z.string(), level: z.enum(STAFF_LEVELS), effectiveFrom: … }),
 *     describe: (p) => ({ title: `${p.staffNo}: ${p.level}`, subjectStaffNo: p.staffNo, customerNo: null }),
 *     validate: async (client, p, ctx) => [...problems naming fields of p],
 *     apply: async (client, p, ctx) => ({ ...what changed }),
 *   });
 */
import type pg from 'pg';
import type { z } from 'zod';
import type { Role, ScopeLevel } from '../auth/auth.rules.js';

/** Who started the flow (the initiator) or acts on it. */
export interface WorkflowActor {
  userId: string;
  username: string;
  role: Role;
  scopeLevel: ScopeLevel;
  staffNo: string | null;
  teamCode: string | null;
  branchCode: string | null;
}

export interface OperationContext {
  /** The flow's initiator (at `validate` and `apply` alike). */
  initiator: WorkflowActor;
  /** The login acting now: the initiator when starting, the last approver when applying. */
  actor: WorkflowActor;
  /** Today in the business time zone (YYYY-MM-DD). */
  today: string;
  /** The app's clock at the request (the instant `today` is taken from). */
  now: Date;
  /** The flow's id; null while a start is being validated before the flow exists. */
  workflowId: string | null;
  /** The client address, for the audit log. */
  ip: string;
}

/** A payload field that is wrong, in Chinese and English; `field` is the payload's key (`staffNo`). */
export interface PayloadProblem {
  field: string;
  zh: string;
  en: string;
}

export interface OperationDescription {
  /** One line for lists: `C0001：S001 → S002，2025-06-16 起`. */
  title: string;
  /** The staff member the request is about (monitoring of a SELF scope). */
  subjectStaffNo: string | null;
  customerNo: string | null;
}

export type ClosedStatus = 'REJECTED' | 'WITHDRAWN';

export interface WorkflowOperation<P> {
  readonly type: string;
  /** The payload as the API accepts it; its output is what the flow stores (and must parse again). */
  readonly payloadSchema: z.ZodType<P>;
  /** Defaults that come from the initiator (e.g. `staffNo` = the caller's staff record). */
  complete?(payload: P, ctx: OperationContext): P;
  /** Checks against the database; an empty list means the payload may be applied. */
  validate(client: pg.PoolClient, payload: P, ctx: OperationContext): Promise<PayloadProblem[]>;
  describe(payload: P): OperationDescription;
  /** After the flow is created or resubmitted, in the same transaction (e.g. registers the pending appointment). */
  onSubmit?(client: pg.PoolClient, payload: P, ctx: OperationContext): Promise<void>;
  /** The outcome hook: the business change, in the final approval's transaction, audited there. Returns what it did. */
  apply(client: pg.PoolClient, payload: P, ctx: OperationContext): Promise<Record<string, unknown>>;
  /** A rejected or withdrawn flow (e.g. closes the appointment it registered). */
  onClose?(client: pg.PoolClient, payload: P, ctx: OperationContext, status: ClosedStatus): Promise<void>;
}

/** An operation with its payload type erased: every method parses the stored payload again. */
export interface RegisteredOperation {
  readonly type: string;
  readonly payloadSchema: z.ZodType;
  complete(payload: unknown, ctx: OperationContext): Record<string, unknown>;
  validate(client: pg.PoolClient, payload: unknown, ctx: OperationContext): Promise<PayloadProblem[]>;
  describe(payload: unknown): OperationDescription;
  onSubmit(client: pg.PoolClient, payload: unknown, ctx: OperationContext): Promise<void>;
  apply(client: pg.PoolClient, payload: unknown, ctx: OperationContext): Promise<Record<string, unknown>>;
  onClose(client: pg.PoolClient, payload: unknown, ctx: OperationContext, status: ClosedStatus): Promise<void>;
}

const registry = new Map<string, RegisteredOperation>();

/** An operation ready for the registry, its payload type erased: every method parses the stored payload again. */
export function defineOperation<P>(op: WorkflowOperation<P>): RegisteredOperation {
  const parse = (payload: unknown): P => op.payloadSchema.parse(payload);
  return {
    type: op.type,
    payloadSchema: op.payloadSchema,
    complete: (payload, ctx) => {
      const parsed = parse(payload);
      return (op.complete ? op.complete(parsed, ctx) : parsed) as Record<string, unknown>;
    },
    validate: (client, payload, ctx) => op.validate(client, parse(payload), ctx),
    describe: (payload) => op.describe(parse(payload)),
    onSubmit: async (client, payload, ctx) => {
      if (op.onSubmit) await op.onSubmit(client, parse(payload), ctx);
    },
    apply: (client, payload, ctx) => op.apply(client, parse(payload), ctx),
    onClose: async (client, payload, ctx, status) => {
      if (op.onClose) await op.onClose(client, parse(payload), ctx, status);
    },
  };
}

/**
 * Registers operations with the engine, at start-up (buildApp). Registering a definition again is a
 * no-op (every app built in one process registers the same ones); two definitions of one type are an error.
 */
export function registerOperations(ops: readonly RegisteredOperation[]): void {
  for (const op of ops) {
    const known = registry.get(op.type);
    if (known === op) continue;
    if (known) throw new Error(`workflow operation ${op.type} is registered twice`);
    registry.set(op.type, op);
  }
}

export function operationOf(type: string): RegisteredOperation | undefined {
  return registry.get(type);
}

export function registeredTypes(): string[] {
  return [...registry.keys()];
}
