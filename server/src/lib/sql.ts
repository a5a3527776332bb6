/** Small helpers for writing SQL text that are not business rules. */
import { createHash } from 'node:crypto';

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
