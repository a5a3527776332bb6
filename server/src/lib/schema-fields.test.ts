import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { staffPlacement } from './schema-fields.js';

describe('staffPlacement: where a staff member sits', () => {
  const placed = z.object({ staffNo: z.string(), ...staffPlacement });

  it('takes a team and a branch, or a branch alone (team null)', () => {
    const inTeam = { staffNo: 'S001', teamCode: 'T01', teamName: '一组', branchCode: 'B01', branchName: '上海营业部' };
    const noTeam = { staffNo: 'S002', teamCode: null, teamName: null, branchCode: 'B01', branchName: '上海营业部' };
    expect(placed.parse(inTeam)).toEqual(inTeam);
    expect(placed.parse(noTeam)).toEqual(noTeam);
  });

  it('refuses a staff member without a branch', () => {
    const result = placed.safeParse({ staffNo: 'S003', teamCode: null, teamName: null, branchCode: null, branchName: '上海营业部' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['branchCode']]);
  });

  it('lists the fields in the order the API documents them', () => {
    expect(Object.keys(staffPlacement)).toEqual(['teamCode', 'teamName', 'branchCode', 'branchName']);
  });
});
