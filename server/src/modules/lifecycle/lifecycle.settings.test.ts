/** The churn setting of 系统设置 (admin.settings.ts churnSchema, migration 0021's default), on both sides of each bound. */
import { describe, expect, it } from 'vitest';
import { churnSchema } from '../admin/admin.settings.js';

const DEFAULT = { threshold: '0.5', horizonDays: 40, eventMaxNetAsset: '1000', eventOutflowPercent: '80', eventWindowDays: 20 };

describe('churn setting', () => {
  it('accepts the default and the bounds', () => {
    for (const value of [DEFAULT, { ...DEFAULT, threshold: '0' }, { ...DEFAULT, threshold: '1' }, { ...DEFAULT, threshold: '0.9999' },
      { ...DEFAULT, horizonDays: 5 }, { ...DEFAULT, horizonDays: 250 }, { ...DEFAULT, eventOutflowPercent: '1000' }, { ...DEFAULT, eventMaxNetAsset: '0' }]) {
      expect(churnSchema.safeParse(value).success, JSON.stringify(value)).toBe(true);
    }
  });

  it('refuses a threshold above 1, a horizon outside 5–250, a percent above 1000 and another window than 20', () => {
    const fields = (value: object) => (churnSchema.safeParse(value).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(fields({ ...DEFAULT, threshold: '1.0001' })).toEqual(['threshold']);
    expect(fields({ ...DEFAULT, threshold: '-0.1' })).toEqual(['threshold']);
    expect(fields({ ...DEFAULT, horizonDays: 4 })).toEqual(['horizonDays']);
    expect(fields({ ...DEFAULT, horizonDays: 251 })).toEqual(['horizonDays']);
    expect(fields({ ...DEFAULT, eventOutflowPercent: '1000.01' })).toEqual(['eventOutflowPercent']);
    expect(fields({ ...DEFAULT, eventWindowDays: 19 })).toEqual(['eventWindowDays']);
  });
});
