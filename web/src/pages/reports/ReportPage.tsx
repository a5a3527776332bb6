import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useParams, useSearchParams } from 'react-router';
import { apiDownload } from '../../api/client';
import { reportUrl, useReport, useReportTotals } from '../../api/queries';
import { readListParams, tableChanges, withChanges } from '../../components/listParams';
import { CodePicker } from '../../components/CodePicker';
import { formatDecimal } from '../../components/decimal';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import NotFound from '../NotFound';
import { inLanguage, isNumeric, paramsComplete, useReportCatalogue, type ReportInfo, type ReportParameter, type ReportRow } from './reportsApi';

type FormValue = Dayjs | string | number | null | undefined;
type ParamKind = ReportParameter['kind'];

function toFormValue(param: { kind: ParamKind }, text: string): FormValue {
  if (param.kind === 'date') return dayjs(text, 'YYYY-MM-DD');
  if (param.kind === 'month') return dayjs(`${text}-01`, 'YYYY-MM-DD');
  if (param.kind === 'integer') return Number(text);
  if (param.kind === 'text' || param.kind === 'team' || param.kind === 'branch') return text.trim();
  return text;
}

function fromFormValue(param: { kind: ParamKind }, value: FormValue): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (dayjs.isDayjs(value)) return value.format(param.kind === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD');
  return String(value).trim() || undefined;
}

/** Columns that name the row (a code or a name). */
const IDENTITY_COLUMNS = ['rank', 'customerNo', 'name', 'staffNo', 'staffName', 'month', 'key', 'tier'];

export default function ReportPage() {
  const { reportId } = useParams();
  const catalogue = useReportCatalogue();
  if (catalogue.isPending) return <Loading />;
  if (catalogue.isError) return <ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} />;
  const report = catalogue.data.find((r) => r.id === reportId);
  if (!report) return <NotFound />;
  return <ReportView key={report.id} report={report} />;
}

