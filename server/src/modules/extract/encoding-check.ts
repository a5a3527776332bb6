/**
 * Does a file's encoding match what manifest.json declares (extract-format.md: utf-8 or gbk)?
 * Fed the file's bytes as they stream, it follows the UTF-8 byte grammar (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF) and notes the first line that breaks it and the
 * first line with a multi-byte character. Pure: no I/O.
 *
 * - declared utf-8 but not valid UTF-8: refused, naming the first bad line (a GBK file declared
 *   utf-8, most often);
 * - declared gbk but valid UTF-8 with multi-byte characters: refused. GBK decodes most UTF-8
 *   Chinese text without error, as mojibake ("张三" becomes "寮犱笁"), so the importer would
 *   otherwise load it silently. Real GBK Chinese text is almost never valid UTF-8 (its lead bytes
 *   0x81–0xFE are followed by one byte only, where UTF-8 needs two or three continuation bytes
 *   0x80–0xBF), and a pure-ASCII file is the same in both encodings.
 * Lines are physical lines of the file (1 = the header), counted on LF.
 */
export class EncodingCheck {
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

  /** The reason the file does not match the declared encoding, with its line; null when it matches. */
  mismatch(declared: 'utf-8' | 'gbk'): { line: number; reason: string } | null {
    if (declared === 'utf-8' && this.firstInvalidLine !== null) {
      return {
        line: this.firstInvalidLine,
        reason: 'not valid UTF-8, but manifest.json declares "encoding": "utf-8" (a GBK file must be declared "gbk"); the first bad bytes are on this line',
      };
    }
    if (declared === 'gbk' && this.firstInvalidLine === null && this.firstMultiByteLine !== null) {
      return {
        line: this.firstMultiByteLine,
        reason: 'manifest.json declares "encoding": "gbk", but the file is UTF-8 (read as GBK its Chinese text would import as mojibake); declare "utf-8" or convert the file to GBK. The first non-ASCII text is on this line',
      };
    }
    return null;
  }
}
