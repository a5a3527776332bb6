/**
 * The first start's time-left estimate (pure: no clock, no I/O). The demo build is measured in
 * "day units": importing (and deriving) one trading day is one unit; the org import that follows
 * (teams, staff, relationships and every day's staff figures) costs about ORG_UNITS_PER_DAY units
 * per imported day (measured: ~21 s for 120 days after ~170 s of days on a quiet 2-core machine).
 */

/** The stages of a start, in order; READY means the API answers normally. */
export const STARTUP_STAGES = ['PREPARING', 'GENERATING', 'IMPORTING', 'ORG', 'LOGINS', 'READY'] as const;
export type StartupStage = (typeof STARTUP_STAGES)[number];

export const ORG_UNITS_PER_DAY = 0.125;

export interface ProgressPoint {
  stage: StartupStage;
  daysImported: number;
  daysTotal: number;
  /** the recent pace (PACE_WINDOW_DAYS), null before the first day */
  secondsPerDay: number | null;
  /** seconds since the current stage started */
  secondsInStage: number;
}

/** The pace is taken over the last days imported: the first ones share the machine with the generator. */
export const PACE_WINDOW_DAYS = 10;

/**
 * Seconds per day over the last PACE_WINDOW_DAYS days, from the moments (ms) the build started
 * and each day was imported; null before the first day.
 */
export function recentSecondsPerDay(buildStartedMs: number, dayImportedMs: readonly number[]): number | null {
  const n = dayImportedMs.length;
  if (n === 0) return null;
  const window = Math.min(PACE_WINDOW_DAYS, n);
  const from = n > window ? dayImportedMs[n - window - 1]! : buildStartedMs;
  return (dayImportedMs[n - 1]! - from) / 1000 / window;
}

/**
 * Seconds until the demo is ready, at the recent pace (whole seconds, rounded up, plus one for the
 * logins); null while no day has been imported yet (no pace to go by).
 */
export function estimateSecondsLeft(p: ProgressPoint): number | null {
  if (p.stage === 'READY') return 0;
  if (p.stage === 'LOGINS') return 1;
  if (p.secondsPerDay === null || p.daysTotal === 0) return null;
  const orgUnits = ORG_UNITS_PER_DAY * p.daysTotal;
  if (p.stage === 'ORG') return Math.max(1, Math.ceil(p.secondsPerDay * orgUnits - p.secondsInStage) + 1);
  return Math.ceil(p.secondsPerDay * (p.daysTotal - p.daysImported + orgUnits)) + 1;
}
