/** Column helpers of every table: money right-aligned and formatted exactly as the API gave it, codes by their labels, long names cut, a totals row. */
import { Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { TableColumnType } from 'antd';
import type { CodeKind } from '../../../shared/codes';
import { formatDecimal, sumDecimals } from './decimal';
import type { CodeLabelOf } from '../i18n/i18n';

export const NUMERIC_CELL = { fontVariantNumeric: 'tabular-nums' } as const;

/** A money value in tabular figures, exactly as the API gave it. */
export function moneyCell(value: string | number | null | undefined) {
  return <span style={NUMERIC_CELL}>{formatDecimal(value)}</span>;
}

export function moneyColumn<T>(key: keyof T & string, title: string, width = 130): TableColumnType<T> {
  return moneyColumnAt(key, key, title, width);
}

/** A right-aligned money column whose value may sit deeper in the row (['adjustmentsByKind', 'WELFARE']). */
export function moneyColumnAt<T>(key: string, path: string | string[], title: string, width = 130): TableColumnType<T> {
  return { key, dataIndex: path, title, align: 'right', width, render: moneyCell };
}

export function textColumn<T>(key: keyof T & string, title: string, width?: number): TableColumnType<T> {
  return { key, dataIndex: key, title, width };
}

/** A coded column (market, side, status, channel, currency …) shown by its label from the one dictionary (shared/codes.ts). */
export function codeColumn<T>(key: keyof T & string, title: string, width: number, kind: CodeKind, label: CodeLabelOf): TableColumnType<T> {
  return { key, dataIndex: key, title, width, render: (value: string | null) => label(kind, value) };
}

/** A customer number that opens the customer's 360° view. */
export function customerColumn<T>(key: keyof T & string, title: string, width = 110): TableColumnType<T> {
  return { key, dataIndex: key, title, width, render: (no: string) => <Link to={`/customers/${encodeURIComponent(no)}`}>{no}</Link> };
}

/** A long text (a customer's name: companies and products run long) on one line, cut with … and shown whole on hover. */
export function nameColumn<T>(key: keyof T & string, title: string, width = 140): TableColumnType<T> {
  return {
    key,
    dataIndex: key,
    title,
    width,
    render: (value: string | null) => (
      <Typography.Text ellipsis={{ tooltip: value }} style={{ maxWidth: width - 16 }}>
        {value}
      </Typography.Text>
    ),
  };
}

/**
 * A totals row (合计) under a table: the label in the first cell and, under each listed column, the
 * given value or the exact sum of the rows' decimal strings.
 */
export function totalsRow<T>(columns: readonly TableColumnType<T>[], label: string, values: Partial<Record<string, string>>) {
  return (
    <Table.Summary.Row>
      {columns.map((c, i) => {
        const key = String(c.key);
        const value = values[key];
        return (
          <Table.Summary.Cell key={key} index={i} align={value !== undefined ? 'right' : undefined}>
            {i === 0 ? (
              <strong>{label}</strong>
            ) : value !== undefined ? (
              <strong style={NUMERIC_CELL} data-testid={`sum-${key}`}>
                {formatDecimal(value)}
              </strong>
            ) : null}
          </Table.Summary.Cell>
        );
      })}
    </Table.Summary.Row>
  );
}

/** Exact column sums of decimal strings over the rows. */
export function sumsOf<T extends object>(rows: readonly T[], keys: readonly (keyof T & string)[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, sumDecimals(rows.map((r) => r[k] as string | null))]));
}
