/** 服务管理 → 投资组合: the model portfolios (list, new), one portfolio's versions, rebalance and daily value index. */
import { useMemo, useState } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/api';
import { apiGet } from '../../api/client';
import { useMe } from '../../api/queries';
import { Chart } from '../../components/Chart';
import { toChartNumber } from '../../components/decimal';
import { FormModal, useFormModal } from '../../components/FormModal';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { codesOf } from '../../../../shared/codes';
import {
  SERVICE_PORTFOLIOS_PATH, serviceRoot, usePerformance, usePortfolio, useServiceProducts, type Holding, type PortfolioDetail, type PortfolioList, type PortfolioSummary,
} from './serviceApi';

type VersionHolding = PortfolioDetail['versions'][number]['holdings'][number];

function usePortfolios() {
  return useQuery({ queryKey: [...serviceRoot, 'portfolios'], queryFn: ({ signal }) => apiGet<PortfolioList>('/api/service/portfolios', signal) });
}

export function PortfolioListPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const me = useMe().data;
  const portfolios = usePortfolios();
  const [creating, setCreating] = useState(false);
  const canManage = me?.permissions.includes('products.manage') ?? false;
  const columns: TableColumnsType<PortfolioSummary> = [
    { key: 'code', dataIndex: 'code', title: t('service.col.code'), width: 110 },
    { key: 'name', title: t('service.col.name'), width: 220, render: (_, p) => <Link to={`${SERVICE_PORTFOLIOS_PATH}/${p.id}`}>{p.name}</Link> },
    { key: 'product', title: t('service.col.product'), width: 180, render: (_, p) => p.productName ?? '—' },
    { key: 'version', dataIndex: 'version', title: t('service.col.version'), width: 80, align: 'right' },
    { key: 'effectiveOn', dataIndex: 'effectiveOn', title: t('service.col.effectiveOn'), width: 120 },
  ];
  if (portfolios.isError) return <ErrorState error={portfolios.error} onRetry={() => void portfolios.refetch()} />;
  return (
    <Card title={t('menu.servicePortfolios')} extra={canManage && <Button type="primary" onClick={() => setCreating(true)} data-testid="new-portfolio">{t('service.newPortfolio')}</Button>}>
      <Table<PortfolioSummary> rowKey="id" size="small" loading={portfolios.isPending} columns={columns} dataSource={portfolios.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} locale={{ emptyText: <EmptyState /> }} />
      <HoldingsModal portfolio={null} open={creating} onClose={() => setCreating(false)} onSaved={(p) => navigate(`${SERVICE_PORTFOLIOS_PATH}/${p.id}`)} />
    </Card>
  );
}

interface HoldingsValues {
  code?: string;
  name?: string;
  productId?: string | null;
  description?: string;
  note?: string;
  effectiveOn: Dayjs;
  holdings: Holding[];
}

/** The sum of the weights typed so far, exactly (4 places at most: as integers of 1/10000). */
function weightSum(holdings: (Partial<Holding> | undefined)[] | undefined): string {
  const units = (holdings ?? []).reduce((sum, h) => {
    const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(h?.weight ?? '');
    return m ? sum + Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0')) : sum;
  }, 0);
  return `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, '0')}`.replace(/\.?0+$/, '');
}

/** 新建投资组合 (portfolio null) or 调仓 (a new version of `portfolio`): the securities and their weights, summing to 100 %. */
function HoldingsModal({ portfolio, open, onClose, onSaved }: { portfolio: PortfolioDetail | null; open: boolean; onClose: () => void; onSaved: (p: PortfolioDetail) => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const queryClient = useQueryClient();
  const products = useServiceProducts();
  const [form] = Form.useForm<HoldingsValues>();
  const modal = useFormModal(form, ['code', 'name', 'productId', 'effectiveOn', 'holdings', 'note'], onClose);
  const holdings = Form.useWatch('holdings', form);
  const current = portfolio?.versions[0]?.holdings.map((h) => ({ market: h.market, securityCode: h.securityCode, weight: h.weight.replace(/\.?0+$/, '') })) as Holding[] | undefined;
  async function save(values: HoldingsValues) {
    await modal.submit(async () => {
      const effectiveOn = values.effectiveOn.format('YYYY-MM-DD');
      const saved = portfolio
        ? await api.post('/api/service/portfolios/{id}/rebalances', { path: { id: portfolio.id }, body: { effectiveOn, note: values.note ?? '', holdings: values.holdings } })
        : await api.post('/api/service/portfolios', { body: { code: values.code!, name: values.name!, productId: values.productId ?? null, description: values.description ?? '', effectiveOn, holdings: values.holdings } });
      await queryClient.invalidateQueries({ queryKey: serviceRoot });
      onSaved(saved);
      modal.close();
    });
  }
  return (
    <FormModal modal={modal} title={t(portfolio ? 'service.rebalance' : 'service.newPortfolio')} open={open} okText={t('service.save')} cancelText={t('service.cancel')} errorTestId="portfolio-error" width={720}>
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void save(v)}
        initialValues={{ holdings: current ?? [{ market: 'SH', securityCode: '', weight: '100' }], effectiveOn: dayjs() }}>
        {portfolio ? null : (
          <Space wrap size={16}>
            <Form.Item name="code" label={t('service.col.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,32}$/ }]}><Input style={{ width: 140 }} /></Form.Item>
            <Form.Item name="name" label={t('service.col.name')} rules={[{ required: true, whitespace: true, max: 100 }]}><Input style={{ width: 240 }} /></Form.Item>
            <Form.Item name="productId" label={t('service.col.product')}>
              <Select allowClear style={{ width: 200 }} options={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
            </Form.Item>
          </Space>
        )}
        <Space wrap size={16}>
          <Form.Item name="effectiveOn" label={t('service.col.effectiveOn')} rules={[{ required: true }]} tooltip={t('service.effectiveHint')}><DatePicker /></Form.Item>
          {portfolio ? <Form.Item name="note" label={t('service.note')}><Input style={{ width: 320 }} maxLength={500} /></Form.Item> : null}
        </Space>
        <Form.List name="holdings">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'market']} rules={[{ required: true }]}><Select style={{ width: 110 }} options={codesOf('market').map((m) => ({ value: m, label: label('market', m) }))} /></Form.Item>
                  <Form.Item name={[field.name, 'securityCode']} rules={[{ required: true, whitespace: true }]}><Input placeholder={t('service.securityCode')} style={{ width: 140 }} /></Form.Item>
                  <Form.Item name={[field.name, 'weight']} rules={[{ required: true, pattern: /^\d{1,3}(\.\d{1,4})?$/, message: t('service.weightRule') }]}><Input suffix="%" style={{ width: 120 }} /></Form.Item>
                  <Button type="link" danger onClick={() => remove(field.name)}>{t('service.remove')}</Button>
                </Space>
              ))}
              <Space>
                <Button onClick={() => add({ market: 'SH', securityCode: '', weight: '' })}>{t('service.addSecurity')}</Button>
                <Typography.Text type={weightSum(holdings) === '100' ? 'success' : 'warning'} data-testid="weight-sum">{t('service.weightSum', { sum: weightSum(holdings) })}</Typography.Text>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
    </FormModal>
  );
}

