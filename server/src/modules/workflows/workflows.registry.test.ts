import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineOperation, operationOf, registeredTypes, registerOperations } from './workflows.registry.js';

const noop = (type: string) =>
  defineOperation({
    type,
    payloadSchema: z.object({ n: z.number() }),
    validate: async () => [],
    describe: (p) => ({ title: `n = ${p.n}`, subjectStaffNo: null, customerNo: null }),
    apply: async (_client, p) => ({ n: p.n }),
  });

describe('the operation registry', () => {
  it('registers definitions in order, once each however often start-up runs, and parses stored payloads', () => {
    const first = noop('TEST_FIRST');
    const second = noop('TEST_SECOND');
    registerOperations([first, second]);
    registerOperations([first, second]); // a second app built in the same process
    expect(registeredTypes()).toEqual(['TEST_FIRST', 'TEST_SECOND']);
    expect(operationOf('TEST_SECOND')).toBe(second);
    expect(operationOf('TEST_SECOND')!.describe({ n: 7 }).title).toBe('n = 7');
    expect(() => operationOf('TEST_SECOND')!.describe({ n: 'seven' })).toThrow();
    expect(operationOf('TEST_UNKNOWN')).toBeUndefined();
  });

  it('refuses two definitions of one type', () => {
    registerOperations([noop('TEST_TWICE')]);
    expect(() => registerOperations([noop('TEST_TWICE')])).toThrow('workflow operation TEST_TWICE is registered twice');
  });
});
