/** Shared pieces of the 人员管理 forms: option lists, validation rules and the server's field errors on a form. */
import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import { ApiError } from '../../../api/client';
import type { Translate } from '../../../i18n/i18n';
import { CONTRACT_TYPES, STAFF_CATEGORIES, STAFF_LEVELS } from './manageApi';

export const categoryOptions = (t: Translate) => STAFF_CATEGORIES.map((c) => ({ value: c, label: t(`sm.category.${c}`) }));
export const levelOptions = () => STAFF_LEVELS.map((l) => ({ value: l, label: l }));
export const contractOptions = (t: Translate) => CONTRACT_TYPES.map((c) => ({ value: c, label: t(`sm.contract.${c}`) }));

export const required = (t: Translate, field: string): Rule => ({ required: true, message: t('sm.rule.required', { field }) });
export const mobileRule = (t: Translate): Rule => ({ pattern: /^1\d{10}$/, message: t('sm.rule.mobile') });
export const emailRule = (t: Translate): Rule => ({ type: 'email', message: t('sm.rule.email') });

/**
 * Puts the API's 422 field errors on the form's fields of the same name; returns the message of the
 * errors no field shows (or of the whole error), for a banner.
 */
export function showFieldErrors<T>(form: FormInstance<T>, error: unknown, fieldNames: readonly string[]): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const shown = error.fieldErrors.filter((f) => fieldNames.includes(f.field));
  if (shown.length > 0) {
    const byField = new Map<string, string[]>();
    for (const f of shown) byField.set(f.field, [...(byField.get(f.field) ?? []), f.message]);
    form.setFields([...byField].map(([name, errors]) => ({ name: name as never, errors })));
  }
  return shown.length === error.fieldErrors.length && shown.length > 0 ? null : error.detail;
}
