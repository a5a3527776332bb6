/**
 * Validates an extract file row by row while it streams to PostgreSQL: a small RFC 4180 record
 * splitter (physical line numbers, quoted fields, "" escapes, CRLF) and, per record, the column
 * checks of extract.spec.ts and the file's row rules. It runs on Node's thread while the server
 * parses the same bytes for COPY, so validation costs the database nothing. Records whose field
 * count differs from the header's are left to COPY, which refuses them with its own message.
 */
import { isRealDate } from '../../lib/dates.js';
import type { ColumnSpec, FileSpec, Row } from './extract.spec.js';

export interface RowProblem {
  line: number;
  column: string;
  reason: string;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const DECIMAL: Record<number, RegExp> = {};

const shown = (v: string) => v.slice(0, 40);

/** The reasons a value breaks its column's checks, in the order of the checks. */
export function columnProblems(column: ColumnSpec, value: string): string[] {
  if (value === '') return column.required ? ['a value is required'] : [];
  const t = column.type;
  switch (t.t) {
    case 'code':
      return value.length > 64 ? ['longer than 64 characters'] : [];
    case 'text':
      return value.length > 500 ? ['longer than 500 characters'] : [];
    case 'date':
      return isRealDate(value) ? [] : [`not a valid date (YYYY-MM-DD): ${shown(value)}`];
    case 'time':
      return TIME.test(value) ? [] : [`not a valid time (HH:MM:SS): ${shown(value)}`];
    case 'decimal': {
      const re = (DECIMAL[t.scale] ??= new RegExp(`^-?\\d{1,18}(\\.\\d{1,${t.scale}})?$`));
      return re.test(value) ? [] : [`not a decimal number with at most ${t.scale} decimals: ${shown(value)}`];
    }
    case 'enum':
      return t.values.includes(value) ? [] : [`must be one of ${t.values.join(', ')}: ${shown(value)}`];
  }
}

export class RowValidator {
  private buffer = '';
  private nextLine = 1;
  private headerSeen = false;
  private readonly positions: number[];

  constructor(
    private readonly spec: FileSpec,
    private readonly header: readonly string[],
    private readonly report: (p: RowProblem) => void,
  ) {
    this.positions = spec.columns.map((c) => header.indexOf(c.name));
  }

  push(text: string): void {
    this.buffer += text;
    this.drain(false);
  }

  end(): void {
    this.drain(true);
  }

  private drain(final: boolean): void {
    const buf = this.buffer;
    let start = 0;
    for (;;) {
      let nl = buf.indexOf('\n', start);
      if (nl < 0) {
        // an unfinished last line waits for the next chunk, unless the file has ended
        if (final && start < buf.length) {
          this.record(buf.slice(start), 1);
          start = buf.length;
        }
        break;
      }
      let text = buf.slice(start, nl);
      let lines = 1;
      if (text.includes('"')) {
        // a quoted field may span lines: extend until the quotes balance
        while (quoteCount(text) % 2 === 1) {
          const next = buf.indexOf('\n', nl + 1);
          if (next < 0) {
            if (!final) {
              this.buffer = buf.slice(start);
              return;
            }
            nl = buf.length;
            text = buf.slice(start);
            break;
          }
          nl = next;
          text = buf.slice(start, nl);
          lines++;
        }
      }
      this.record(text, lines);
      start = nl + 1;
    }
    this.buffer = buf.slice(start);
  }

  private record(raw: string, lines: number): void {
    const line = this.nextLine;
    this.nextLine += lines;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!this.headerSeen) {
      this.headerSeen = true;
      return;
    }
    const fields = text.includes('"') ? splitQuoted(text) : text.split(',');
    if (!fields || fields.length !== this.header.length) return; // COPY reports it
    this.check(fields, line);
  }

  private check(fields: string[], line: number): void {
    let wellFormed = true;
    const row: Record<string, string> = {};
    const columns = this.spec.columns;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const value = fields[this.positions[i]!] ?? '';
      row[column.name] = value;
      for (const reason of columnProblems(column, value)) {
        wellFormed = false;
        this.report({ line, column: column.name, reason });
      }
    }
    if (!wellFormed) return;
    for (const rule of this.spec.rules) {
      const reason = rule.check(row as Row);
      if (reason) this.report({ line, column: rule.column, reason });
    }
  }
}

function quoteCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) n++;
  return n;
}

/** Splits a record with quoted fields; null when its quoting is malformed (COPY reports it). */
export function splitQuoted(text: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return null;
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (text[i] !== ',') return null;
      i++;
    } else {
      const comma = text.indexOf(',', i);
      if (comma < 0) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, comma));
      i = comma + 1;
    }
  }
}
