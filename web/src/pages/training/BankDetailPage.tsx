import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, apiUrl } from '../../api/api';
import { apiDownload } from '../../api/client';
import { FormModal, useFormModal } from '../../components/FormModal';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { trainingRoot, useBank, type BankDetail, type Question, type QuestionBody } from './trainingApi';
import { lettersText } from './widgets';

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/** 题库: the bank's questions with answers and explanations; add, change, delete; Excel export and import. */
export default function BankDetailPage() {
  const { id = '' } = useParams();
  const bank = useBank(id);
  if (bank.isPending) return <Loading />;
  if (bank.isError) return <ErrorState error={bank.error} onRetry={() => void bank.refetch()} />;
  return <BankView bank={bank.data} />;
}

function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

function BankView({ bank }: { bank: BankDetail }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Question | 'new' | null>(null);
  const [importErrors, setImportErrors] = useState<{ row: number; message: string }[]>([]);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trainingRoot });
  const tf = (letters: readonly string[]) => lettersText(letters, t('training.true'), t('training.false'));

  async function remove(q: Question) {
    try {
      await api.delete('/api/training/questions/{id}', { path: { id: q.id } });
      refresh();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  }

  async function importFile(file: File) {
    try {
      const result = await api.post('/api/training/banks/{id}/import', { path: { id: bank.id }, body: { file: await fileToBase64(file) } });
      setImportErrors(result?.errors ?? []);
      if (result && result.imported > 0) void message.success(t('training.imported', { n: result.imported }));
      refresh();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  }

  const columns: TableColumnsType<Question> = [
    { key: 'kind', dataIndex: 'kind', title: t('training.col.kind'), width: 90, render: (v: string) => <Tag>{label('questionKind', v)}</Tag> },
    {
      key: 'stem', title: t('training.col.stem'),
      render: (_, q) => (
        <Space orientation="vertical" size={0}>
          <span>{q.stem}</span>
          {q.options.map((o, i) => <span key={i} style={{ color: '#666' }}>{`${LETTERS[i]}. ${o}`}</span>)}
        </Space>
      ),
    },
    { key: 'answer', title: t('training.col.answer'), width: 90, render: (_, q) => tf(q.answer) },
    { key: 'explanation', dataIndex: 'explanation', title: t('training.col.explanation'), width: 240 },
    {
      key: 'actions', title: t('training.col.actions'), width: 120,
      render: (_, q) => bank.editable && (
        <Space>
          <Button size="small" type="link" onClick={() => setEditing(q)}>{t('training.edit')}</Button>
          <Popconfirm title={t('training.deleteConfirm')} onConfirm={() => void remove(q)}><Button size="small" type="link" danger>{t('training.deleteQuestion')}</Button></Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <Card
      title={<Space><span>{bank.name}</span><span style={{ color: '#888', fontWeight: 'normal' }}>{bank.branchName ?? t('training.firmWide')}</span></Space>}
      extra={
        <Space>
          <Button onClick={() => void apiDownload(apiUrl('/api/training/banks/{id}', { path: { id: bank.id }, query: { format: 'xlsx' } }), 'question-bank.xlsx')}>{t('training.export')}</Button>
          {bank.editable && (
            <Upload accept=".xlsx" showUploadList={false} beforeUpload={(file) => { void importFile(file); return false; }}>
              <Button>{t('training.import')}</Button>
            </Upload>
          )}
          {bank.editable && <Button type="primary" onClick={() => setEditing('new')} data-testid="new-question">{t('training.newQuestion')}</Button>}
        </Space>
      }
    >
      {importErrors.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('training.importErrors')}
          description={<ul>{importErrors.map((e) => <li key={e.row}>{`${e.row}: ${e.message}`}</li>)}</ul>} />
      )}
      <Table<Question> rowKey="id" size="small" columns={columns} dataSource={bank.questions} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 900 }} locale={{ emptyText: <EmptyState /> }} />
      {editing && <QuestionModal bankId={bank.id} question={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} />}
    </Card>
  );
}

const FIELDS = ['kind', 'stem', 'options', 'answer', 'explanation'] as const;

interface Values {
  kind: QuestionBody['kind'];
  stem: string;
  options?: string;
  answer: string[] | string;
  explanation?: string;
}

/** 新增 / 编辑试题: the kind, the stem, the options one per line, the right answer (letters, or 正确/错误), the explanation. */
function QuestionModal({ bankId, question, onClose, onSaved }: { bankId: string; question: Question | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const [form] = Form.useForm<Values>();
  const modal = useFormModal(form, FIELDS, onClose);
  const kind = Form.useWatch('kind', form) ?? question?.kind ?? 'SINGLE';
  const optionText = Form.useWatch('options', form) ?? '';
  const optionCount = Math.max(2, Math.min(8, optionText.split('\n').filter((l) => l.trim() !== '').length));
  const letterOptions = kind === 'TRUE_FALSE'
    ? [{ value: 'T', label: t('training.true') }, { value: 'F', label: t('training.false') }]
    : LETTERS.slice(0, optionCount).map((l) => ({ value: l, label: l }));

  async function save(v: Values) {
    await modal.submit(async () => {
      const body: QuestionBody = {
        kind: v.kind, stem: v.stem, explanation: v.explanation ?? '',
        options: v.kind === 'TRUE_FALSE' ? [] : (v.options ?? '').split('\n').map((o) => o.trim()).filter((o) => o !== ''),
        answer: Array.isArray(v.answer) ? v.answer : [v.answer],
      };
      if (question) await api.put('/api/training/questions/{id}', { path: { id: question.id }, body });
      else await api.post('/api/training/banks/{id}/questions', { path: { id: bankId }, body });
      onSaved();
      modal.close();
    });
  }
  return (
    <FormModal modal={modal} title={t(question ? 'training.editQuestion' : 'training.newQuestion')} open okText={t('training.save')} cancelText={t('training.cancel')} errorTestId="question-error" width={680}>
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}
        initialValues={question ? { kind: question.kind, stem: question.stem, options: question.options.join('\n'), answer: question.kind === 'MULTIPLE' ? question.answer : question.answer[0], explanation: question.explanation } : { kind: 'SINGLE' }}>
        <Form.Item name="kind" label={t('training.field.kind')} rules={[{ required: true }]}>
          <Select data-testid="question-kind" onChange={() => form.setFieldValue('answer', undefined)}
            options={(['SINGLE', 'MULTIPLE', 'TRUE_FALSE'] as const).map((k) => ({ value: k, label: label('questionKind', k) }))} />
        </Form.Item>
        <Form.Item name="stem" label={t('training.field.stem')} rules={[{ required: true, max: 2000 }]}><Input.TextArea rows={3} data-testid="question-stem" /></Form.Item>
        {kind !== 'TRUE_FALSE' && (
          <Form.Item name="options" label={t('training.field.options')} rules={[{ required: true }]}><Input.TextArea rows={4} data-testid="question-options" /></Form.Item>
        )}
        <Form.Item name="answer" label={t('training.field.answer')} rules={[{ required: true }]}>
          <Select mode={kind === 'MULTIPLE' ? 'multiple' : undefined} options={letterOptions} data-testid="question-answer" />
        </Form.Item>
        <Form.Item name="explanation" label={t('training.field.explanation')}><Input.TextArea rows={2} data-testid="question-explanation" /></Form.Item>
      </Form>
    </FormModal>
  );
}
