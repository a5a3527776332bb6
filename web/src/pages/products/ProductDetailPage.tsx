import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Space, Tabs, Tag } from 'antd';
import type { TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useParams } from 'react-router';
import { useCurrentUser } from '../../components/AppLayout';
import { codeColumn, customerColumn, moneyCell, moneyColumn, nameColumn, textColumn } from '../../components/columns';
import { formatDecimal } from '../../components/decimal';
import { FormModal, useFormModal } from '../../components/FormModal';
import { ListPage, ListTotal, useListPage } from '../../components/ListPage';
import { QueryState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { salesWindow } from './ProductListPage';
import {
  productsRoot, saveMarketing, useProduct, useProductsChanged, type Holder, type HolderList, type ProductDetail, type Sale, type SaleList, type Target, type TargetList,
} from './productsApi';

interface MarketingForm {
  description?: string;
  salesStart?: Dayjs | null;
  salesEnd?: Dayjs | null;
  salesCommissionRate: string;
  targetDescription?: string;
}
const FIELDS = ['description', 'salesStart', 'salesEnd', 'salesCommissionRate', 'targetDescription'] as const;

/** 编辑营销信息 (products.manage): description, sales window, sales commission rate, target customers. */
function MarketingModal({ product, open, onClose }: { product: ProductDetail; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<MarketingForm>();
  const modal = useFormModal(form, FIELDS, onClose);
  const changed = useProductsChanged();
  function submit(values: MarketingForm) {
    void modal.submit(async () => {
      await saveMarketing(product.productCode, {
        description: values.description?.trim() || null,
        salesStart: values.salesStart ? values.salesStart.format('YYYY-MM-DD') : null,
        salesEnd: values.salesEnd ? values.salesEnd.format('YYYY-MM-DD') : null,
        salesCommissionRate: values.salesCommissionRate.trim(),
        targetDescription: values.targetDescription?.trim() || null,
      });
      void message.success(t('product.detail.saved'));
      await changed();
      modal.close();
    });
  }
  return (
    <FormModal modal={modal} title={t('product.detail.edit')} open={open} okText={t('product.detail.save')} cancelText={t('product.detail.cancel')} errorTestId="marketing-error" width={640}>
      <Form<MarketingForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          description: product.description ?? '',
          salesStart: product.salesStart ? dayjs(product.salesStart) : null,
          salesEnd: product.salesEnd ? dayjs(product.salesEnd) : null,
          salesCommissionRate: product.salesCommissionRate,
          targetDescription: product.targetDescription ?? '',
        }}
        data-testid="marketing-form"
      >
        <Form.Item name="description" label={t('product.detail.description')}>
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        <Space size="middle" align="start">
          <Form.Item name="salesStart" label={t('product.detail.salesStart')}>
            <DatePicker style={{ width: 180 }} />
          </Form.Item>
          <Form.Item
            name="salesEnd"
            label={t('product.detail.salesEnd')}
            dependencies={['salesStart']}
            rules={[({ getFieldValue }) => ({
              validator: (_rule, value: Dayjs | null | undefined) => {
                const start = getFieldValue('salesStart') as Dayjs | null | undefined;
                return value && start && value.isBefore(start, 'day') ? Promise.reject(new Error(t('product.detail.windowOrder'))) : Promise.resolve();
              },
            })]}
          >
            <DatePicker style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="salesCommissionRate" label={t('product.col.commissionRate')} rules={[{ required: true, pattern: /^(0(\.\d{1,8})?|1(\.0{1,8})?)$/, message: '0 – 1' }]}>
            <Input style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="targetDescription" label={t('product.detail.target')}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

function HoldersTab({ productCode }: { productCode: string }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<HolderList>({ path: `/api/products/${encodeURIComponent(productCode)}/holders`, queryKey: [...productsRoot, 'holders', productCode], local: true });
  const data = list.result.data;
  const columns: NonNullable<TableProps<Holder>['columns']> = [
    customerColumn<Holder>('customerNo', t('product.holder.customerNo')),
    nameColumn<Holder>('name', t('product.holder.name')),
    textColumn<Holder>('branchName', t('product.holder.branch'), 160),
    textColumn<Holder>('fundAccount', t('product.holder.fundAccount'), 130),
    codeColumn<Holder>('currency', '', 70, 'currency', label),
    moneyColumn<Holder>('units', t('product.holder.units'), 150),
    moneyColumn<Holder>('marketValue', t('product.holder.marketValue'), 150),
  ];
  return (
    <ListPage<Holder>
      list={list}
      title={`${t('product.tab.holders')} ${data?.date ?? ''}`}
      total={
        <Space>
          <span>{t('product.holder.units')} {moneyCell(data?.totalUnits)}</span>
          <span>{t('product.holder.marketValue')} {moneyCell(data?.totalMarketValue)}</span>
          <ListTotal list={list} title={t('product.tab.holders')} testId="holders-total" />
        </Space>
      }
      rowKey={(h) => `${h.customerNo}/${h.fundAccount}`}
      columns={columns}
      emptyInTable
      data-testid="product-holders"
    />
  );
}

function SalesTab({ productCode }: { productCode: string }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<SaleList>({ path: `/api/products/${encodeURIComponent(productCode)}/sales`, queryKey: [...productsRoot, 'sales', productCode], local: true });
  const totals = list.result.data?.totals;
  const columns: NonNullable<TableProps<Sale>['columns']> = [
    textColumn<Sale>('tradeDate', t('product.sale.date'), 110),
    textColumn<Sale>('txnTime', t('product.sale.time'), 90),
    customerColumn<Sale>('customerNo', t('product.holder.customerNo')),
    nameColumn<Sale>('name', t('product.holder.name')),
    textColumn<Sale>('fundAccount', t('product.holder.fundAccount'), 130),
    codeColumn<Sale>('txnType', t('product.sale.type'), 100, 'productTxnType', label),
    codeColumn<Sale>('currency', '', 70, 'currency', label),
    moneyColumn<Sale>('amount', t('product.sale.amount')),
    moneyColumn<Sale>('fee', t('product.sale.fee'), 110),
  ];
  return (
    <ListPage<Sale>
      list={list}
      title={t('product.tab.sales')}
      notice={totals ? <Alert type="info" showIcon title={t('product.sale.totals', { subscribed: formatDecimal(totals.subscribed), redeemed: formatDecimal(totals.redeemed), fee: formatDecimal(totals.fee) })} /> : null}
      total={<ListTotal list={list} title={t('product.tab.sales')} testId="sales-total" />}
      rowKey="txnNo"
      columns={columns}
      emptyInTable
      data-testid="product-sales"
    />
  );
}

/** The model's out-of-time quality line (目标客户), or why there is no model. */
function TargetQuality({ data }: { data: TargetList | undefined }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const m = data?.model;
  if (!m) return null;
  const pct = (x: string | null) => (x === null ? '—' : `${(Number(x) * 100).toFixed(1)} %`);
  if (m.noModelReason) return <Alert type="warning" showIcon title={t('product.target.noModel', { reason: label('productTargetNoModel', m.noModelReason) })} data-testid="target-quality" />;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="target-quality"
      title={t('product.target.quality', {
        level: m.level ? label('productTargetLevel', m.level) : '—',
        trainedAt: dayjs(m.trainedAt).format('YYYY-MM-DD HH:mm'),
        cutoff: m.cutoff ?? '—',
        window: String(m.windowDays),
        hit: pct(m.hitRateTop10),
        base: pct(m.baseRate),
        lift: m.liftTop10 ?? '—',
        auc: m.auc ?? '—',
        k: String(m.topK ?? '—'),
        hitK: pct(m.hitRateTopK),
      })}
      description={m.firstTimeExamples === null ? undefined : (
        <span data-testid="target-quality-first-time">
          {t('product.target.firstTime', {
            examples: String(m.firstTimeExamples),
            buyers: String(m.firstTimeBuyers ?? '—'),
            hit: pct(m.firstTimeHitRateTop10),
            base: pct(m.firstTimeBaseRate),
            lift: m.firstTimeLiftTop10 ?? '—',
            auc: m.firstTimeAuc ?? '—',
          })}
        </span>
      )}
    />
  );
}

function TargetsTab({ productCode }: { productCode: string }) {
  const { t } = useI18n();
  const list = useListPage<TargetList>({
    path: `/api/products/${encodeURIComponent(productCode)}/targets`,
    queryKey: [...productsRoot, 'targets', productCode],
    local: true,
    pageSize: 20,
    exportFile: `targets-${productCode}.xlsx`,
  });
  const columns: NonNullable<TableProps<Target>['columns']> = [
    { key: 'rank', dataIndex: 'rank', title: t('product.target.rank'), width: 70 },
    customerColumn<Target>('customerNo', t('product.holder.customerNo')),
    nameColumn<Target>('customerName', t('product.holder.name')),
    textColumn<Target>('branchName', t('product.holder.branch'), 150),
    { key: 'score', dataIndex: 'score', title: t('product.target.score'), width: 110, align: 'right', render: (s: string) => `${(Number(s) * 100).toFixed(1)} %` },
    {
      key: 'reasons',
      dataIndex: 'reasons',
      title: t('product.target.reasons'),
      render: (reasons: Target['reasons']) => <Space size={[4, 4]} wrap>{reasons.map((r) => <Tag key={r.code}>{r.text}</Tag>)}</Space>,
    },
  ];
  return (
    <ListPage<Target>
      list={list}
      title={t('product.target.title')}
      notice={list.result.isLoading ? <Alert type="info" showIcon title={t('product.target.loading')} /> : <TargetQuality data={list.result.data} />}
      total={<ListTotal list={list} title={t('product.tab.targets')} testId="targets-total" />}
      rowKey="customerNo"
      columns={columns}
      emptyInTable
      data-testid="product-targets"
    />
  );
}

/**
 * 金融产品管理 → a product: the extract's data and the CRM's marketing data (edited by ADMIN and HQ),
 * its holders in the caller's scope on the last imported day, its sales and its target customers (目标客户挖掘).
 */
export default function ProductDetailPage() {
  const { productCode = '' } = useParams();
  const { t } = useI18n();
  const label = useCodeLabel();
  const me = useCurrentUser();
  const product = useProduct(productCode);
  const [editing, setEditing] = useState(false);
  const p = product.data;
  return (
    <QueryState query={product}>
      {p && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="product-detail">
          <Card
            size="small"
            title={<Space>{p.name}<Tag>{p.productCode}</Tag><Tag color="red">{label('productRisk', p.riskLevel)}</Tag></Space>}
            extra={me.permissions.includes('products.manage') ? <Button onClick={() => setEditing(true)} data-testid="edit-marketing">{t('product.detail.edit')}</Button> : null}
          >
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item label={t('product.col.type')}>{label('productType', p.productType)}</Descriptions.Item>
              <Descriptions.Item label={t('product.col.issuer')}>{p.issuer ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('product.col.minAmount')}>{p.minAmount ? moneyCell(p.minAmount) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('product.col.salesWindow')}>{salesWindow(p.salesStart, p.salesEnd)}</Descriptions.Item>
              <Descriptions.Item label={t('product.col.commissionRate')}>{p.salesCommissionRate}</Descriptions.Item>
              <Descriptions.Item label={t('product.detail.updated')}>{p.marketingUpdatedAt ? `${dayjs(p.marketingUpdatedAt).format('YYYY-MM-DD HH:mm')} ${p.marketingUpdatedBy ?? ''}` : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('product.detail.description')} span={3}>{p.description ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('product.detail.target')} span={3}>{p.targetDescription ?? '—'}</Descriptions.Item>
            </Descriptions>
            <Alert
              style={{ marginTop: 12 }}
              type="info"
              showIcon
              title={t('product.detail.holdings', { date: p.holdings.date ?? '—', holders: String(p.holdings.holders), value: formatDecimal(p.holdings.marketValue) })}
            />
          </Card>
          <Tabs
            items={[
              { key: 'holders', label: t('product.tab.holders'), children: <HoldersTab productCode={p.productCode} /> },
              { key: 'sales', label: t('product.tab.sales'), children: <SalesTab productCode={p.productCode} /> },
              { key: 'targets', label: t('product.tab.targets'), children: <TargetsTab productCode={p.productCode} /> },
            ]}
          />
          <MarketingModal product={p} open={editing} onClose={() => setEditing(false)} />
        </Space>
      )}
    </QueryState>
  );
}
