import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/harness.js';
import { LOCKS } from '../../db/locks.js';
import { autovacuumWarning } from './vacuum.rules.js';
import { autovacuumPass, autovacuumSettings, checkAutovacuum, tableStates } from './vacuum.service.js';

/**
 * The pass in autovacuum's place, called directly: the test server may run autovacuum (the embedded one)
 * or not (this machine's external one), and the pass decides from the counters either way.
 *
 * Every table below has 1,000 rows and, from its own settings, a vacuum threshold of 50 + 0.1 × 1,000 =
 * 150 dead tuples and an analyze threshold of 50 + 0.2 × 1,000 = 250 changed rows. The tables past the
 * rule lose 151 rows, the one under it 150.
 */
const SETTINGS = `autovacuum_vacuum_threshold = 50, autovacuum_vacuum_scale_factor = 0.1, autovacuum_vacuum_insert_threshold = 50,
  autovacuum_vacuum_insert_scale_factor = 0.1, autovacuum_analyze_threshold = 50, autovacuum_analyze_scale_factor = 0.2`;
const PAST = ['public.vac_past', 'vac_s."vac Past"', 'public.vac_parts_1'];
const UNDER = 'public.vac_under';

describe('autovacuumPass', () => {
  const db = useTestDb(async (d) => {
    const client = await d.pool.connect();
    try {
      // The statistics of a statement reach pg_stat_user_tables when its backend goes idle, at most once a
      // second unless forced: forced here, so that the vacuum below resets counters that include the inserts.
      await client.query(`
        create schema vac_s;
        create table vac_past (id int) with (${SETTINGS});
        create table vac_s."vac Past" (id int) with (${SETTINGS});
        create table vac_parts (id int) partition by range (id);
        create table vac_parts_1 partition of vac_parts for values from (0) to (100000) with (${SETTINGS});
        create table vac_under (id int) with (${SETTINGS});
        insert into vac_past select generate_series(1, 1000);
        insert into vac_s."vac Past" select generate_series(1, 1000);
        insert into vac_parts select generate_series(1, 1000);
        insert into vac_under select generate_series(1, 1000);
        select pg_stat_force_next_flush();`);
      await client.query(`vacuum (analyze) ${[...PAST, UNDER].join(', ')}`);
      await client.query(`
        delete from vac_past where id <= 151;
        delete from vac_s."vac Past" where id <= 151;
        delete from vac_parts where id <= 151;
        delete from vac_under where id <= 150;
        select pg_stat_force_next_flush();`);
    } finally {
      client.release();
    }
  });

  const counters = async () => {
    const { rows } = await db.pool.query<{ name: string; dead: number; vacuums: number; analyzes: number }>(
      `select format('%I.%I', schemaname, relname) as name, n_dead_tup::int as dead, vacuum_count::int as vacuums, analyze_count::int as analyzes
         from pg_stat_user_tables where relname like 'vac%' order by 1`,
    );
    return Object.fromEntries(rows.map(({ name, ...r }) => [name, r]));
  };

  it('reads each table’s counters and its own settings', async () => {
    const states = await tableStates(db.pool, 'vac_under');
    expect(states).toEqual([
      {
        name: UNDER, reltuples: 1000, deadTuples: 150, insertedSinceVacuum: 0, modifiedSinceAnalyze: 150, enabled: true,
        vacuumThreshold: 50, vacuumScaleFactor: 0.1, insertThreshold: 50, insertScaleFactor: 0.1, analyzeThreshold: 50, analyzeScaleFactor: 0.2,
      },
    ]);
    // the partitioned parent holds no rows and is never vacuumed itself: only its partition is listed
    expect((await tableStates(db.pool)).map((t) => t.name).filter((n) => n.includes('vac_parts'))).toEqual(['public.vac_parts_1']);
  });

  it('vacuums and analyzes the tables past the rule (another schema’s and a partition too) and leaves the one under it alone', async () => {
    expect(await counters()).toEqual({
      'public.vac_parts': { dead: 0, vacuums: 0, analyzes: 0 },
      'public.vac_parts_1': { dead: 151, vacuums: 1, analyzes: 1 },
      'public.vac_past': { dead: 151, vacuums: 1, analyzes: 1 },
      'public.vac_under': { dead: 150, vacuums: 1, analyzes: 1 },
      'vac_s."vac Past"': { dead: 151, vacuums: 1, analyzes: 1 },
    });
    const logged: string[] = [];
    const result = await autovacuumPass(db.pool, (m) => logged.push(m));
    expect({ ...result, ms: 0 }).toEqual({ vacuumed: 3, analyzed: 0, failed: 0, ms: 0 });
    expect(logged).toEqual([]);
    const after = await counters();
    for (const name of PAST) expect(after[name]).toEqual({ dead: 0, vacuums: 2, analyzes: 2 });
    expect(after[UNDER]).toEqual({ dead: 150, vacuums: 1, analyzes: 1 });
    expect(after['public.vac_parts']).toEqual({ dead: 0, vacuums: 0, analyzes: 0 }); // the partitioned parent: its partition was vacuumed
  });

  it('waits while another pass holds the lock', async () => {
    const other = await db.pool.connect();
    try {
      await other.query('select pg_advisory_lock($1)', [LOCKS.vacuumPass]);
      let settled = false;
      const pass = autovacuumPass(db.pool, () => undefined).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      await other.query('select pg_advisory_unlock($1)', [LOCKS.vacuumPass]);
      // the first pass left nothing due
      expect({ ...(await pass), ms: 0 }).toEqual({ vacuumed: 0, analyzed: 0, failed: 0, ms: 0 });
    } finally {
      other.release();
    }
  });
});

describe('checkAutovacuum', () => {
  const db = useTestDb();

  it('logs the warning for the test server’s own settings, and nothing when autovacuum runs', async () => {
    const settings = await autovacuumSettings(db.pool);
    expect(typeof settings.autovacuum).toBe('boolean');
    expect(typeof settings.trackCounts).toBe('boolean');
    const logged: string[] = [];
    await checkAutovacuum(db.pool, (m) => logged.push(m));
    const warning = autovacuumWarning(settings);
    expect(logged).toEqual(warning ? [warning] : []);
  });
});
