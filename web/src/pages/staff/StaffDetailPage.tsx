import { Card, Col, Descriptions, Row, Space, Statistic, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { RecordCard } from '../../components/RecordCard';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import type { CodeKind } from '../../../../shared/codes';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { useStaffProfile, type StaffProfile } from './staffApi';
import { StaffAssetsTab, StaffHoldingsTab } from './StaffAssetsTab';
import { StaffCustomersTab } from './StaffCustomersTab';
import { StaffFlowsTab } from './StaffFlowsTab';
import { StaffIndicatorsTab, StaffTradingTab } from './StaffIndicatorsTab';
import { PayslipHistory } from '../payroll/PayslipHistory';
import { StaffManageLink } from './manage/StaffManageLink';
import { StaffTrainingTab } from '../training/StaffTrainingTab';

const TABS = ['profile', 'current', 'history', 'indicators', 'trading', 'assets', 'holdings', 'fund', 'order', 'trade', 'payslips', 'training'] as const;
type TabKey = (typeof TABS)[number];

/** History values shown through the catalogue, by the field that changed. */
/** The dictionary kind (shared/codes.ts) of the coded fields of a history row. */
const VALUE_KIND: Partial<Record<string, CodeKind>> = { level: 'staffLevel', category: 'staffCategory', contract_type: 'contractType' };

/** 员工详情: the profile card and the relationship-scoped tabs; the open tab is in the URL (?tab=). */
export default function StaffDetailPage() {
  const { staffNo = '' } = useParams();
  const profile = useStaffProfile(staffNo);
  if (profile.isPending) return <Loading />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  return <StaffView key={staffNo} profile={profile.data} />;
}

function StaffView({ profile }: { profile: StaffProfile }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const [search, setSearch] = useSearchParams();
  const requested = search.get('tab');
  const active: TabKey = TABS.find((k) => k === requested) ?? 'profile';
  const no = profile.staffNo;

  const content: Record<TabKey, React.ReactNode> = {
    profile: <ProfileTab profile={profile} />,
    current: <StaffCustomersTab staffNo={no} view="current" />,
    history: <StaffCustomersTab staffNo={no} view="history" />,
    indicators: <StaffIndicatorsTab staffNo={no} />,
    trading: <StaffTradingTab staffNo={no} />,
    assets: <StaffAssetsTab staffNo={no} />,
    holdings: <StaffHoldingsTab staffNo={no} />,
    fund: <StaffFlowsTab staffNo={no} kind="fund" />,
    order: <StaffFlowsTab staffNo={no} kind="order" />,
    trade: <StaffFlowsTab staffNo={no} kind="trade" />,
    payslips: <PayslipHistory staffNo={no} />,
    training: <StaffTrainingTab staffNo={no} />,
  };
  const counts: Partial<Record<TabKey, number>> = { current: profile.counts.currentCustomers, history: profile.counts.historyCustomers };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <RecordCard
        name={profile.name}
        code={profile.staffNo}
        testId="staff-title"
        tags={
          <>
            <Tag>{label('staffCategory', profile.category)}</Tag>
            <Tag>{label('staffLevel', profile.level)}</Tag>
            <Tag color={profile.status === 'ACTIVE' ? 'green' : 'default'}>{label('staffStatus', profile.status)}</Tag>
          </>
        }
        extra={
          <Space size="middle">
            {t('staff.asOf', { date: profile.asOf })}
            <StaffManageLink staffNo={profile.staffNo} />
          </Space>
        }
      >
        <Row gutter={16}>
          <Col xs={24} lg={16}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
              <Descriptions.Item label={t('staff.col.branch')}>{`${profile.branchName} (${profile.branchCode})`}</Descriptions.Item>
              <Descriptions.Item label={t('staff.col.team')}>{profile.teamCode ? `${profile.teamName ?? ''} (${profile.teamCode})` : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('staff.col.contractType')}>{label('contractType', profile.contractType)}</Descriptions.Item>
              <Descriptions.Item label={t('staff.col.hireDate')}>{profile.hireDate}</Descriptions.Item>
              <Descriptions.Item label={t('staff.col.leaveDate')}>{profile.leaveDate ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('staff.col.mobile')}>{profile.mobile ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Col>
          <Col xs={24} lg={8}>
            <Row gutter={8}>
              <Col span={8}>
                <Statistic title={t('staff.counts.current')} value={profile.counts.currentCustomers} />
              </Col>
              <Col span={8}>
                <Statistic title={t('staff.counts.developWeight')} value={profile.counts.developWeight} />
              </Col>
              <Col span={8}>
                <Statistic title={t('staff.counts.history')} value={profile.counts.historyCustomers} />
              </Col>
            </Row>
          </Col>
        </Row>
      </RecordCard>
      <Card size="small">
        <Tabs
          activeKey={active}
          onChange={(key) => {
            const next = new URLSearchParams(search);
            if (key === 'profile') next.delete('tab');
            else next.set('tab', key);
            setSearch(next, { replace: true });
          }}
          items={TABS.map((key) => ({
            key,
            label: counts[key] !== undefined ? `${t(`staff.tab.${key}`)} (${counts[key]})` : t(`staff.tab.${key}`),
            children: content[key],
          }))}
        />
      </Card>
    </Space>
  );
}

/** 基本信息: every profile field, and 历史信息 (level, team and other changes). */
function ProfileTab({ profile }: { profile: StaffProfile }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const fieldLabel = (field: string) => label('staffField', field);
  const valueLabel = (field: string, value: string | null) => {
    const kind = VALUE_KIND[field];
    return value === null ? '—' : kind ? label(kind, value) : value;
  };
  const columns: TableColumnsType<StaffProfile['history'][number]> = [
    {
      key: 'changedOn',
      dataIndex: 'changedOn',
      title: t('staff.history.changedOn'),
      width: 170,
      render: (day: string, row) => (
        <Space size={4}>
          {day}
          {row.pending && <Tag color="orange">{t('staff.history.pending')}</Tag>}
        </Space>
      ),
    },
    { key: 'field', dataIndex: 'field', title: t('staff.history.field'), render: fieldLabel, width: 120 },
    { key: 'oldValue', dataIndex: 'oldValue', title: t('staff.history.old'), render: (v: string | null, row) => valueLabel(row.field, v) },
    { key: 'newValue', dataIndex: 'newValue', title: t('staff.history.new'), render: (v: string | null, row) => valueLabel(row.field, v) },
    { key: 'source', dataIndex: 'source', title: t('staff.history.source'), width: 140, render: (v: string) => label('recordSource', v) },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={t('staff.col.staffNo')}>{profile.staffNo}</Descriptions.Item>
        <Descriptions.Item label={t('staff.col.name')}>{profile.name}</Descriptions.Item>
        <Descriptions.Item label={t('staff.col.category')}>{label('staffCategory', profile.category)}</Descriptions.Item>
        <Descriptions.Item label={t('staff.col.level')}>{label('staffLevel', profile.level)}</Descriptions.Item>
        <Descriptions.Item label={t('staff.col.team')}>{profile.teamCode ? `${profile.teamName ?? ''} (${profile.teamCode})` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('staff.col.branch')}>{`${profile.branchName} (${profile.branchCode})`}</Descriptions.Item>
        <Descriptions.Item label={t('staff.col.hireDate')}>{profile.hireDate}</Descriptions.Item>
        <Descriptions.Item label={t('staff.col.leaveDate')}>{profile.leaveDate ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('staff.col.contractType')}>{label('contractType', profile.contractType)}</Descriptions.Item>
        <Descriptions.Item label={t('staff.col.status')}>{label('staffStatus', profile.status)}</Descriptions.Item>
        <Descriptions.Item label={t('staff.col.mobile')}>{profile.mobile ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('staff.col.email')}>{profile.email ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Card size="small" type="inner" title={t('staff.history.title')}>
        <Table
          size="small"
          rowKey={(r) => `${r.changedOn}|${r.field}|${r.newValue ?? ''}`}
          columns={columns}
          dataSource={profile.history}
          pagination={profile.history.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          locale={{ emptyText: <EmptyState text={t('staff.history.empty')} /> }}
        />
      </Card>
    </Space>
  );
}
