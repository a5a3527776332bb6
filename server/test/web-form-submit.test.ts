/**
 * The web's placing of the API's 422 field errors on a form's fields (web/src/components/formSubmit.ts):
 * a nested field (`nextAction.dueOn` of 记录接触) gets its error as well as a top-level one. Tested here
 * because this is the suite `npm test` runs.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Loaded by path, as web-api-client.test.ts explains; only what the tests call is named. */
const webModule = (file: string) => fileURLToPath(new URL(`../../web/src/${file}`, import.meta.url));
type SetFields = { name: string[]; errors: string[] }[];
const { showFieldErrors } = (await import(webModule('components/formSubmit.ts'))) as {
  showFieldErrors: (form: { setFields: (fields: SetFields) => void }, error: unknown, fieldNames: readonly string[]) => string | null;
};
const { ApiError } = (await import(webModule('api/client.ts'))) as {
  ApiError: new (status: number, detail: string, fieldErrors?: { field: string; message: string }[]) => Error;
};

/** A form that records what showFieldErrors sets. */
function recordingForm() {
  const set: SetFields = [];
  return { set, form: { setFields: (fields: SetFields) => set.push(...fields) } };
}

describe('showFieldErrors', () => {
  const fields = ['summary', 'nextAction.text', 'nextAction.dueOn'];

  it('puts a dotted field error on the nested field and a plain one on its field, two messages of one field together', () => {
    const { set, form } = recordingForm();
    const error = new ApiError(422, '提交的数据有误', [
      { field: 'nextAction.dueOn', message: '不能早于今天' },
      { field: 'summary', message: '不能为空' },
      { field: 'summary', message: '最多 2000 字' },
    ]);
    expect(showFieldErrors(form, error, fields)).toBeNull(); // every error is on a field: no banner
    expect(set).toEqual([
      { name: ['nextAction', 'dueOn'], errors: ['不能早于今天'] },
      { name: ['summary'], errors: ['不能为空', '最多 2000 字'] },
    ]);
  });

  it('leaves the banner the whole detail when some error has no field of the form', () => {
    const { set, form } = recordingForm();
    const error = new ApiError(422, '提交的数据有误 customerNo: 客户不存在', [
      { field: 'customerNo', message: '客户不存在' },
      { field: 'nextAction.text', message: '不能为空' },
    ]);
    expect(showFieldErrors(form, error, fields)).toBe('提交的数据有误 customerNo: 客户不存在');
    expect(set).toEqual([{ name: ['nextAction', 'text'], errors: ['不能为空'] }]);
  });

  it('gives a 404 (no field errors) and a non-API failure to the banner, setting no field', () => {
    const { set, form } = recordingForm();
    expect(showFieldErrors(form, new ApiError(404, '客户不存在'), fields)).toBe('客户不存在');
    expect(showFieldErrors(form, new Error('network down'), fields)).toBe('network down');
    expect(set).toEqual([]);
  });
});
