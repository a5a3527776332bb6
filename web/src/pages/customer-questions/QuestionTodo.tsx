/**
 * 我的待办 → 客户咨询: the questions the customers the caller serves asked in their space and not yet
 * answered (GET /api/customer-questions?mine=true), each answered in place (POST …/answer): the answer
 * is shown in the customer's space, and question and answer are contact records (channel WEB).
 */
import { useState } from 'react';
import { App, Button, Input, List, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type ApiResponse } from '../../api/api';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';

type Question = ApiResponse<'/api/customer-questions'>['items'][number];
const root = ['customer-questions'] as const;

/** A staff member who may read customers and record contacts: only a staff member serves customers. */
export function hasQuestionTodos(me: { staffNo: string | null; permissions: readonly string[] }): boolean {
  return Boolean(me.staffNo) && me.permissions.includes('customers') && me.permissions.includes('contacts.write');
}

export function QuestionTodoList() {
  const { t } = useI18n();
  const list = useQuery({
    queryKey: [...root, 'mine'],
    queryFn: ({ signal }) => api.get('/api/customer-questions', { query: { mine: 'true', status: 'OPEN', pageSize: 100 } }, signal),
    refetchInterval: 30_000,
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('customerQuestions.hint')}</Typography.Paragraph>
      {list.data.items.length === 0 ? <EmptyState text={t('customerQuestions.empty')} /> : (
        <List<Question> dataSource={list.data.items} data-testid="question-todos" renderItem={(q) => <QuestionItem key={q.id} question={q} />} />
      )}
    </>
  );
}

function QuestionItem({ question }: { question: Question }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [answer, setAnswer] = useState('');
  const send = useMutation({
    mutationFn: () => api.post('/api/customer-questions/{id}/answer', { path: { id: question.id }, body: { answer: answer.trim() } }),
    onSuccess: () => {
      void message.success(t('customerQuestions.answered'));
      void queryClient.invalidateQueries({ queryKey: root });
    },
    onError: (err) => void message.error(err.message),
  });
  return (
    <List.Item style={{ display: 'block' }} data-testid={`question-todo-${question.id}`}>
      <Space wrap size={8}>
        <Link to={`/customers/${encodeURIComponent(question.customerNo)}`}>{`${question.customerName}（${question.customerNo}）`}</Link>
        <Typography.Text type="secondary">{t('customerQuestions.askedAt', { at: dayjs(question.askedAt).format('YYYY-MM-DD HH:mm') })}</Typography.Text>
      </Space>
      <Typography.Paragraph style={{ margin: '6px 0', whiteSpace: 'pre-wrap' }}>{question.question}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Input.TextArea value={answer} onChange={(e) => setAnswer(e.target.value)} maxLength={1000} autoSize={{ minRows: 1, maxRows: 6 }} placeholder={t('customerQuestions.placeholder')} data-testid="question-answer-text" />
        <Button type="primary" disabled={!answer.trim()} loading={send.isPending} onClick={() => send.mutate()} data-testid="question-answer-send">{t('customerQuestions.answer')}</Button>
      </Space.Compact>
    </List.Item>
  );
}
