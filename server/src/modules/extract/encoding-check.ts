/**
 * Does a file's encoding match what manifest.json declares (extract-format.md: utf-8 or gbk)?
 * Fed the file's bytes as they stream, it follows the UTF-8 byte grammar (lib/text-encoding.ts
 * Utf8Check) and notes the first line that breaks it and the first line with a multi-byte
 * character. Pure: no I/O.
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
import { Utf8Check } from '../../lib/text-encoding.js';

export class EncodingCheck extends Utf8Check {
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
