/**
 * The table of rows read whole (not paged on the server): small, scrolling sideways, paged in the
 * browser only past `pageSize` rows, an empty text, and an optional totals row (合计). Server-paged
 * lists use ListTable (ListPage.tsx) instead.
 */
import type { ReactNode } from 'react';
import { Table } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { useI18n } from '../i18n/i18n';
import { totalsRow } from './columns';
import { EmptyState } from './States';

export interface Totals {
  /** The value under each summed column, by column key (exact decimal strings). */
  values: Partial<Record<string, string>>;
  /** The fewest rows that get a totals row (a total of one row repeats it). */
  minRows?: number;
  /** Keep the totals row in view at the bottom. */
  fixed?: boolean;
}

type Passed<T> = Pick<TableProps<T>, 'rowKey' | 'loading' | 'onRow'>;

export interface DataTableProps<T> extends Passed<T> {
  rows: readonly T[];
  columns: TableColumnsType<T>;
  /** Rows per page; all rows on one page when absent or when they fit. */
  pageSize?: number;
  /** Show "共 n 条" beside the pages. */
  countTotal?: boolean;
  /** The empty text; none while the first answer is `pending`. */
  emptyText?: ReactNode;
  pending?: boolean;
  totals?: Totals;
  testId?: string;
}

export function DataTable<T extends object>({ rows, columns, pageSize, countTotal, emptyText, pending, totals, testId, ...passed }: DataTableProps<T>) {
  const { t } = useI18n();
  const minRows = totals?.minRows ?? 1;
  return (
    <Table<T>
      size="small"
      {...passed}
      columns={columns}
      dataSource={rows}
      pagination={pageSize !== undefined && rows.length > pageSize ? { pageSize, showSizeChanger: false, showTotal: countTotal ? (n) => t('common.totalCount', { n }) : undefined } : false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: pending ? ' ' : (emptyText ?? <EmptyState />) }}
      data-testid={testId}
      summary={
        totals
          ? () => {
              if (rows.length < minRows) return null;
              const row = totalsRow(columns, t('common.total'), totals.values);
              return totals.fixed ? <Table.Summary fixed="bottom">{row}</Table.Summary> : row;
            }
          : undefined
      }
    />
  );
}
