/**
 * The advisory lock keys of the whole application, in one place (scale.md: imports hold a
 * database lock so that two importers never interleave a day, whatever process runs them).
 */
export const LOCKS = {
  /** Schema migrations at start-up. */
  migrate: 74_201_001,
  /** An end-of-day import, and anything that changes what it derives (relationships). */
  extractImport: 74_201_002,
  /** An org import (teams, staff, relationships). */
  orgImport: 74_201_003,
  /** Held (with the run id as second key) by the process running an end-of-day import: extract/import-runs.ts. */
  importRun: 74_201_004,
  /** Held (with the campaign id as second key) by the worker sending a campaign's messages: outreach/delivery/sender.ts. */
  outreachSend: 74_201_005,
  /** Held by the server process doing its start-up work (the demo build, labels): main.ts `prepare`. */
  startup: 74_201_006,
  /** Held (with the trade date's day number as second key) by the process importing that day: extract/import-runs.ts. */
  importDay: 74_201_007,
  /** Held by the process vacuuming in autovacuum's place after an import: housekeeping/vacuum.service.ts. */
  vacuumPass: 74_201_008,
} as const;
