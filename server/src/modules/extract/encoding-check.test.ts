import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { EncodingCheck } from './encoding-check.js';

function check(chunks: Buffer[]): EncodingCheck {
  const c = new EncodingCheck();
  for (const chunk of chunks) c.push(chunk);
  c.end();
  return c;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('EncodingCheck', () => {
  it.each([
    ['ASCII only: the same in both encodings', [utf8('a,b\n1,2\n')], null, null],
    ['UTF-8 Chinese on line 3', [utf8('a,b\n1,2\n3,张三\n')], null, 3],
    ['a character split across two chunks', [utf8('a\n张').subarray(0, 3), utf8('a\n张').subarray(3)], null, 2],
    ['GBK Chinese on line 2', [Buffer.concat([utf8('a\n'), iconv.encode('张三', 'gbk'), utf8('\n')])], 2, 2],
    ['an overlong form C0 80', [Buffer.from([0x61, 0x0a, 0xc0, 0x80])], 2, 2],
    ['a UTF-16 surrogate ED A0 80', [Buffer.from([0xed, 0xa0, 0x80])], 1, 1],
    ['above U+10FFFF: F4 90 80 80', [Buffer.from([0xf4, 0x90, 0x80, 0x80])], 1, 1],
    ['a sequence cut off by the end of the file', [Buffer.from([0x0a, 0xe5, 0xbc])], 2, 2],
  ] as const)('%s', (_what, chunks, invalidLine, multiByteLine) => {
    const c = check([...chunks]);
    expect(c.firstInvalidLine).toBe(invalidLine);
    expect(c.firstMultiByteLine).toBe(multiByteLine);
  });

  it('names a UTF-8 file declared gbk and a GBK file declared utf-8, and passes the others', () => {
    const utf8File = check([utf8('name\n张三\n')]);
    expect(utf8File.mismatch('gbk')).toEqual({ line: 2, reason: expect.stringContaining('declares "encoding": "gbk", but the file is UTF-8') });
    expect(utf8File.mismatch('utf-8')).toBeNull();
    const gbkFile = check([Buffer.concat([utf8('name\n'), iconv.encode('张三', 'gbk')])]);
    expect(gbkFile.mismatch('utf-8')).toEqual({ line: 2, reason: expect.stringContaining('not valid UTF-8') });
    expect(gbkFile.mismatch('gbk')).toBeNull();
    expect(check([utf8('a,b\n')]).mismatch('gbk')).toBeNull();
  });
});
