/**
 * Reads and parses the header line of a CSV file (RFC 4180 quoting), without reading the rest.
 * Decode it with lib/text-encoding.ts decodeText.
 */
import fs from 'node:fs/promises';

export async function readFirstLine(file: string, maxBytes = 64 * 1024): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buf, 0, maxBytes, 0);
    const chunk = buf.subarray(0, bytesRead);
    const nl = chunk.indexOf(0x0a);
    let line = nl >= 0 ? chunk.subarray(0, nl) : chunk;
    if (line.length && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    return line;
  } finally {
    await handle.close();
  }
}

/** Splits one CSV line into fields; throws on an unterminated quote. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  let field = '';
  let quoted = false;
  while (i <= line.length) {
    const ch = line[i];
    if (quoted) {
      if (ch === undefined) throw new Error('unterminated quoted field in the header');
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === undefined || ch === ',') {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
      continue;
    }
    field += ch;
    i++;
  }
  return fields;
}
