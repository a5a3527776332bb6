import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Popconfirm, Radio, Result, Space, Statistic, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/api';
import { ErrorState, Loading } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { MY_EXAMS_PATH, trainingRoot, useAttempt, type Attempt } from './trainingApi';
import { formatWhen, lettersText, StateTag } from './widgets';

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/** 答题: an attempt in progress (its questions, a countdown, submit — by itself at 0:00) or, once closed, its result and review. */
export default function AttemptPage() {
  const { id = '' } = useParams();
  const attempt = useAttempt(id);
  if (attempt.isPending) return <Loading />;
  if (attempt.isError) return <ErrorState error={attempt.error} onRetry={() => void attempt.refetch()} />;
  return attempt.data.status === 'IN_PROGRESS' ? <Answering key={attempt.data.id} attempt={attempt.data} /> : <Review attempt={attempt.data} />;
}

function Answering({ attempt }: { attempt: Attempt }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const questions = attempt.questions ?? [];
  const [answers, setAnswers] = useState<Record<number, string[]>>(() => Object.fromEntries(questions.map((q) => [q.position, q.response ?? []])));
  const [busy, setBusy] = useState(false);
  // the timer's submission at 0:00 reads the answers of the latest render
  const answersRef = useRef(answers);
  answersRef.current = answers;
  // the server's seconds left, counted down by the browser's clock from when the page got them
  const loadedAt = useRef(Date.now());
  const [left, setLeft] = useState(attempt.secondsLeft);
  const submitted = useRef(false);
  // 自动保存: the answers go to the server 1.5 s after the last change (restored on reload; scored only at the submission)
  const [savedAt, setSavedAt] = useState<string | null>(attempt.draftSavedAt);
  const [saveFailed, setSaveFailed] = useState(false);
  const changed = useRef(false);
  useEffect(() => {
    if (!changed.current) return;
    const timer = setTimeout(() => {
      if (submitted.current) return;
      api.put('/api/training/attempts/{id}/draft', {
        path: { id: attempt.id },
        body: { answers: Object.entries(answersRef.current).map(([position, response]) => ({ position: Number(position), response })) },
      }).then((saved) => {
        setSavedAt(saved.savedAt);
        setSaveFailed(false);
      }).catch(() => {
        if (!submitted.current) setSaveFailed(true);
      });
    }, 1500);
    return () => clearTimeout(timer);
  }, [answers, attempt.id]);
  const answer = (position: number, response: string[]) => {
    changed.current = true;
    setAnswers((a) => ({ ...a, [position]: response }));
  };

  async function submit() {
    if (submitted.current) return;
    submitted.current = true;
    setBusy(true);
    try {
      const result = await api.post('/api/training/attempts/{id}/submit', {
        path: { id: attempt.id },
        body: { answers: Object.entries(answersRef.current).filter(([, r]) => r.length).map(([position, response]) => ({ position: Number(position), response })) },
      });
      if (result) queryClient.setQueryData([...trainingRoot, 'attempt', attempt.id], result);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: trainingRoot });
    }
  }

  useEffect(() => {
    const timer = setInterval(() => {
      const remaining = Math.max(0, attempt.secondsLeft - Math.floor((Date.now() - loadedAt.current) / 1000));
      setLeft(remaining);
      if (remaining === 0) void submit();
    }, 1000);
    return () => clearInterval(timer);
  }, [attempt.id]);

  const answered = Object.values(answers).filter((r) => r.length).length;
  const trueFalse = [{ value: 'T', label: t('training.true') }, { value: 'F', label: t('training.false') }];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space size="large" wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>{attempt.examTitle}</Typography.Title>
          <span>{t('training.attemptOf', { n: attempt.attemptNo, max: attempt.maxAttempts })}</span>
          <span>{t('training.fullMarks', { n: attempt.maxScore })}</span>
          <Statistic title={t('training.timeLeft')} value={`${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`}
            styles={{ content: { fontSize: 20, color: left < 60 ? '#c8102e' : undefined } }} data-testid="time-left" />
          <span>{t('training.answered', { n: answered, total: questions.length })}</span>
          <Typography.Text type={saveFailed ? 'danger' : 'secondary'} data-testid="draft-saved">
            {saveFailed ? t('training.draftFailed') : savedAt ? t('training.draftSaved', { at: formatWhen(savedAt) }) : t('training.draftHint')}
          </Typography.Text>
          <Popconfirm title={t('training.submitConfirm')} onConfirm={() => void submit()}>
            <Button type="primary" loading={busy} data-testid="submit-attempt">{t('training.submit')}</Button>
          </Popconfirm>
        </Space>
      </Card>
      <Alert type="info" showIcon title={t('training.multipleRule')} />
      {questions.map((q) => (
        <Card key={q.position} size="small" data-testid={`question-${q.position}`}
          title={<Space><span>{q.position}.</span><Tag>{label('questionKind', q.kind)}</Tag><span style={{ color: '#888' }}>{t('training.points', { n: q.points })}</span></Space>}>
          <Typography.Paragraph strong>{q.stem}</Typography.Paragraph>
          {q.kind === 'MULTIPLE' ? (
            <Checkbox.Group value={answers[q.position]} onChange={(v) => answer(q.position, v.map(String))}
              options={q.options.map((o, i) => ({ value: LETTERS[i]!, label: `${LETTERS[i]}. ${o}` }))} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} />
          ) : (
            <Radio.Group value={answers[q.position]?.[0]} onChange={(e) => answer(q.position, [String(e.target.value)])}
              options={q.kind === 'TRUE_FALSE' ? trueFalse : q.options.map((o, i) => ({ value: LETTERS[i]!, label: `${LETTERS[i]}. ${o}` }))}
              style={{ display: 'flex', flexDirection: 'column', gap: 8 }} />
          )}
        </Card>
      ))}
    </Space>
  );
}

