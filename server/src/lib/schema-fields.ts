/**
 * zod field groups that several modules' API shapes share, spread into their objects
 * (`z.object({ staffNo, name, ...staffPlacement })`) so that one definition documents them all.
 */
import { z } from 'zod';

/** Where a staff member sits: the team (团队, none for staff outside a team) and the branch (营业部), code and name. */
export const staffPlacement = {
  teamCode: z.string().nullable(),
  teamName: z.string().nullable(),
  branchCode: z.string(),
  branchName: z.string(),
};
