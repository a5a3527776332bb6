/**
 * 咨询我的顾问: ask the advisor (POST /api/me/questions, a to-do of the serving staff) and read the
 * questions with their answers (GET /api/me/questions, refreshed every 30 s).
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Input, List, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { myRoot, useMyProfile, type MyQuestion } from './myApi';

const when = (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm');

export default function MyMessagesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const profile = useMyProfile().data!;
  const [text, setText] = useState('');
  const questions = useQuery({ queryKey: [...myRoot, 'questions'], queryFn: ({ signal }) => api.get('/api/me/questions', {}, signal), refetchInterval: 30_000 });
  const ask = useMutation({
    mutationFn: () => api.post('/api/me/questions', { body: { question: text.trim() } }),
    onSuccess: () => {
      setText('');
      void message.success(t('my.m.sent'));
      void queryClient.invalidateQueries({ queryKey: [...myRoot, 'questions'] });
    },
  });
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={t('my.m.title')}>
        <Typography.Paragraph type="secondary">{profile.advisor ? t('my.m.to', { name: profile.advisor.name }) : t('my.m.noAdvisor')}</Typography.Paragraph>
        <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('my.m.placeholder')} data-testid="my-m-text" />
        {ask.isError ? <Alert type="error" showIcon title={ask.error.message} style={{ marginTop: 8 }} /> : null}
        <Button type="primary" block style={{ marginTop: 8 }} disabled={!text.trim()} loading={ask.isPending} onClick={() => ask.mutate()} data-testid="my-m-send">{t('my.m.send')}</Button>
      </Card>
      <Card size="small" styles={{ body: { padding: 0 } }}>
        {questions.isPending ? <Loading /> : questions.isError ? <ErrorState error={questions.error} onRetry={() => void questions.refetch()} /> : questions.data.items.length === 0 ? (
          <EmptyState text={t('my.m.empty')} />
        ) : (
          <List<MyQuestion>
            dataSource={questions.data.items}
            data-testid="my-questions"
            renderItem={(q) => (
              <List.Item style={{ display: 'block', padding: '10px 12px' }} data-testid={`my-question-${q.id}`}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{when(q.askedAt)}</Typography.Text>
                <Typography.Paragraph style={{ margin: '2px 0 6px', whiteSpace: 'pre-wrap' }}>{q.question}</Typography.Paragraph>
                {q.answer ? (
                  <div style={{ background: '#fff1f0', borderLeft: '3px solid #c8102e', padding: '6px 10px' }} data-testid="my-answer">
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('my.m.answer', { name: q.answeredByName ?? '' })} · {when(q.answeredAt!)}</Typography.Text>
                    <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{q.answer}</Typography.Paragraph>
                  </div>
                ) : (
                  <Typography.Text type="warning">{t('my.m.waiting')}</Typography.Text>
                )}
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
