import { useMemo } from 'react';
import { App, Button, Card, Col, Descriptions, Popconfirm, Row, Space, Tag } from 'antd';
import type { TableProps } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { Chart } from '../../../components/Chart';
import { moneyCell } from '../../../components/columns';
import { ListPage, ListTotal, useListPage } from '../../../components/ListPage';
import { EmptyState, ErrorState, Loading } from '../../../components/States';
import { useCodeLabel, useI18n } from '../../../i18n/i18n';
import { tierColor } from '../../customers/CustomerListPage';
import { filterText } from './labelWords';
import { useCurrentUser } from '../../../components/AppLayout';
import { deleteGroup, filterOf, groupEditPath, groupsRoot, GROUPS_PATH, membersPath, useGroup, useGroupsChanged, useLabels, type GroupDetail, type GroupMember, type MemberPage } from './groupsApi';

/**
 * One 客户群: its conditions in words, owner and last refresh, the member count over the imported
 * days (a line), and the members in the caller's scope (names linking to the 360° view) with their
 * Excel export; 编辑条件 and 删除 for its owner.
 */
export default function GroupDetailPage() {
  const { id = '' } = useParams();
  const group = useGroup(id);
  if (group.isError) return <ErrorState error={group.error} onRetry={() => void group.refetch()} />;
  if (group.isPending) return <Loading />;
  return <Detail group={group.data} />;
}

function Detail({ group }: { group: GroupDetail }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const labels = useLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const changed = useGroupsChanged();
  const me = useCurrentUser();
  const canChange = group.mine && me.permissions.includes('groups.write');
  const list = useListPage<MemberPage>({
    path: membersPath(group.id),
    queryKey: [...groupsRoot, 'members', group.id],
    exportFile: `${group.name}.xlsx`,
  });

  const history = group.history;
  const chart = useMemo(
    () => ({
      grid: { left: 56, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: history.map((h) => h.date) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'line', name: t('groups.detail.membersTotal'), data: history.map((h) => h.members), smooth: false, showSymbol: history.length < 40, itemStyle: { color: '#c8102e' } }],
    }),
    [history, t],
  );

  async function remove() {
    try {
      await deleteGroup(group.id);
      await changed();
      void message.success(t('groups.detail.deleted', { name: group.name }));
      navigate(GROUPS_PATH);
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    }
  }

  const columns: NonNullable<TableProps<GroupMember>['columns']> = [
    {
      key: 'customerNo',
      dataIndex: 'customerNo',
      title: t('groups.members.customerNo'),
      width: 120,
      fixed: 'left',
      render: (no: string) => <Link to={`/customers/${encodeURIComponent(no)}`}>{no}</Link>,
    },
    { key: 'name', dataIndex: 'customerName', title: t('groups.members.name'), width: 160, ellipsis: true },
    { key: 'tier', dataIndex: 'tier', title: t('groups.members.tier'), width: 90, render: (v: string | null) => (v ? <Tag color={tierColor(v)}>{v}</Tag> : null) },
    { key: 'netAsset', dataIndex: 'netAsset', title: t('groups.members.netAsset'), width: 150, align: 'right', render: moneyCell },
    { key: 'avg20NetAsset', dataIndex: 'avg20NetAsset', title: t('groups.members.avg20NetAsset'), width: 150, align: 'right', render: moneyCell },
    { key: 'lifecycle', dataIndex: 'lifecycle', title: t('groups.members.lifecycle'), width: 100, render: (v: string) => label('lifecycle', v) },
    { key: 'risk', dataIndex: 'riskLevel', title: t('groups.members.risk'), width: 110, render: (v: string | null) => (v ? label('riskLevel', v) : null) },
    { key: 'lastTradeDate', dataIndex: 'lastTradeDate', title: t('groups.members.lastTradeDate'), width: 110 },
    { key: 'branch', dataIndex: 'branchName', title: t('groups.members.branch'), width: 160, ellipsis: true },
    {
      key: 'staff',
      dataIndex: 'servingStaffName',
      title: t('groups.members.staff'),
      width: 140,
      ellipsis: true,
      render: (name: string | null, m: GroupMember) => (name ? `${name}（${m.servingStaffNo ?? ''}）` : null),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={<span data-testid="group-title">{group.name}</span>}
            extra={
              canChange && (
              <Space>
                <Link to={groupEditPath(group.id)}>
                  <Button data-testid="group-edit">{t('groups.detail.edit')}</Button>
                </Link>
                <Popconfirm title={t('groups.detail.deleteConfirm', { name: group.name })} onConfirm={() => void remove()}>
                  <Button danger data-testid="group-delete">
                    {t('groups.detail.delete')}
                  </Button>
                </Popconfirm>
              </Space>
              )
            }
            style={{ height: '100%' }}
          >
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'conditions', label: t('groups.detail.conditions'), children: <span data-testid="group-conditions">{filterText(filterOf(group), labels.data ?? [], t)}</span> },
                { key: 'members', label: t('groups.detail.membersOwner'), children: <strong data-testid="group-member-count">{group.members.toLocaleString('en-US')}</strong> },
                { key: 'owner', label: t('groups.detail.owner'), children: group.shared ? `${group.ownerName}（${t('groups.shared')}）` : group.ownerName },
                { key: 'refreshed', label: t('groups.detail.refreshed'), children: group.refreshedOn ?? '' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('groups.detail.history')} style={{ height: '100%' }}>
            {history.length ? <Chart option={chart} height={200} testId="group-history-chart" /> : <EmptyState text={t('groups.detail.noHistory')} />}
          </Card>
        </Col>
      </Row>
      <ListPage<GroupMember>
        list={list}
        title={t('groups.detail.members')}
        total={<ListTotal list={list} title={t('groups.detail.membersTotal')} hint={t('groups.detail.scopeHint')} testId="member-total" />}
        rowKey="customerNo"
        columns={columns}
        emptyInTable
        tableLayout="fixed"
        scroll={{ x: columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), 0) }}
        data-testid="member-list"
      />
    </Space>
  );
}
