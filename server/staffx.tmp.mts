import pg from 'pg';
const att = await import('/work/main/server/src/modules/attribution/attribution.service.ts');
await import('/work/main/server/src/db/database.ts');
const db = process.argv[2]!; const mode = process.argv[3];
const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:5432/${db}` });
const client = await pool.connect();
await client.query('begin');
const orig = client.query.bind(client);
(client as any).query = async (sql: any, params?: unknown[]) => {
  if (typeof sql !== 'string' || /^\s*select (current_setting|set_config)/.test(sql) || !/insert|update|delete|with/i.test(sql.slice(0, 20))) return orig(sql, params);
  const t = Date.now();
  const r = await orig(mode === 'v' ? `explain (analyze, buffers, costs off) ${sql}` : sql, params);
  console.log(`---- ${Date.now() - t} ms: ${sql.slice(0, 100).replace(/\s+/g, ' ')}`);
  if (mode === 'v') { console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n')); return { rows: [] }; }
  return r;
};
const t = Date.now();
await att.rederiveStaffFiguresSince(client, '2000-01-01');
console.log('total', Date.now() - t);
await orig('rollback'); client.release(); await pool.end();
