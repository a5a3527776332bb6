/** Small helpers for writing SQL text that are not business rules. */

/** `text` for a LIKE pattern, its wildcards (percent, underscore, backslash) taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
