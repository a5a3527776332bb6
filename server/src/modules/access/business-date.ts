/** Moved to lib/dates.ts; re-exported here only for staff.manage.routes.ts until it imports lib/dates.ts (then delete this file). */
export { businessDate } from '../../lib/dates.js';
