/**
 * The text encodings of the files QuanCRM reads (extract-format.md: UTF-8 or GBK): one definition
 * of "valid UTF-8" and of decoding, shared by the extract importer (which checks the encoding
 * manifest.json declares, extract/encoding-check.ts) and the org import (which tells the two apart).
 */

export type TextEncodingName = 'utf-8' | 'gbk';

/**
 * Follows the UTF-8 byte grammar (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF) over bytes fed as they stream, and notes the first line that breaks it and the first
 * line with a multi-byte character. Lines are physical lines (1 = the first), counted on LF. Pure.
 */
export class Utf8Check {
  private line = 1;
  /** Continuation bytes the current UTF-8 sequence still needs. */
  private pending = 0;
  /** Allowed range of the next continuation byte (narrowed after E0, ED, F0, F4). */
  private low = 0x80;
  private high = 0xbf;
  private sequenceLine = 1;
  firstInvalidLine: number | null = null;
  firstMultiByteLine: number | null = null;

  push(chunk: Uint8Array): void {
    if (this.firstInvalidLine !== null) return;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.pending > 0) {
        if (b < this.low || b > this.high) {
          this.invalid(this.sequenceLine);
          return;
        }
        this.low = 0x80;
        this.high = 0xbf;
        this.pending--;
        continue;
      }
      if (b < 0x80) {
        if (b === 0x0a) this.line++;
        continue;
      }
      this.sequenceLine = this.line;
      this.firstMultiByteLine ??= this.line;
      if (b >= 0xc2 && b <= 0xdf) this.pending = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        this.pending = 2;
        if (b === 0xe0) this.low = 0xa0; // no overlong forms
        if (b === 0xed) this.high = 0x9f; // no surrogates
      } else if (b >= 0xf0 && b <= 0xf4) {
        this.pending = 3;
        if (b === 0xf0) this.low = 0x90;
        if (b === 0xf4) this.high = 0x8f; // nothing above U+10FFFF
      } else {
        this.invalid(this.line);
        return;
      }
    }
  }

  /** Call after the last chunk: a sequence cut off by the end of the file is invalid. */
  end(): void {
    if (this.firstInvalidLine === null && this.pending > 0) this.invalid(this.sequenceLine);
  }

  private invalid(line: number): void {
    this.firstInvalidLine = line;
  }
}

/** The bytes as text; a leading byte-order mark (U+FEFF) is dropped. */
export function decodeText(bytes: Uint8Array, encoding: TextEncodingName): string {
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** UTF-8 when the bytes are valid UTF-8 (pure ASCII included), else GBK. */
export function detectEncoding(bytes: Uint8Array): TextEncodingName {
  const check = new Utf8Check();
  check.push(bytes);
  check.end();
  return check.firstInvalidLine === null ? 'utf-8' : 'gbk';
}
