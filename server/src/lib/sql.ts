/** Small helpers for writing SQL text that are not business rules. */
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Pushes `value` onto `params` and returns its placeholder (`$3`). */
export function bindParam(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

/** `text` for a LIKE pattern, its wildcards (percent, underscore, backslash) taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * `text` with `values` as a named prepared statement, named by a hash of the text: a connection
 * parses and plans it once, and PostgreSQL keeps a generic plan after five executions when it is no
 * dearer, so each later use only binds and executes. For hot reads of fixed text (the 360° view's
 * sections: their planning was about half the database's CPU per view, docs/performance.md "Part G").
 */
export function prepared(text: string, values: unknown[]): { name: string; text: string; values: unknown[] } {
  return { name: `q_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text, values };
}

/**
 * Runs `fn` with planner or session settings changed for the caller's transaction only
 * (set_config(…, true)), then puts back what it found: one round trip before and one after. Not in a
 * `finally`: after an error the transaction is aborted and its local settings go with it.
 */
export async function withLocalSettings<T>(client: pg.PoolClient, settings: Readonly<Record<string, string>>, fn: () => Promise<T>): Promise<T> {
  const names = Object.keys(settings);
  const n = names.length;
  const { rows } = await client.query<Record<string, string>>(
    `select ${names.map((_, i) => `current_setting($${i + 1}) as s${i}, set_config($${i + 1}, $${n + i + 1}, true)`).join(', ')}`,
    [...names, ...names.map((name) => settings[name])],
  );
  const result = await fn();
  await client.query(`select ${names.map((_, i) => `set_config($${i + 1}, $${n + i + 1}, true)`).join(', ')}`, [...names, ...names.map((_, i) => rows[0]![`s${i}`])]);
  return result;
}