export function PortfolioDetailPage() {
  const { id = '' } = useParams();
  const portfolio = usePortfolio(id);
  if (portfolio.isPending) return <Loading />;
  if (portfolio.isError) return <ErrorState error={portfolio.error} onRetry={() => void portfolio.refetch()} />;
  return <PortfolioDetailView portfolio={portfolio.data} />;
}

function PortfolioDetailView({ portfolio }: { portfolio: PortfolioDetail }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const me = useMe().data;
  const performance = usePerformance(portfolio.id);
  const [rebalancing, setRebalancing] = useState(false);
  const points = performance.data?.points ?? [];
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 24, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: points.map((p) => p.date) },
    yAxis: { type: 'value', scale: true },
    series: [{ name: t('service.indexValue'), type: 'line', showSymbol: points.length < 40, data: points.map((p) => toChartNumber(p.value)) }],
  }), [points, t]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card className="wrap-head-card" title={`${portfolio.name}（${portfolio.code}）`}
        extra={me?.permissions.includes('products.manage') && <Button type="primary" onClick={() => setRebalancing(true)}>{t('service.rebalance')}</Button>}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('service.col.product')}>{portfolio.productName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('service.col.version')}>{portfolio.version}</Descriptions.Item>
          <Descriptions.Item label={t('service.col.effectiveOn')}>{portfolio.effectiveOn}</Descriptions.Item>
          <Descriptions.Item label={t('service.totalReturn')}><span data-testid="portfolio-return">{performance.data?.totalReturn != null ? `${performance.data.totalReturn}%` : '—'}</span></Descriptions.Item>
          <Descriptions.Item label={t('service.latestIndex')}>{points.at(-1)?.value ?? '—'}</Descriptions.Item>
          {portfolio.description ? <Descriptions.Item label={t('service.description')} span={3}>{portfolio.description}</Descriptions.Item> : null}
        </Descriptions>
        {performance.isError ? <ErrorState error={performance.error} onRetry={() => void performance.refetch()} /> : points.length ? <Chart option={option} height={260} testId="portfolio-chart" /> : <EmptyState text={t('service.noPerformance')} />}
        {performance.data?.unpriced.length ? (
          <Typography.Text type="warning">{t('service.unpriced', { list: performance.data.unpriced.map((u) => `${u.market}.${u.securityCode}（v${u.version}）`).join('、') })}</Typography.Text>
        ) : null}
      </Card>
      <Card title={t('service.versions')}>
        {portfolio.versions.map((v) => (
          <div key={v.version} style={{ marginBottom: 16 }}>
            <Typography.Text strong>{t('service.versionLine', { version: v.version, date: v.effectiveOn, by: v.createdBy })}</Typography.Text>
            {v.note ? <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>{v.note}</Typography.Text> : null}
            <Table<VersionHolding> rowKey={(h) => `${h.market}.${h.securityCode}`} size="small" pagination={false} dataSource={v.holdings} style={{ marginTop: 8 }}
              columns={[
                { key: 'market', title: t('service.market'), width: 100, render: (_: unknown, h: VersionHolding) => label('market', h.market) },
                { key: 'code', dataIndex: 'securityCode', title: t('service.securityCode'), width: 120 },
                { key: 'name', title: t('service.securityName'), width: 160, render: (_: unknown, h: VersionHolding) => h.securityName ?? '—' },
                { key: 'weight', title: t('service.weight'), width: 100, align: 'right', render: (_: unknown, h: VersionHolding) => `${h.weight}%` },
              ]} />
          </div>
        ))}
      </Card>
      <HoldingsModal portfolio={portfolio} open={rebalancing} onClose={() => setRebalancing(false)} onSaved={() => void message.success(t('service.saved'))} />
    </Space>
  );
}