function Review({ attempt }: { attempt: Attempt }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const tf = (letters: readonly string[] | null) => lettersText(letters, t('training.true'), t('training.false'));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Result
          status={attempt.passed ? 'success' : 'warning'}
          title={<span data-testid="attempt-score">{`${t('training.score')} ${attempt.score ?? 0} / ${attempt.maxScore}`}</span>}
          subTitle={<span data-testid="attempt-outcome">{attempt.passed ? t('training.passed') : t('training.failed')}</span>}
          extra={<Link to={MY_EXAMS_PATH}>{t('training.backToMine')}</Link>}
        />
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('training.col.exam')}>{attempt.examTitle}</Descriptions.Item>
          <Descriptions.Item label={t('training.col.attemptNo')}>{t('training.attemptOf', { n: attempt.attemptNo, max: attempt.maxAttempts })}</Descriptions.Item>
          <Descriptions.Item label={t('training.col.state')}><StateTag kind="attemptStatus" value={attempt.status} /></Descriptions.Item>
          <Descriptions.Item label={t('training.col.passMark')}>{`${attempt.passMark}/${attempt.maxScore}`}</Descriptions.Item>
          <Descriptions.Item label={t('training.col.startedAt')}>{formatWhen(attempt.startedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('training.col.closedAt')}>{formatWhen(attempt.closedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      {(attempt.review ?? []).map((q) => (
        <Card key={q.position} size="small" data-testid={`review-${q.position}`}
          title={<Space><span>{q.position}.</span><Tag>{label('questionKind', q.kind)}</Tag><Tag color={q.correct ? 'green' : 'red'}>{q.correct ? `+${q.points}` : '0'}</Tag></Space>}>
          <Typography.Paragraph strong>{q.stem}</Typography.Paragraph>
          {q.options.length > 0 && <ul style={{ listStyle: 'none', paddingLeft: 0 }}>{q.options.map((o, i) => <li key={i}>{`${LETTERS[i]}. ${o}`}</li>)}</ul>}
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('training.yourAnswer')}>{tf(q.response) || t('training.unanswered')}</Descriptions.Item>
            <Descriptions.Item label={t('training.rightAnswer')}>{tf(q.answer)}</Descriptions.Item>
            {q.explanation && <Descriptions.Item label={t('training.col.explanation')}>{q.explanation}</Descriptions.Item>}
          </Descriptions>
        </Card>
      ))}
    </Space>
  );
}
