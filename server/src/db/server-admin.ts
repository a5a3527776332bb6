/**
 * Server-level chores done outside any pool: statements such as CREATE/DROP DATABASE that must run
 * on a connection of their own, and the URL of another database on the same server. Used by the
 * test harness and the benchmarks, which make and drop databases beside the configured one.
 */
import pg from 'pg';

/** Runs the statements in order on one short-lived connection to `url`. */
export async function onServer(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The same server and credentials as `url`, another database. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}
