/**
 * One list page for every list of the application: `useListPage` holds the filters, page, page size and
 * sort (in the URL, or in the component for a list inside a tab), reads the rows from the API and
 * downloads the Excel file of the same filters; `ListPage` draws the filter bar, the list card with its
 * export button, and `ListTable` the table with pagination, error and empty states.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { App, Button, Card, Form, Grid, Input, Select, Space, Statistic, Table, Tooltip } from 'antd';
import type { FormInstance, TablePaginationConfig, TableProps } from 'antd';
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { apiDownload, apiGet, queryString } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { CodePicker, type PickerKind } from './CodePicker';
import {
  filterChanges,
  filterFormValues,
  PAGE_SIZE_OPTIONS,
  readListParams,
  sortOrderOf,
  tableChanges,
  withChanges,
  type Changes,
  type FilterSpec,
  type FormValue,
  type ListParams,
  type SortChange,
} from './listParams';
import { EmptyState, ErrorState } from './States';

/** What a list API answers: one page of rows and how many rows the filters match. */
export interface ListData<Row> {
  items: Row[];
  total: number;
  /** false: `total` is an estimate (the customer list past 10,000 rows), shown as 约 N / about N. */
  totalExact?: boolean;
}

export interface ListPageOptions {
  /** The API path of the rows; the same path with `format=xlsx` is the export. */
  path: string;
  /** The start of the cached query's key (what a change invalidates), e.g. `['customers']`. */
  queryKey: readonly unknown[];
  /** The filters of the form, as the URL and the API name them. */
  filters?: FilterSpec;
  /** Parameters sent with every request that the URL does not hold (`view=history`). */
  fixed?: Record<string, string | undefined>;
  /** Columns the server sorts by; the sort is in the URL and sent with every request. */
  sortable?: readonly string[];
  defaultSort?: string;
  pageSize?: number;
  /** Keep the state in the component, not the URL (a list inside a tab of a page whose URL names the tab). */
  local?: boolean;
  /** The export's file name when the server gives none. */
  exportFile?: string;
}

export interface ListState<Data> extends ListParams {
  result: UseQueryResult<Data>;
  /** The filter form (ListFilters keeps it equal to the state: back, forward, reset) and its values for the state. */
  form: FormInstance;
  formValues: () => Record<string, FormValue>;
  search: URLSearchParams;
  update: (changes: Changes) => void;
  /** Applies the filter form's values: every filter written, back to the first page. */
  applyFilters: (values: Record<string, FormValue>) => void;
  reset: () => void;
  onTableChange: (pagination: TablePaginationConfig, filters: unknown, sorter: SortChange | SortChange[], extra: { action: string }) => void;
  sortOrder: (key: string) => 'ascend' | 'descend' | null;
  exportList?: () => Promise<void>;
  exporting: boolean;
}

