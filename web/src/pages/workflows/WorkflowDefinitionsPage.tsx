import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import { ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { formatWhen, useWorkflowLabels } from './labels';
import { saveWorkflowDefinitions, STEP_ROLES, useWorkflowDefinitions, workflowsRoot, type StepRole, type WorkflowDefinition } from './workflowApi';

const MAX_STEPS = 5;

/** 流程配置 (ADMIN): per operation type the ordered roles of its approval steps. */
export default function WorkflowDefinitionsPage() {
  const { t } = useI18n();
  const labels = useWorkflowLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const definitions = useWorkflowDefinitions();
  const [draft, setDraft] = useState<Record<string, StepRole[]>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (definitions.data) setDraft(Object.fromEntries(definitions.data.items.map((d) => [d.type, [...d.steps]])));
  }, [definitions.data]);

  if (definitions.isPending) return <Loading />;
  if (definitions.isError) return <ErrorState error={definitions.error} onRetry={() => void definitions.refetch()} />;

  const items = definitions.data.items;
  const changed = items.filter((d) => (draft[d.type] ?? d.steps).join() !== d.steps.join());
  const setSteps = (type: string, steps: StepRole[]) => setDraft({ ...draft, [type]: steps });

  async function save() {
    setBusy(true);
    setError(null);
    try {
      await saveWorkflowDefinitions(changed.map((d) => ({ type: d.type, steps: draft[d.type] ?? d.steps })));
      void message.success(t('admin.saved'));
      await queryClient.invalidateQueries({ queryKey: [...workflowsRoot, 'definitions'] });
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : String(e));
    } finally {
      setBusy(false);
    }
  }

  const columns: TableProps<WorkflowDefinition>['columns'] = [
    {
      title: t('wf.col.type'),
      dataIndex: 'type',
      width: 200,
      render: (type: string, d) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{labels.type(type)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {type}
          </Typography.Text>
          {d.isDefault ? <Tag>{t('wfdef.default')}</Tag> : <Tag color="blue">{t('wfdef.custom')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('wfdef.steps'),
      key: 'steps',
      render: (_: unknown, d) => {
        const steps = draft[d.type] ?? d.steps;
        return (
          <Space wrap data-testid={`definition-${d.type}`}>
            {steps.map((role, index) => (
              <Space.Compact key={index}>
                <Button disabled style={{ width: 32, padding: 0 }}>
                  {index + 1}
                </Button>
                <Select<StepRole>
                  value={role}
                  style={{ width: 150 }}
                  options={STEP_ROLES.map((r) => ({ value: r, label: labels.role(r) }))}
                  onChange={(value) => setSteps(d.type, steps.map((s, i) => (i === index ? value : s)))}
                />
                <Button
                  disabled={steps.length <= 1}
                  title={steps.length <= 1 ? t('wfdef.atLeastOne') : undefined}
                  onClick={() => setSteps(d.type, steps.filter((_s, i) => i !== index))}
                  aria-label="remove"
                >
                  ×
                </Button>
              </Space.Compact>
            ))}
            <Button type="dashed" disabled={steps.length >= MAX_STEPS} onClick={() => setSteps(d.type, [...steps, 'BRANCH_MANAGER'])}>
              {t('wfdef.addStep')}
            </Button>
          </Space>
        );
      },
    },
    {
      title: '',
      key: 'updated',
      width: 200,
      render: (_: unknown, d) =>
        d.updatedAt ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('wfdef.updated', { at: formatWhen(d.updatedAt), by: d.updatedBy ?? '' })}
          </Typography.Text>
        ) : null,
    },
  ];

  return (
    <Card
      title={t('menu.admin.workflowDefinitions')}
      extra={
        <Space>
          <Button disabled={!changed.length || busy} onClick={() => setDraft(Object.fromEntries(items.map((d) => [d.type, [...d.steps]])))}>
            {t('common.reset')}
          </Button>
          <Button type="primary" disabled={!changed.length} loading={busy} onClick={() => void save()} data-testid="definitions-save">
            {t('admin.save')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('wfdef.intro')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Table<WorkflowDefinition> rowKey="type" size="middle" columns={columns} dataSource={items} pagination={false} />
    </Card>
  );
}
