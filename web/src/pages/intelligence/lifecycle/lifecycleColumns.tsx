/**
 * The columns of the lifecycle lists (级别和分类's list, 睡眠客户, 潜在流失客户, 流失客户): the customer,
 * its tier, assets, last trade and staff by name, and per list what explains it (the churn score
 * and its main reason in words — every reason in its tooltip and on 流失预警 —, the day it churned
 * or closed).
 */
import { Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { codeColumn, customerColumn, moneyColumn, nameColumn, NUMERIC_CELL, textColumn } from '../../../components/columns';
import { percentText } from '../../../components/decimal';
import type { CodeLabelOf, Translate } from '../../../i18n/i18n';
import type { Lifecycle, LifecycleCustomer } from './lifecycleApi';

type Columns = NonNullable<TableProps<LifecycleCustomer>['columns']>;

/** A tier's tag colour: the highest tier green, the next gold, the rest plain (the configured order, highest first). */
export function tierTagColor(tier: string, tiers: readonly string[] = ['玉满堂', '金满堂']): string {
  const i = tiers.indexOf(tier);
  return i === 0 ? 'green' : i === 1 ? 'gold' : 'default';
}

export function lifecycleColumns(
  t: Translate, label: CodeLabelOf,
  opts: { lifecycle?: Lifecycle; sortOrder: (key: string) => 'ascend' | 'descend' | null; tiers?: readonly string[] },
): Columns {
  const { lifecycle, sortOrder, tiers } = opts;
  const columns: Columns = [
    customerColumn<LifecycleCustomer>('customerNo', t('lifecycle.col.customerNo')),
    nameColumn<LifecycleCustomer>('name', t('lifecycle.col.name')),
    textColumn<LifecycleCustomer>('branchName', t('lifecycle.col.branch'), 140),
    { key: 'tier', dataIndex: 'tier', title: t('lifecycle.col.tier'), width: 90, render: (v: string | null) => (v ? <Tag color={tierTagColor(v, tiers?.length ? tiers : undefined)}>{v}</Tag> : null) },
  ];
  if (!lifecycle) columns.push(codeColumn<LifecycleCustomer>('lifecycle', t('lifecycle.col.lifecycle'), 100, 'lifecycle', label));
  if (lifecycle === 'CHURN_RISK') {
    columns.push(
      {
        key: 'churnScore', dataIndex: 'churnScore', title: t('lifecycle.col.churnScore'), align: 'right', width: 100,
        render: (v: string | null) => (v === null ? null : <span style={NUMERIC_CELL}>{percentText(v, 1)}</span>),
      },
      {
        // the main reason (the reasons come strongest first: the rules that fired, then the tree's steps); all of them in the tooltip
        key: 'churnReasons', dataIndex: 'churnReasons', title: t('lifecycle.col.mainReason'), width: 320,
        render: (reasons: LifecycleCustomer['churnReasons']) => {
          const [main, ...more] = reasons;
          if (!main) return null;
          return (
            <Tooltip title={more.length ? reasons.map((r) => r.text).join('\n') : undefined}>
              <Typography.Text ellipsis style={{ maxWidth: 304 }} data-testid="churn-main-reason">
                {main.text}
                {more.length ? <Typography.Text type="secondary">{t('lifecycle.moreReasons', { n: String(more.length) })}</Typography.Text> : null}
              </Typography.Text>
            </Tooltip>
          );
        },
      },
    );
  }
  columns.push({ ...moneyColumn<LifecycleCustomer>('netAsset', t('lifecycle.col.netAsset'), 140), sorter: true, sortOrder: sortOrder('netAsset') });
  if (lifecycle === 'SLEEPING') columns.push(moneyColumn<LifecycleCustomer>('totalAsset', t('lifecycle.col.totalAsset'), 140));
  columns.push(
    {
      key: 'lastTradeDate', dataIndex: 'lastTradeDate', title: t('lifecycle.col.lastTradeDate'), width: 120, sorter: true, sortOrder: sortOrder('lastTradeDate'),
      render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('lifecycle.never')}</Typography.Text>,
    },
    {
      key: 'daysSinceTrade', dataIndex: 'daysSinceTrade', title: t('lifecycle.col.daysSinceTrade'), align: 'right', width: 110,
      render: (v: number | null) => <span style={NUMERIC_CELL}>{v ?? ''}</span>,
    },
  );
  if (lifecycle === 'CHURNED') {
    columns.push(textColumn<LifecycleCustomer>('churnedOn', t('lifecycle.col.churnedOn'), 110), textColumn<LifecycleCustomer>('closeDate', t('lifecycle.col.closeDate'), 110));
  }
  columns.push({
    key: 'staff', dataIndex: 'staff', title: t('lifecycle.col.staff'), width: 160,
    render: (staff: LifecycleCustomer['staff']) => {
      const names = staff.map((s) => s.name).join('、');
      return <Typography.Text ellipsis={{ tooltip: names }} style={{ maxWidth: 144 }}>{names}</Typography.Text>;
    },
  });
  return columns;
}
