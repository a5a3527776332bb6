/**
 * Step timings for profiling (CRM_PROFILE=on, off by default): each named step's count and total
 * wall time, summed over a run and listed by `profileLines` (the demo build logs them at its end,
 * docs/performance.md). Off, `profiled` only calls the step.
 */
import { config } from '../config.js';

const totals = new Map<string, { n: number; ms: number }>();
/** Profiling turned on or off by the caller (a benchmark), over CRM_PROFILE. */
let forced: boolean | null = null;

export function profiling(): boolean {
  return forced ?? config().CRM_PROFILE === 'on';
}

/** Turns profiling on or off whatever CRM_PROFILE says (null: as it says); a benchmark's. */
export function setProfiling(on: boolean | null): void {
  forced = on;
}

/** The total wall time (ms) of the step `name` so far (0 when it did not run). */
export function profileTotalMs(name: string): number {
  return totals.get(name)?.ms ?? 0;
}

/** Adds `ms` to the step `name` (when profiling). */
export function addTiming(name: string, ms: number): void {
  if (!profiling()) return;
  const entry = totals.get(name) ?? { n: 0, ms: 0 };
  entry.n += 1;
  entry.ms += ms;
  totals.set(name, entry);
}

/** Runs `fn`, its wall time added to the step `name` when profiling. */
export async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!profiling()) return fn();
  const started = performance.now();
  try {
    return await fn();
  } finally {
    addTiming(name, performance.now() - started);
  }
}

/** The steps timed so far, largest total first ("name: total s over n"), and forgets them. */
export function profileLines(): string[] {
  const lines = [...totals.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(([name, t]) => `${name}: ${(t.ms / 1000).toFixed(1)} s over ${t.n}`);
  totals.clear();
  return lines;
}