/** The filters, page, sort and rows of a list, and its export. */
export function useListPage<Data extends ListData<unknown>>(options: ListPageOptions): ListState<Data> {
  const { path, queryKey, filters: spec = {}, fixed = {}, sortable, defaultSort, local = false, exportFile } = options;
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [exporting, setExporting] = useState(false);
  const [urlSearch, setUrlSearch] = useSearchParams();
  const [ownSearch, setOwnSearch] = useState(() => new URLSearchParams());
  const [search, setSearch] = local ? [ownSearch, setOwnSearch] : [urlSearch, setUrlSearch];

  const params = readListParams(search, spec, { pageSize: options.pageSize, sort: defaultSort });
  const sortParam = sortable ? { sort: params.sort } : {};
  const result = useQuery({
    queryKey: [...queryKey, path, { ...params.filters, ...fixed, page: params.page, pageSize: params.pageSize, ...sortParam }, locale],
    queryFn: ({ signal }) => apiGet<Data>(`${path}${queryString({ ...params.filters, ...fixed, page: params.page, pageSize: params.pageSize, ...sortParam })}`, signal),
    placeholderData: keepPreviousData,
  });

  const update = (changes: Changes) => setSearch(withChanges(search, changes));

  async function exportList() {
    setExporting(true);
    try {
      await apiDownload(`${path}${queryString({ ...params.filters, ...fixed, ...sortParam, format: 'xlsx' })}`, exportFile ?? 'export.xlsx');
    } catch (error) {
      void message.error(`${t('common.exportFailed')}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setExporting(false);
    }
  }

  return {
    ...params,
    result,
    form,
    formValues: () => filterFormValues(spec, search),
    search,
    update,
    applyFilters: (values) => update(filterChanges(spec, values)),
    reset: () => setSearch(new URLSearchParams()),
    onTableChange: (pagination, _filters, sorter, extra) =>
      update(tableChanges(pagination, Array.isArray(sorter) ? sorter[0] : sorter, extra.action, { pageSize: params.pageSize, sortable, defaultSort })),
    sortOrder: (key) => sortOrderOf(params.sort, key),
    exportList: exportFile ? exportList : undefined,
    exporting,
  };
}

type ListTableProps<Row> = Omit<TableProps<Row>, 'dataSource' | 'loading' | 'pagination' | 'onChange'> & {
  list: ListState<ListData<Row>>;
  /** Shown instead of the table when the list is empty. */
  emptyText?: string;
  /** The empty state inside the table (nothing while the first page loads) rather than the table's own. */
  emptyInTable?: boolean;
  /** The page sizes offered; `auto`: antd's own (a size changer only past 50 rows). */
  pageSizeOptions?: number[] | 'auto';
  /** A short list in a card (the to-do lists): roomier rows fitting the card's width (long cells cut with …), antd's page sizes. */
  fitted?: boolean;
};

/** The table of a list: its rows, server paging and sorting, the error with a retry, the empty state. */
export function ListTable<Row extends object>({ list, emptyText, emptyInTable, fitted = false, pageSizeOptions = fitted ? 'auto' : PAGE_SIZE_OPTIONS, ...table }: ListTableProps<Row>) {
  const { t } = useI18n();
  const { result } = list;
  // on a phone every list scrolls sideways as a whole: no column pinned to an edge (it would take the screen)
  const phone = Grid.useBreakpoint().md === false;
  if (result.isError) return <ErrorState error={result.error} onRetry={() => void result.refetch()} />;
  if (emptyText && !result.isFetching && result.data?.total === 0) return <EmptyState text={emptyText} />;
  return (
    <Table<Row>
      size={fitted ? 'middle' : 'small'}
      scroll={fitted && !phone ? undefined : { x: 'max-content' }}
      locale={emptyInTable ? { emptyText: result.isPending ? ' ' : <EmptyState /> } : undefined}
      {...table}
      columns={phone ? table.columns?.map((column) => ({ ...column, fixed: undefined })) : table.columns}
      dataSource={result.data?.items ?? []}
      loading={result.isFetching}
      pagination={{
        current: list.page,
        pageSize: list.pageSize,
        total: result.data?.total ?? 0,
        ...(pageSizeOptions === 'auto' ? {} : { showSizeChanger: true, pageSizeOptions }),
        showTotal: (n) => t(result.data?.totalExact === false ? 'common.totalCountAbout' : 'common.totalCount', { n }),
      }}
      onChange={list.onTableChange}
    />
  );
}

/** The number of rows, large, in the list card's header (`testId` for the browser tests). */
export function ListTotal({ list, title, hint, testId }: { list: ListState<ListData<unknown>>; title: string; hint?: string; testId: string }) {
  const { t } = useI18n();
  const about = list.result.data?.totalExact === false ? t('common.about') : undefined;
  const statistic = <Statistic title={title} prefix={about} value={list.result.data?.total ?? '-'} styles={{ content: { fontSize: 18 } }} groupSeparator="," />;
  return <span data-testid={testId}>{hint ? <Tooltip title={hint}>{statistic}</Tooltip> : statistic}</span>;
}

type ListPageProps<Row> = Omit<ListTableProps<Row>, 'title'> & {
  title: ReactNode;
  /** The filter form's items; the bar adds 查询 and 重置. */
  filters?: ReactNode;
  /** `card`: a card above the list (default); `inline`: a line inside the list card, 查询 only. */
  filterBar?: 'card' | 'inline';
  filterTestId?: string;
  /** A notice between the filter bar and the list. */
  notice?: ReactNode;
  /** The list card's header, before the export button and after it (the total). */
  tools?: ReactNode;
  total?: ReactNode;
};

/**
 * The filter form of a list, kept equal to the list's state: its items, then 查询 (and 重置 in a bar
 * of its own; a line `inline` above the table has 查询 only).
 */
export function ListFilters({ list, inline = false, testId, children }: { list: ListState<ListData<unknown>>; inline?: boolean; testId?: string; children: ReactNode }) {
  const { t } = useI18n();
  const { form, formValues, search } = list;
  // the form follows the state (formValues is a new function each render; the state is `search`)
  useEffect(() => form.setFieldsValue(formValues()), [form, search]);
  return (
    <Form form={list.form} layout="inline" onFinish={list.applyFilters} style={inline ? { marginBottom: 16, rowGap: 8 } : { rowGap: 8 }} data-testid={testId}>
      {children}
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.query')}
          </Button>
          {!inline && <Button onClick={list.reset}>{t('common.reset')}</Button>}
        </Space>
      </Form.Item>
    </Form>
  );
}

/** A filter picked by name from the code lists (营业部, 团队, 员工, 客户); `pick-<name>` for the browser tests. */
export function PickerFilter({ name, kind, placeholder, width, allowTyped }: { name: string; kind: PickerKind; placeholder: string; width: number; allowTyped?: boolean }) {
  return (
    <Form.Item name={name}>
      <CodePicker kind={kind} allowTyped={allowTyped} placeholder={placeholder} style={{ width }} data-testid={`pick-${name}`} />
    </Form.Item>
  );
}

/** A filter chosen from a list of values, or cleared; `searchable` filters the list by the label typed. */
export function ChoiceFilter({ name, placeholder, width, options, searchable }: { name: string; placeholder: string; width: number; options: { value: string; label: string }[]; searchable?: boolean }) {
  return (
    <Form.Item name={name}>
      <Select allowClear showSearch={searchable ? { optionFilterProp: 'label' } : undefined} placeholder={placeholder} style={{ width }} options={options} />
    </Form.Item>
  );
}

/** A filter typed as text (trimmed when applied). */
export function TextFilter({ name, placeholder, width }: { name: string; placeholder: string; width: number }) {
  return (
    <Form.Item name={name}>
      <Input allowClear placeholder={placeholder} style={{ width }} />
    </Form.Item>
  );
}

/** A list page: filter bar, notice, and the list card with its export button, total and table. */
export function ListPage<Row extends object>({ title, filters, filterBar = 'card', filterTestId, notice, tools, total, ...table }: ListPageProps<Row>) {
  const { t } = useI18n();
  const { list } = table;
  const inline = filterBar === 'inline';
  const form = filters ? (
    <ListFilters list={list} inline={inline} testId={filterTestId}>
      {filters}
    </ListFilters>
  ) : null;
  const exportButton = list.exportList && (
    <Button onClick={() => void list.exportList?.()} loading={list.exporting} disabled={!list.result.data?.total} data-testid="export-xlsx">
      {list.exporting ? t('common.exporting') : t('common.export')}
    </Button>
  );
  const extra = tools || exportButton || total ? (
    <Space size="middle" align="center" wrap>
      {tools}
      {exportButton}
      {total}
    </Space>
  ) : undefined;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {form && !inline && <Card size="small">{form}</Card>}
      {notice}
      <Card size="small" className="wrap-head-card" title={title} styles={{ title: { minWidth: 64 } }} extra={extra}>
        {inline && form}
        <ListTable<Row> {...table} />
      </Card>
    </Space>
  );
}
