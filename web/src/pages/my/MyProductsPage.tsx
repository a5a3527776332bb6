/** 适合我的产品: the products whose suitability check for me is MATCH today (GET /api/me/products). */
import { Alert, Card, List, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/api';
import { formatDecimal } from '../../components/decimal';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { myRoot, useMyProfile, type MyProduct } from './myApi';

const RISK_COLOR: Record<string, string> = { R1: 'green', R2: 'cyan', R3: 'blue', R4: 'orange', R5: 'red' };

export default function MyProductsPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const profile = useMyProfile().data!;
  const products = useQuery({ queryKey: [...myRoot, 'products'], queryFn: ({ signal }) => api.get('/api/me/products', {}, signal) });
  if (products.isPending) return <Loading />;
  if (products.isError) return <ErrorState error={products.error} onRetry={() => void products.refetch()} />;
  const assessed = profile.investorClass !== 'ORDINARY' || profile.assessmentStatus === 'VALID' || profile.assessmentStatus === 'EXPIRING';
  return (
    <Card size="small" title={t('my.p.title')} styles={{ body: { padding: 0 } }}>
      <div style={{ padding: '8px 12px' }}>
        {assessed ? (
          <Typography.Text type="secondary" data-testid="my-p-hint">
            {t('my.p.hint', { level: profile.riskLevel ? label('riskLevel', profile.riskLevel) : label('investorClass', profile.investorClass), date: products.data.date })}
          </Typography.Text>
        ) : (
          <Alert type="warning" showIcon title={t('my.p.noAssessment')} />
        )}
      </div>
      {products.data.items.length === 0 ? <EmptyState text={t('my.p.empty')} /> : (
        <List<MyProduct>
          dataSource={products.data.items}
          data-testid="my-products"
          renderItem={(p) => (
            <List.Item style={{ padding: '10px 12px' }} data-testid={`my-product-${p.productCode}`}>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap size={6}>
                  <Typography.Text strong>{p.name}</Typography.Text>
                  <Tag color={RISK_COLOR[p.riskLevel]}>{label('productRisk', p.riskLevel)}</Tag>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[label('productType', p.productType), p.issuer, p.minAmount ? t('my.p.minAmount', { amount: formatDecimal(p.minAmount) }) : null,
                    p.salesStart || p.salesEnd ? t('my.p.window', { from: p.salesStart ?? '…', to: p.salesEnd ?? '…' }) : null].filter(Boolean).join(' · ')}
                </Typography.Text>
                {p.description ? <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 13 }}>{p.description}</Typography.Paragraph> : null}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
