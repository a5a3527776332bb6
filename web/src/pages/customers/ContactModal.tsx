import { App, DatePicker, Form, Input, Select, Space } from 'antd';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { codesOf } from '../../../../shared/codes';
import { FormModal, useFormModal } from '../../components/FormModal';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { logContact, useContactsChanged, type NewContact } from './contactsApi';

interface ContactForm {
  channel: NewContact['channel'];
  at: Dayjs;
  summary: string;
  nextAction?: { text?: string; dueOn?: Dayjs | null };
}

/** The body's fields, as the server names them in a 422 (`nextAction.dueOn`). */
const FIELDS = ['channel', 'at', 'summary', 'nextAction', 'nextAction.text', 'nextAction.dueOn'] as const;
const SUMMARY_MAX = 2000;
const NEXT_ACTION_MAX = 500;

/** A form value that is filled in (text other than blanks, a date). */
const given = (value: unknown): boolean => (typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null);

/** The customer a contact is logged for. */
export interface ContactCustomer {
  customerNo: string;
  name: string;
}

/**
 * 记录接触: channel, time (now unless changed), summary and an optional next action with its due date
 * (a to-do under 协同工作 → 我的待办 → 跟进事项), sent as POST /api/contacts. The server checks the
 * customer's scope and the dates again; its field errors show on their fields. Open while `customer`
 * is set; `onLogged` after the contact is saved (the timeline and the follow-ups refresh themselves).
 */
export function ContactModal({ customer, onClose, onLogged }: { customer: ContactCustomer | null; onClose: () => void; onLogged?: () => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContactForm>();
  const modal = useFormModal(form, FIELDS, onClose);
  const changed = useContactsChanged();

  function submit(values: ContactForm) {
    if (!customer) return;
    const text = values.nextAction?.text?.trim();
    const dueOn = values.nextAction?.dueOn;
    void modal.submit(async () => {
      await logContact({
        customerNo: customer.customerNo,
        channel: values.channel,
        summary: values.summary.trim(),
        at: values.at.toISOString(),
        nextAction: text && dueOn ? { text, dueOn: dueOn.format('YYYY-MM-DD') } : undefined,
      });
      void message.success(t('contact.saved'));
      await changed();
      modal.close();
      onLogged?.();
    });
  }

  const required = (field: string) => ({ required: true, whitespace: true, message: t('contact.required', { field }) });
  // a next action is its text and its due date together, or nothing
  const bothOrNone =
    (other: 'text' | 'dueOn') =>
    ({ getFieldValue }: Pick<FormInstance, 'getFieldValue'>) => ({
      validator: (_rule: unknown, value: unknown) =>
        given(value) === given(getFieldValue(['nextAction', other])) ? Promise.resolve() : Promise.reject(new Error(t('contact.bothOrNone'))),
    });

  return (
    <FormModal modal={modal} title={t('contact.title', { name: customer?.name ?? '' })} open={customer !== null} okText={t('contact.save')} cancelText={t('contact.cancel')} errorTestId="contact-error" width={560}>
      <Form<ContactForm> form={form} layout="vertical" initialValues={{ at: dayjs() }} onFinish={submit} data-testid="contact-form">
        <Space size={[16, 0]} wrap style={{ display: 'flex' }} align="start">
          <Form.Item name="channel" label={t('contact.channel')} rules={[{ required: true, message: t('contact.required', { field: t('contact.channel') }) }]}>
            <Select style={{ width: 180 }} options={codesOf('contactChannel').map((code) => ({ value: code, label: label('contactChannel', code) }))} data-testid="contact-channel" />
          </Form.Item>
          <Form.Item
            name="at"
            label={t('contact.at')}
            rules={[
              { required: true, message: t('contact.required', { field: t('contact.at') }) },
              { validator: (_rule, value: Dayjs | undefined) => (value && value.isAfter(dayjs().add(5, 'minute')) ? Promise.reject(new Error(t('contact.future'))) : Promise.resolve()) },
            ]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} disabledDate={(day) => day.isAfter(dayjs(), 'day')} style={{ width: 200 }} data-testid="contact-at" />
          </Form.Item>
        </Space>
        <Form.Item name="summary" label={t('contact.summary')} rules={[required(t('contact.summary'))]}>
          <Input.TextArea rows={4} maxLength={SUMMARY_MAX} showCount placeholder={t('contact.summaryPlaceholder')} data-testid="contact-summary" />
        </Form.Item>
        <Form.Item label={t('contact.nextAction')} style={{ marginBottom: 0 }}>
          <Space size={[16, 0]} wrap style={{ display: 'flex' }} align="start">
            <Form.Item name={['nextAction', 'text']} dependencies={[['nextAction', 'dueOn']]} rules={[bothOrNone('dueOn')]} style={{ width: 300, maxWidth: '100%' }}>
              <Input maxLength={NEXT_ACTION_MAX} placeholder={t('contact.nextActionText')} aria-label={t('contact.nextActionText')} data-testid="contact-next-text" />
            </Form.Item>
            <Form.Item name={['nextAction', 'dueOn']} dependencies={[['nextAction', 'text']]} rules={[bothOrNone('text')]}>
              <DatePicker placeholder={t('contact.dueOn')} aria-label={t('contact.dueOn')} disabledDate={(day) => day.isBefore(dayjs(), 'day')} style={{ width: 180 }} data-testid="contact-next-due" />
            </Form.Item>
          </Space>
        </Form.Item>
      </Form>
    </FormModal>
  );
}
