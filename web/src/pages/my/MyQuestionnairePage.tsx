/**
 * 风险测评 (the risk questionnaire): every question with its options in the page's language, submitted
 * once all are answered (POST /api/me/assessments); the result with its validity, then the history.
 */
import { useState } from 'react';
import { Alert, Button, Card, List, Radio, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/api';
import { ErrorState, Loading } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { myRoot, type MyAssessment } from './myApi';

export default function MyQuestionnairePage() {
  const { t, locale } = useI18n();
  const label = useCodeLabel();
  const queryClient = useQueryClient();
  const questionnaire = useQuery({ queryKey: [...myRoot, 'questionnaire'], queryFn: ({ signal }) => api.get('/api/me/questionnaire', {}, signal) });
  const history = useQuery({ queryKey: [...myRoot, 'assessments'], queryFn: ({ signal }) => api.get('/api/me/assessments', {}, signal) });
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const submit = useMutation({
    mutationFn: () => api.post('/api/me/assessments', { body: { answers } }),
    onSuccess: () => {
      window.scrollTo({ top: 0 });
      void queryClient.invalidateQueries({ queryKey: myRoot });
    },
  });
  if (questionnaire.isPending) return <Loading />;
  if (questionnaire.isError) return <ErrorState error={questionnaire.error} onRetry={() => void questionnaire.refetch()} />;
  const q = questionnaire.data;
  const text = (item: { zh: string; en: string }) => (locale === 'zh-CN' ? item.zh : item.en);
  const unanswered = q.questions.filter((question) => !answers[question.key]).length;
  const result = submit.data;
  const years = result ? Number(result.expiresOn.slice(0, 4)) - Number(result.assessedOn.slice(0, 4)) : 2;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {result ? (
        <Card size="small" data-testid="my-q-result">
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('my.q.result', { level: label('riskLevel', result.riskLevel), score: String(result.score) })}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('my.q.resultHint', { assessedOn: result.assessedOn, expiresOn: result.expiresOn })}</Typography.Paragraph>
          {result.lowestCategory ? <Alert type="warning" showIcon title={t('my.q.lowest')} style={{ marginBottom: 8 }} /> : null}
          <Link to="/my/products"><Button type="primary" block data-testid="my-q-products">{t('my.q.viewProducts')}</Button></Link>
        </Card>
      ) : null}
      <Card size="small" title={locale === 'zh-CN' ? q.titleZh : q.titleEn}>
        <Typography.Paragraph type="secondary">{t('my.q.hint', { n: String(q.questions.length), years: String(years) })}</Typography.Paragraph>
        <List
          dataSource={q.questions}
          split
          renderItem={(question, index) => (
            <List.Item style={{ display: 'block', padding: '12px 0' }} data-testid={`my-q-${question.key}`}>
              <Typography.Text strong>{`${index + 1}. ${text(question)}`}</Typography.Text>
              <Radio.Group
                value={answers[question.key]}
                onChange={(e) => setAnswers((a) => ({ ...a, [question.key]: e.target.value as string }))}
                style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: 8 }}
              >
                {question.options.map((option) => (
                  <Radio key={option.key} value={option.key} data-testid={`my-q-${question.key}-${option.key}`}>{`${option.key}. ${text(option)}`}</Radio>
                ))}
              </Radio.Group>
            </List.Item>
          )}
        />
        {submit.isError ? <Alert type="error" showIcon title={String(submit.error.message)} style={{ marginBottom: 8 }} /> : null}
        <Button type="primary" block size="large" disabled={unanswered > 0} loading={submit.isPending} onClick={() => submit.mutate()} data-testid="my-q-submit">
          {unanswered > 0 ? t('my.q.unanswered', { n: String(unanswered) }) : t('my.q.submit')}
        </Button>
      </Card>
      {history.data && history.data.items.length > 0 ? (
        <Card size="small" title={t('my.q.history')}>
          <List<MyAssessment>
            dataSource={history.data.items}
            renderItem={(a) => (
              <List.Item>
                <Space wrap>
                  <span>{a.assessedOn}</span>
                  <Tag>{label('riskLevel', a.riskLevel)}</Tag>
                  <span>{t('my.q.points', { score: String(a.score) })}</span>
                  {a.inForce ? <Tag color="green">{t('my.q.inForce')}</Tag> : null}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
    </Space>
  );
}
