import { useMemo, useState } from 'react';
import { Button, Card, Input, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router';
import { useCurrentUser } from '../../../components/AppLayout';
import { ErrorState, Loading } from '../../../components/States';
import { useI18n } from '../../../i18n/i18n';
import { groupTitle } from './labelWords';
import { NEW_GROUP_PATH, useLabels, type Label } from './groupsApi';

/** At most this many values are listed in a row; the rest are counted. */
const VALUES_SHOWN = 8;

/**
 * 客户管理 → 客户标签: the label catalogue by category, searchable by title, key or value;
 * each label's type and values in dictionary words, and a link that starts a customer group with it.
 */
export default function LabelCataloguePage() {
  const { t } = useI18n();
  const canWrite = useCurrentUser().permissions.includes('groups.write');
  const labels = useLabels();
  const [search, setSearch] = useState('');
  const [group, setGroup] = useState('all');

  const rows = labels.data ?? [];
  const groups = useMemo(() => {
    const counts = new Map<string, number>();
    for (const label of rows) counts.set(label.group, (counts.get(label.group) ?? 0) + 1);
    return [...counts];
  }, [rows]);
  const needle = search.trim().toLowerCase();
  const shown = rows.filter(
    (label) =>
      (group === 'all' || label.group === group) &&
      (!needle ||
        [label.title, label.key, ...(label.values ?? []).map((v) => v.title)].some((text) => text.toLowerCase().includes(needle))),
  );

  if (labels.isPending) return <Loading />;
  if (labels.isError) return <ErrorState error={labels.error} onRetry={() => void labels.refetch()} />;

  const columns: NonNullable<TableProps<Label>['columns']> = [
    { key: 'group', dataIndex: 'group', title: t('labels.col.group'), width: 130, render: (g: string) => groupTitle(t, g) },
    {
      key: 'title',
      dataIndex: 'title',
      title: t('labels.col.title'),
      width: 220,
      render: (title: string, row) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{title}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: row.key }}>
            {row.key}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'type', dataIndex: 'type', title: t('labels.col.type'), width: 110, render: (type: Label['type']) => t(`labels.type.${type}`) },
    {
      key: 'values',
      title: t('labels.col.values'),
      render: (_: unknown, row) => {
        if (row.type === 'boolean') return `${t('groups.yes')} / ${t('groups.no')}`;
        const values = row.values ?? [];
        if (!values.length) return null;
        return (
          <Space size={[4, 4]} wrap>
            {values.slice(0, VALUES_SHOWN).map((v) => (
              <Tag key={v.value} style={{ marginInlineEnd: 0 }}>
                {v.title}
              </Tag>
            ))}
            {values.length > VALUES_SHOWN ? <Typography.Text type="secondary">+{values.length - VALUES_SHOWN}</Typography.Text> : null}
          </Space>
        );
      },
    },
    ...(canWrite
      ? [
          {
            key: 'use',
            title: '',
            width: 150,
            render: (_: unknown, row: Label) => (
              <Link to={`${NEW_GROUP_PATH}?label=${encodeURIComponent(row.key)}`} data-testid="label-use">
                {t('labels.useInGroup')}
              </Link>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title={t('menu.labels')}
      extra={
        <Space>
          <Typography.Text type="secondary" data-testid="label-count">
            {t('labels.count', { n: shown.length })}
          </Typography.Text>
          {canWrite ? (
            <Link to={NEW_GROUP_PATH}>
              <Button type="primary">{t('groups.new')}</Button>
            </Link>
          ) : null}
        </Space>
      }
    >
      <Input.Search allowClear placeholder={t('labels.search')} style={{ maxWidth: 360, marginBottom: 8 }} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="label-search" />
      <Tabs
        activeKey={group}
        onChange={setGroup}
        size="small"
        items={[{ key: 'all', label: `${t('labels.allGroups')} (${rows.length})` }, ...groups.map(([g, n]) => ({ key: g, label: `${groupTitle(t, g)} (${n})` }))]}
      />
      <Table<Label> size="small" rowKey="key" columns={columns} dataSource={shown} pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }} data-testid="label-table" />
    </Card>
  );
}
