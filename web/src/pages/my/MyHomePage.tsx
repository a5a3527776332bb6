/** 客户专属空间 首页: my risk category in force with its date, validity and source, and my advisor. */
import { Alert, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { useMyProfile } from './myApi';

const STATUS_COLOR: Record<string, string> = { VALID: 'green', EXPIRING: 'orange', EXPIRED: 'red', MISSING: 'red', NOT_REQUIRED: 'blue' };

export default function MyHomePage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const profile = useMyProfile().data!;
  const professional = profile.investorClass !== 'ORDINARY';
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('my.home.hello', { name: profile.name })}</Typography.Title>
        <Typography.Text type="secondary">{t('my.home.customerNo', { customerNo: profile.customerNo, branch: profile.branchName })}</Typography.Text>
      </div>
      <Card size="small" title={t('my.home.risk')} data-testid="my-risk">
        {professional ? (
          <Typography.Paragraph>{label('investorClass', profile.investorClass)} · {t('my.home.professional')}</Typography.Paragraph>
        ) : null}
        <Space align="baseline" wrap>
          <Typography.Text strong style={{ fontSize: 24 }} data-testid="my-risk-level">
            {profile.riskLevel ? label('riskLevel', profile.riskLevel) : t('my.home.noRisk')}
          </Typography.Text>
          <Tag color={STATUS_COLOR[profile.assessmentStatus]} data-testid="my-risk-status">{label('assessmentStatus', profile.assessmentStatus)}</Tag>
        </Space>
        {profile.lowestRiskCategory ? <Alert type="warning" showIcon title={t('my.home.lowest')} style={{ marginTop: 8 }} /> : null}
        {profile.riskAssessedOn ? (
          <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('my.home.assessedOn')}>{profile.riskAssessedOn}</Descriptions.Item>
            <Descriptions.Item label={t('my.home.expiresOn')}><span data-testid="my-risk-expires">{profile.riskExpiresOn}</span></Descriptions.Item>
            {profile.riskSource ? <Descriptions.Item label={t('my.home.source')}>{label('riskSource', profile.riskSource)}</Descriptions.Item> : null}
          </Descriptions>
        ) : null}
        {professional ? null : (
          <Link to="/my/questionnaire">
            <Button type="primary" block style={{ marginTop: 8 }} data-testid="my-assess">
              {profile.riskAssessedOn ? t('my.home.reassess') : t('my.home.assess')}
            </Button>
          </Link>
        )}
      </Card>
      <Card size="small" title={t('my.home.advisor')} data-testid="my-advisor">
        {profile.advisor ? (
          <Space orientation="vertical" size={4}>
            <Typography.Text strong>{profile.advisor.name}</Typography.Text>
            <Typography.Text type="secondary">{label('relationshipKind', profile.advisor.kind)}</Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('my.home.noAdvisor')}</Typography.Text>
        )}
        <Link to="/my/messages"><Button block style={{ marginTop: 8 }}>{t('my.home.ask')}</Button></Link>
      </Card>
    </Space>
  );
}
