/** A form's submission to the API: busy while it runs, the server's field errors on their fields, the rest for a banner. */
import { useState } from 'react';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/**
 * Puts the API's 422 field errors on the form's fields of the same name (a dotted name such as
 * `nextAction.dueOn` on the nested field); returns the message of the errors no field shows (or of the
 * whole error), for a banner.
 */
export function showFieldErrors<T>(form: FormInstance<T>, error: unknown, fieldNames: readonly string[]): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const shown = error.fieldErrors.filter((f) => fieldNames.includes(f.field));
  if (shown.length > 0) {
    const byField = new Map<string, string[]>();
    for (const f of shown) byField.set(f.field, [...(byField.get(f.field) ?? []), f.message]);
    form.setFields([...byField].map(([name, errors]) => ({ name: name.split('.') as never, errors })));
  }
  return shown.length === error.fieldErrors.length && shown.length > 0 ? null : error.detail;
}

/**
 * `submit(action)` runs one submission of the form: `busy` meanwhile, the banner `error` cleared first
 * and, when the action fails, set to what showFieldErrors leaves for it.
 */
export function useFormSubmit<T>(form: FormInstance<T>, fieldNames: readonly string[]) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(showFieldErrors(form, err, fieldNames));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, submit };
}

