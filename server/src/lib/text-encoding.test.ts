import { describe, expect, it } from 'vitest';
import { decodeText, detectEncoding } from './text-encoding.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('detectEncoding: UTF-8 when the bytes are valid UTF-8, else GBK', () => {
  it.each([
    ['ASCII only', bytes(0x61, 0x2c, 0x62), 'utf-8'],
    ['张三 in UTF-8: E5 BC A0, E4 B8 89', bytes(0xe5, 0xbc, 0xa0, 0xe4, 0xb8, 0x89), 'utf-8'],
    ['张三 in GBK: D5 C5, C8 FD (D5 needs two continuation bytes 80–BF, C5 is not one)', bytes(0xd5, 0xc5, 0xc8, 0xfd), 'gbk'],
    ['an overlong form C0 AF', bytes(0xc0, 0xaf), 'gbk'],
    ['a sequence cut off by the end: E5 BC', bytes(0x61, 0xe5, 0xbc), 'gbk'],
  ] as const)('%s → %s', (_what, input, encoding) => {
    expect(detectEncoding(input)).toBe(encoding);
  });
});

describe('decodeText', () => {
  it('decodes UTF-8 and GBK', () => {
    expect(decodeText(bytes(0xe5, 0xbc, 0xa0, 0xe4, 0xb8, 0x89), 'utf-8')).toBe('张三');
    expect(decodeText(bytes(0xd5, 0xc5, 0xc8, 0xfd), 'gbk')).toBe('张三');
  });

  it('drops one leading byte-order mark, and only one', () => {
    expect(decodeText(bytes(0xef, 0xbb, 0xbf, 0x61), 'utf-8')).toBe('a');
    expect(decodeText(bytes(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x61), 'utf-8')).toBe('\ufeffa');
    expect(decodeText(bytes(0x61, 0xef, 0xbb, 0xbf), 'utf-8')).toBe('a\ufeff');
  });
});
