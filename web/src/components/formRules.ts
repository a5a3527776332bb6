/** Form rules shared by the forms (kept free of antd and React imports, so that the server's suite tests them). */

/** What antd hands a rule that reads the form (a RuleRender's argument), as far as these rules use it. */
interface FormReader {
  getFieldValue: (name: string) => unknown;
}

/**
 * A rule that checks a field against another field of the same form (the new password against the
 * current one, a leave date against the hire date): rejected with `message` unless `ok(value, other)`.
 * The field should list `other` in its `dependencies`, so that it is checked again when `other` changes.
 */
export function againstField<V, O = V>(other: string, ok: (value: V | undefined, other: O | undefined) => boolean, message: string) {
  return ({ getFieldValue }: FormReader) => ({
    validator: (_rule: unknown, value: V | undefined) => (ok(value, getFieldValue(other) as O | undefined) ? Promise.resolve() : Promise.reject(new Error(message))),
  });
}