function ReportView({ report }: { report: ReportInfo }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [search, setSearch] = useSearchParams();
  const [form] = Form.useForm<Record<string, FormValue>>();
  const [exporting, setExporting] = useState(false);

  // The parameters in the URL are the report on screen (a deep link); without them, the defaults run
  // (the catalogue's, resolved by the server for the user: last trading day, own team or branch).
  const params = useMemo(() => {
    const values: Record<string, string | undefined> = {};
    for (const p of report.parameters) values[p.name] = search.get(p.name) ?? undefined;
    return paramsComplete(report, values) ? values : null;
  }, [report, search]);

  useEffect(() => {
    if (params) {
      form.setFieldsValue(Object.fromEntries(report.parameters.map((p) => [p.name, toFormValue(p, params[p.name] ?? '')])));
      return;
    }
    const next = new URLSearchParams(search);
    let changed = false;
    for (const p of report.parameters) {
      if (!next.get(p.name) && p.default) {
        next.set(p.name, p.default);
        changed = true;
      }
    }
    // a report whose defaults cannot complete it (team or branch to choose) waits for the form
    if (changed) setSearch(next, { replace: true });
    // (fields the user has already typed into keep their value)
    else form.setFieldsValue(Object.fromEntries(report.parameters.filter((p) => !form.isFieldTouched(p.name)).map((p) => [p.name, toFormValue(p, next.get(p.name) ?? '')])));
  }, [params, report, form, search, setSearch]);

  // the page and page size in the URL (the list pages' convention, components/listParams.ts); the server pages
  const { page, pageSize } = readListParams(search, {}, { pageSize: 50 });
  const result = useReport(report.id, params, { page, pageSize });
  // the totals (and the row count of the reports whose pages do not count) once per parameters
  const totalsResult = useReportTotals(report.id, params, report.columns.some((c) => c.total) || result.data?.total === null);

  function submit(values: Record<string, FormValue>) {
    // new parameters start again from the first page, in the page size chosen
    const next = new URLSearchParams(search.get('pageSize') ? { pageSize: search.get('pageSize') as string } : {});
    for (const p of report.parameters) {
      const text = fromFormValue(p, values[p.name]);
      if (text) next.set(p.name, text);
    }
    setSearch(next);
  }

  async function exportXlsx() {
    if (!params) return;
    setExporting(true);
    try {
      await apiDownload(reportUrl(report.id, { ...params, format: 'xlsx' }), `${report.id}.xlsx`);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  }

  const oneOfRule = (name: string) => {
    const names = report.oneOf;
    if (!names?.includes(name)) return [];
    return [
      ({ getFieldValue }: { getFieldValue: (n: string) => FormValue }) => ({
        validator: async () => {
          const given = names.filter((n) => fromFormValue({ kind: 'text' }, getFieldValue(n)) !== undefined);
          if (given.length !== 1) throw new Error(t('reports.oneOfError'));
        },
      }),
    ];
  };

  const rangeRule = (name: string) => {
    const range = report.ranges.find(([, to]) => to === name);
    if (!range) return [];
    return [
      ({ getFieldValue }: { getFieldValue: (n: string) => FormValue }) => ({
        validator: async (_: unknown, value: FormValue) => {
          const start = getFieldValue(range[0]);
          if (dayjs.isDayjs(start) && dayjs.isDayjs(value) && start.isAfter(value)) throw new Error(t('reports.rangeError'));
        },
      }),
    ];
  };

  const reportColumns = report.columns;
  const columns: TableColumnsType<ReportRow> = reportColumns.map((c, i) => {
    const numeric = isNumeric(c);
    // the leading code and its name stay in view while a wide report scrolls sideways
    const fixed = reportColumns.slice(0, i + 1).every((k) => IDENTITY_COLUMNS.includes(k.key)) && i < 2;
    return {
      key: c.key,
      dataIndex: c.key,
      title: inLanguage(c, locale),
      fixed: fixed ? 'left' : undefined,
      align: numeric ? 'right' : undefined,
      render: (value: ReportRow[string]) =>
        c.key === 'customerNo' && typeof value === 'string' ? (
          <Link to={`/customers/${value}`}>{value}</Link>
        ) : numeric ? (
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDecimal(value as string | number | null)}</span>
        ) : (
          String(value ?? '')
        ),
    };
  });
  const rows = result.data?.rows ?? [];
  // until the count arrives: the rows so far, and one more page while this one is full
  const total = result.data?.total ?? totalsResult.data?.total ?? (page - 1) * pageSize + rows.length + (rows.length === pageSize ? 1 : 0);
  // the server's totals: exact sums over all the rows (every page), not sums of the rounded figures on screen
  const totals = rows.length ? (totalsResult.data?.totals ?? null) : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={inLanguage(report.title, locale)}>
        <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 8 }}>
          {report.parameters.map((p) => {
            const label = inLanguage(p.label, locale);
            const required = { required: true, message: t('login.required', { field: label }) };
            return (
              <Form.Item
                key={p.name}
                name={p.name}
                label={label}
                rules={[...(p.optional ? [] : [required]), ...rangeRule(p.name), ...oneOfRule(p.name)]}
                dependencies={[
                  ...report.ranges.filter(([, to]) => to === p.name).map(([from]) => from),
                  ...(report.oneOf?.includes(p.name) ? report.oneOf.filter((n) => n !== p.name) : []),
                ]}
              >
                {p.kind === 'date' ? (
                  <DatePicker allowClear={false} />
                ) : p.kind === 'month' ? (
                  <DatePicker picker="month" allowClear={false} />
                ) : p.kind === 'integer' ? (
                  <InputNumber min={p.min} max={p.max} precision={0} style={{ width: 100 }} />
                ) : p.kind === 'team' || p.kind === 'branch' ? (
                  <CodePicker kind={p.kind} style={{ width: 280 }} data-testid={`pick-${p.name}`} />
                ) : p.kind === 'text' ? (
                  <Input allowClear maxLength={32} style={{ width: 130 }} />
                ) : (
                  <Select
                    style={{ width: 150 }}
                    options={(p.options ?? []).map((o) => ({ value: o.value, label: inLanguage(o, locale) }))}
                  />
                )}
              </Form.Item>
            );
          })}
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {t('common.query')}
              </Button>
              <Button onClick={() => void exportXlsx()} loading={exporting} disabled={!result.isSuccess} data-testid="export-xlsx">
                {exporting ? t('reports.exporting') : t('reports.export')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card
        size="small"
        title={report.note ? <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>{inLanguage(report.note, locale)}</Typography.Text> : undefined}
        extra={result.data ? <Typography.Text type="secondary">{t('reports.rows', { n: total })}</Typography.Text> : null}
      >
        {!params ? (
          <EmptyState text={t('reports.hint')} />
        ) : result.isError ? (
          <ErrorState error={result.error} onRetry={() => void result.refetch()} />
        ) : (
          <Table<ReportRow>
            size="small"
            rowKey={(row) => JSON.stringify(row)}
            columns={columns}
            dataSource={rows}
            loading={result.isFetching}
            scroll={{ x: 'max-content' }}
            pagination={{ current: page, pageSize, total, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 500], showTotal: (n) => t('common.totalCount', { n }) }}
            onChange={(pagination, _filters, _sorter, extra) => setSearch(withChanges(search, tableChanges(pagination, undefined, extra.action, { pageSize })))}
            locale={{ emptyText: <EmptyState /> }}
            summary={() =>
              totals ? (
                <Table.Summary fixed>
                  <Table.Summary.Row>
                    {columns.map((c, i) => (
                      <Table.Summary.Cell key={String(c.key)} index={i} align={c.align}>
                        <strong>{i === 0 ? t('common.total') : formatDecimal(totals[String(c.key)])}</strong>
                      </Table.Summary.Cell>
                    ))}
                  </Table.Summary.Row>
                </Table.Summary>
              ) : null
            }
          />
        )}
      </Card>
    </Space>
  );
}
