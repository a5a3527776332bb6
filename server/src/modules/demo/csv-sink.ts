/**
 * Streaming CSV output for the demo generator: rows are appended as text, flushed to the file in
 * large chunks (one fs call per ~1 MiB, never per row), encoded as UTF-8 or GBK, and hashed
 * (SHA-256 of the exact bytes) while they are written, so the manifest needs no second read.
 */
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import iconv from 'iconv-lite';

export type DemoEncoding = 'utf-8' | 'gbk';

const FLUSH_AT = 1 << 20;
const NEEDS_QUOTES = /[",\r\n]/;

/** A field as RFC 4180 wants it: quoted only when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
}

export interface SinkResult {
  readonly rows: number;
  readonly sha256: string;
  readonly bytes: number;
}

const NON_ASCII = /[^\u0000-\u007f]/u; // eslint-disable-line no-control-regex -- the ASCII range, on purpose

export class CsvSink {
  private fd: number | undefined;
  private hash: Hash | undefined;
  /** rows are encoded straight into this buffer, so no long-lived string ever builds up */
  private buffer: Buffer | undefined;
  private used = 0;
  private bytesWritten = 0;
  rows = 0;

  /**
   * @param required a required file is written even with no rows (header only); an optional
   *   file is created on its first row, so an empty one never exists.
   */
  constructor(
    readonly path: string,
    private readonly header: string,
    private readonly encoding: DemoEncoding,
    required: boolean,
  ) {
    if (required) this.open();
  }

  private open(): void {
    this.fd = fs.openSync(this.path, 'w');
    this.hash = createHash('sha256');
    this.buffer = Buffer.allocUnsafe(FLUSH_AT);
    this.append(this.header + '\n');
  }

  /** Appends one or more complete rows, each ending in '\n'. */
  add(rows: string, count = 1): void {
    if (this.fd === undefined) this.open();
    this.append(rows);
    this.rows += count;
  }

  private append(text: string): void {
    const buffer = this.buffer as Buffer;
    // GBK: ASCII is the same in GBK, so only text with Chinese goes through iconv
    const encoded = this.encoding === 'gbk' && NON_ASCII.test(text) ? iconv.encode(text, 'gbk') : undefined;
    // a UTF-8 character takes at most 3 bytes per UTF-16 unit
    const most = encoded ? encoded.length : this.encoding === 'gbk' ? text.length : text.length * 3;
    if (this.used + most > buffer.length) {
      this.flush();
      if (most > buffer.length) {
        this.emit(encoded ?? Buffer.from(text, this.encoding === 'gbk' ? 'latin1' : 'utf8'));
        return;
      }
    }
    if (encoded) this.used += encoded.copy(buffer, this.used);
    else this.used += buffer.write(text, this.used, this.encoding === 'gbk' ? 'latin1' : 'utf8');
  }

  private flush(): void {
    if (this.buffer !== undefined && this.used > 0) this.emit(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private emit(bytes: Buffer): void {
    this.hash?.update(bytes);
    let offset = 0;
    while (offset < bytes.length) offset += fs.writeSync(this.fd as number, bytes, offset);
    this.bytesWritten += bytes.length;
  }

  /** Flushes and closes; undefined for an optional file that never got a row. */
  close(): SinkResult | undefined {
    if (this.fd === undefined) return undefined;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = undefined;
    this.buffer = undefined;
    const sha256 = (this.hash as Hash).digest('hex');
    return { rows: this.rows, sha256, bytes: this.bytesWritten };
  }
}
