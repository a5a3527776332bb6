/**
 * Code lists the server validates against in more than one place (the extract format, the HTTP
 * filters, the demo generator). Each list is labelled in shared/codes.ts (checked at compile time
 * and in codes.test.ts).
 */
import type { CODES } from '../../../shared/codes.js';

/** customers.status, fund_accounts.status: the account status (账户状态). */
export const CUSTOMER_STATUSES = ['NORMAL', 'FROZEN', 'LOST', 'DORMANT', 'CLOSED'] as const satisfies readonly (keyof (typeof CODES)['customerStatus'])[];

export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
