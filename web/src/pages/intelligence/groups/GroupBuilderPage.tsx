import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Row, Space, Statistic, Switch, Typography } from 'antd';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { RuleGroupType } from 'react-querybuilder';
import { ApiError } from '../../../api/client';
import { useCurrentUser } from '../../../components/AppLayout';
import { ErrorState, Forbidden, Loading } from '../../../components/States';
import { useDebounced } from '../../../components/useDebounced';
import { useI18n } from '../../../i18n/i18n';
import { FilterBuilder } from './FilterBuilder';
import { fromFilter, leafCount, operatorsFor, toFilter, type GroupFilter, type LabelDef } from './groupFilter';
import { createGroup, filterOf, groupPath, updateGroup, useGroup, useGroupsChanged, useLabels, usePreview, type GroupDetail } from './groupsApi';

/** How long the conditions must rest before the live count is asked again. */
const PREVIEW_DELAY_MS = 400;

/**
 * 客户群 → 新建 / 编辑: a name and the conditions (the query builder over the label catalogue), the
 * live count of the customers in scope that match on the last imported day with a few of them, and
 * 保存 (once every condition is complete). `?label=` starts with a condition on that label (客户标签's link).
 */
export default function GroupBuilderPage() {
  const { id } = useParams();
  const me = useCurrentUser();
  const labels = useLabels();
  const group = useGroup(id);
  if (!me.permissions.includes('groups.write') || (group.data && !group.data.mine)) return <Forbidden />;
  if (labels.isError) return <ErrorState error={labels.error} onRetry={() => void labels.refetch()} />;
  if (group.isError) return <ErrorState error={group.error} onRetry={() => void group.refetch()} />;
  if (labels.isPending || (id !== undefined && group.isPending)) return <Loading />;
  return <Builder labels={labels.data} saved={id !== undefined ? group.data : undefined} />;
}

function startQuery(labels: readonly LabelDef[], labelKey: string | null): RuleGroupType {
  const label = labelKey ? labels.find((l) => l.key === labelKey) : undefined;
  if (!label) return { combinator: 'and', rules: [] };
  const operator = operatorsFor(label.type, label.ordered === true)[0] ?? '=';
  return { combinator: 'and', rules: [{ field: label.key, operator, value: label.type === 'boolean' ? 'true' : '' }] };
}

function Builder({ labels, saved }: { labels: LabelDef[]; saved: GroupDetail | undefined }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const changed = useGroupsChanged();
  const [search] = useSearchParams();
  const [name, setName] = useState(saved?.name ?? '');
  const [shared, setShared] = useState(saved?.shared ?? false);
  const [query, setQuery] = useState<RuleGroupType>(() => (saved ? (fromFilter(filterOf(saved)) as RuleGroupType) : startQuery(labels, search.get('label'))));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [nameError, setNameError] = useState(false);

  const { filter, problems } = useMemo(() => toFilter(query, labels), [query, labels]);
  const leaves = leafCount(filter);
  const previewFilter = useDebounced<GroupFilter | null>(leaves > 0 ? filter : null, PREVIEW_DELAY_MS);
  const preview = usePreview(previewFilter);
  const canSave = leaves > 0 && problems.length === 0;

  async function save() {
    if (!name.trim()) {
      setNameError(true);
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const body = { name: name.trim(), filter, shared };
      const result = saved ? await updateGroup(saved.id, body) : await createGroup(body);
      await changed();
      void message.success(t('groups.builder.saved', { name: result.name }));
      navigate(groupPath(result.id));
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  }

  const previewData = preview.data;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card size="small" title={saved ? t('groups.builder.editTitle', { name: saved.name }) : t('groups.builder.newTitle')}>
          <Form layout="vertical">
            <Form.Item label={t('groups.builder.name')} required validateStatus={nameError ? 'error' : undefined} help={nameError ? t('groups.builder.nameRequired') : undefined}>
              <Input
                value={name}
                maxLength={100}
                placeholder={t('groups.builder.namePlaceholder')}
                onChange={(e) => {
                  setName(e.target.value);
                  setNameError(false);
                }}
                style={{ maxWidth: 420 }}
                data-testid="group-name"
              />
            </Form.Item>
            <Form.Item label={t('groups.builder.shared')} extra={t('groups.builder.sharedHint')}>
              <Switch checked={shared} onChange={setShared} data-testid="group-shared" />
            </Form.Item>
            <Form.Item label={t('groups.builder.conditions')} required>
              <FilterBuilder labels={labels} query={query} onChange={setQuery} />
            </Form.Item>
          </Form>
          {saveError ? <ErrorState error={saveError} /> : null}
          <Space style={{ marginTop: 8 }}>
            <Button type="primary" onClick={() => void save()} loading={saving} disabled={!canSave} data-testid="group-save">
              {t('groups.builder.save')}
            </Button>
            <Button onClick={() => navigate(-1)}>{t('groups.builder.cancel')}</Button>
          </Space>
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title={t('groups.builder.preview')} data-testid="group-preview">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Statistic
              title={previewData?.date ? t('groups.builder.previewAsOf', { date: previewData.date }) : t('groups.builder.previewHint')}
              value={leaves > 0 && previewData ? previewData.total : '-'}
              loading={leaves > 0 && preview.isFetching && !previewData}
              groupSeparator=","
              styles={{ content: { fontSize: 28 } }}
              data-testid="preview-count"
            />
            {leaves === 0 ? <Alert type="info" showIcon title={t('groups.builder.noConditions')} /> : null}
            {problems.length > 0 ? <Alert type="warning" showIcon title={t('groups.builder.incomplete', { n: problems.length })} data-testid="preview-incomplete" /> : null}
            {preview.isError && !(preview.error instanceof ApiError && preview.error.status === 404) ? <ErrorState error={preview.error} /> : null}
            {leaves > 0 && previewData?.items.length ? (
              <div>
                <Typography.Text type="secondary">{t('groups.builder.previewSample')}</Typography.Text>
                <ul style={{ paddingInlineStart: 18, margin: '4px 0 0' }} data-testid="preview-sample">
                  {previewData.items.map((c) => (
                    <li key={c.customerNo}>
                      <Link to={`/customers/${encodeURIComponent(c.customerNo)}`}>
                        {t('groups.builder.sampleItem', { name: c.customerName, no: c.customerNo })}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </Space>
        </Card>
      </Col>
    </Row>
  );
}
