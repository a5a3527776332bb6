import { App, Form, Input, Typography } from 'antd';
import { api } from '../api/api';
import { useI18n } from '../i18n/i18n';
import { againstField } from './formRules';
import { FormModal, useFormModal } from './FormModal';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FIELDS = ['currentPassword', 'newPassword'] as const;
/** The rule of user creation (server: newUserSchema's password). */
const MIN_LENGTH = 8;

/**
 * 修改密码 from the user menu: POST /api/auth/password. The server ends the user's other sessions and
 * revokes their integration tokens; this session stays signed in. A wrong current password shows on its
 * field; too many attempts (429) shows the server's message.
 */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const modal = useFormModal(form, FIELDS, onClose);

  function submit(values: PasswordForm) {
    return modal.submit(async () => {
      const result = await api.post('/api/auth/password', {
        body: { currentPassword: values.currentPassword, newPassword: values.newPassword },
      });
      void message.success(t('account.password.done', { sessions: result?.sessionsEnded ?? 0, tokens: result?.tokensRevoked ?? 0 }));
      modal.close();
    });
  }

  const required = (label: string) => ({ required: true, message: t('account.password.required', { field: label }) });

  const hint = <Typography.Paragraph type="secondary">{t('account.password.hint')}</Typography.Paragraph>;
  return (
    <FormModal modal={modal} title={t('account.password.title')} open={open} okText={t('account.password.save')} cancelText={t('account.password.cancel')} errorTestId="password-error" hint={hint}>
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} data-testid="password-form">
        <Form.Item name="currentPassword" label={t('account.password.current')} rules={[required(t('account.password.current'))]}>
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.password.new')}
          dependencies={['currentPassword']}
          rules={[
            required(t('account.password.new')),
            { min: MIN_LENGTH, message: t('account.password.tooShort') },
            againstField<string>('currentPassword', (value, current) => !value || value !== current, t('account.password.same')),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('account.password.confirm')}
          dependencies={['newPassword']}
          rules={[
            required(t('account.password.confirm')),
            againstField<string>('newPassword', (value, chosen) => !value || value === chosen, t('account.password.mismatch')),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
