/** Shared pieces of the 人员管理 forms: option lists, validation rules and the save button. */
import type { ReactNode } from 'react';
import { Button, Form } from 'antd';
import type { Rule } from 'antd/es/form';
import type { Translate } from '../../../i18n/i18n';
import { CONTRACT_TYPES, STAFF_CATEGORIES, STAFF_LEVELS } from './manageApi';

export const categoryOptions = (t: Translate) => STAFF_CATEGORIES.map((c) => ({ value: c, label: t(`sm.category.${c}`) }));
export const levelOptions = () => STAFF_LEVELS.map((l) => ({ value: l, label: l }));
export const contractOptions = (t: Translate) => CONTRACT_TYPES.map((c) => ({ value: c, label: t(`sm.contract.${c}`) }));

export const required = (t: Translate, field: string): Rule => ({ required: true, message: t('sm.rule.required', { field }) });
export const mobileRule = (t: Translate): Rule => ({ pattern: /^1\d{10}$/, message: t('sm.rule.mobile') });
export const emailRule = (t: Translate): Rule => ({ type: 'email', message: t('sm.rule.email') });

/** The submit button under a form whose labels take 6 of the 24 columns. */
export function SubmitItem({ busy, testId, children }: { busy: boolean; testId: string; children: ReactNode }) {
  return (
    <Form.Item wrapperCol={{ offset: 6, span: 16 }} style={{ marginBottom: 0 }}>
      <Button type="primary" htmlType="submit" loading={busy} data-testid={testId}>
        {children}
      </Button>
    </Form.Item>
  );
}
