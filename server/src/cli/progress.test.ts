import { describe, expect, it } from 'vitest';
import { progressLine, statusLine } from './progress.js';

describe('crm import progress', () => {
  it('draws the bar, the day under way, the rows and the time left from the days done', () => {
    // 3 of 12 days took 90 s (30 s a day); the 4th has run 10 s: 9 × 30 − 10 = 260 s left
    expect(progressLine({ done: 3, total: 12, current: '20261118', elapsedMs: 100_000, currentMs: 10_000, rows: 1_234_567 }, 12)).toBe(
      '[███░░░░░░░░░] 3/12 day(s) · importing 20261118 (10 s) · 1,234,567 rows · about 4 min 20 s left',
    );
    // nothing done yet: no estimate; all done: a full bar and no day under way
    expect(progressLine({ done: 0, total: 2, current: '20261119', elapsedMs: 5_000, currentMs: 5_000, rows: 0 }, 4)).toBe('[░░░░] 0/2 day(s) · importing 20261119 (5 s) · 0 rows');
    expect(progressLine({ done: 2, total: 2, current: null, elapsedMs: 60_000, currentMs: 0, rows: 10 }, 4)).toBe('[████] 2/2 day(s) · 10 rows');
  });

  it('writes plain lines and no status when the output is not a terminal', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const logged: string[] = [];
    const original = console.log;
    console.log = (line: string) => logged.push(line);
    try {
      const s = statusLine(stream, () => 'STATUS');
      s.log('[1/2] 2026-11-19  imported');
      s.stop();
    } finally {
      console.log = original;
    }
    expect([written, logged]).toEqual([[], ['[1/2] 2026-11-19  imported']]);
  });

  it('on a terminal, prints each line above the status line and clears it at the end', () => {
    const written: string[] = [];
    const stream = { isTTY: true, columns: 80, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const s = statusLine(stream, () => 'STATUS', 60_000);
    s.log('[1/2] 2026-11-19  imported');
    s.stop();
    expect(written.join('')).toBe('\r\x1b[2KSTATUS' + '\r\x1b[2K[1/2] 2026-11-19  imported\n' + '\r\x1b[2KSTATUS' + '\r\x1b[2K');
  });
});
