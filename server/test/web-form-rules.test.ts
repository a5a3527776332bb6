/**
 * The web's rule checking one form field against another (web/src/components/formRules.ts): the
 * password forms and the leave date use it. Tested here because this is the suite `npm test` runs.
 */
import { describe, expect, it } from 'vitest';
import { againstField } from '../../web/src/components/formRules.js';

type FieldRule = (form: { getFieldValue: (name: string) => unknown }) => { validator: (rule: unknown, value: never) => Promise<void> };

/** Runs the rule on `value` in a form whose other fields hold `fields`: the message it rejects with, or null. */
async function check(rule: FieldRule, value: unknown, fields: Record<string, unknown>): Promise<string | null> {
  try {
    await rule({ getFieldValue: (name) => fields[name] }).validator(undefined, value as never);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('againstField', () => {
  const mustMatch = againstField<string>('newPassword', (value, chosen) => !value || value === chosen, 'mismatch');

  it('accepts a value that passes against the other field and rejects one that does not, with the message', async () => {
    expect(await check(mustMatch, 'abc12345', { newPassword: 'abc12345' })).toBeNull();
    expect(await check(mustMatch, 'abc12346', { newPassword: 'abc12345' })).toBe('mismatch');
    expect(await check(mustMatch, undefined, { newPassword: 'abc12345' })).toBeNull(); // `required` speaks for an empty field
  });

  it('reads the other field when it runs, not when it is made', async () => {
    const notBefore = againstField<number>('from', (to, from) => to === undefined || from === undefined || to >= from, 'before');
    expect(await check(notBefore, 5, { from: 3 })).toBeNull();
    expect(await check(notBefore, 5, { from: 7 })).toBe('before');
    expect(await check(notBefore, 5, {})).toBeNull();
  });
});
