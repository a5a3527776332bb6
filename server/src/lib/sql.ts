/** Small helpers for writing SQL text that are not business rules. */

/** Pushes `value` onto `params` and returns its placeholder (`$3`). */
export function bindParam(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

/** `text` for a LIKE pattern, its wildcards (percent, underscore, backslash) taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
