/** A dialog around one form (修改密码, 记录接触): OK submits the form, Cancel closes and clears it. */
import type { ReactNode } from 'react';
import { Alert, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { useFormSubmit } from './formSubmit';

/** The form's submission (useFormSubmit) and `close`: the banner and the fields cleared, then `onClose`. */
export function useFormModal<T>(form: FormInstance<T>, fieldNames: readonly string[], onClose: () => void) {
  const submission = useFormSubmit(form, fieldNames);
  function close() {
    submission.setError(null);
    form.resetFields();
    onClose();
  }
  return { ...submission, form, close };
}

interface ModalState {
  busy: boolean;
  error: string | null;
  close: () => void;
  form: Pick<FormInstance, 'submit'>;
}

/**
 * The dialog of a `useFormModal`: OK submits its form (spinning while the submission runs), Cancel
 * closes it; `hint` first, then the errors no field shows in a banner (`errorTestId` for the browser
 * tests), then the form.
 */
export function FormModal({ modal, title, open, okText, cancelText, errorTestId, hint, width, children }: {
  modal: ModalState;
  title: ReactNode;
  open: boolean;
  okText: string;
  cancelText: string;
  errorTestId: string;
  hint?: ReactNode;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Modal title={title} open={open} confirmLoading={modal.busy} okText={okText} cancelText={cancelText} onCancel={modal.close} onOk={() => modal.form.submit()} destroyOnHidden width={width}>
      {hint}
      {modal.error && <Alert type="error" showIcon title={modal.error} style={{ marginBottom: 16 }} data-testid={errorTestId} />}
      {children}
    </Modal>
  );
}
