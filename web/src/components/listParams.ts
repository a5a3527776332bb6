/**
 * The state of a list page as its URL holds it — filters, page, page size and sort — read and written
 * in one place for every list page (ListPage.tsx). Pure: no React, no antd; tested in
 * server/test/web-list-params.test.ts.
 */
import dayjs, { type Dayjs } from 'dayjs';

export const DEFAULT_PAGE_SIZE = 20;
/** The largest page the list APIs serve. */
export const MAX_PAGE_SIZE = 500;
export const PAGE_SIZE_OPTIONS = [20, 50, 100, 200];

/**
 * How one filter of the form is written in the URL (and sent to the API under the same names):
 * - `text`: trimmed, empty dropped; `choice`: a select's value as is; `amount`: a decimal string of an InputNumber;
 * - `date` (YYYY-MM-DD) and `month` (YYYY-MM): a picker's day;
 * - `{ from, to }`: a range picker's two days under two names.
 */
export type FilterKind = 'text' | 'choice' | 'amount' | 'date' | 'month' | { from: string; to: string };
/** The filters of a list: form field name → how the URL holds it. */
export type FilterSpec = Record<string, FilterKind>;
export type FormValue = string | null | undefined | Dayjs | [Dayjs | null, Dayjs | null];
export type Changes = Record<string, string | undefined>;

export interface ListParams {
  /** The URL's filters that have a value, by their URL names. */
  filters: Record<string, string>;
  page: number;
  pageSize: number;
  /** `key` ascending, `-key` descending; the default when the URL names none. */
  sort: string | undefined;
}

/** The URL names of a list's filters (a range has two). */
export function filterKeys(spec: FilterSpec): string[] {
  return Object.entries(spec).flatMap(([field, kind]) => (typeof kind === 'object' ? [kind.from, kind.to] : [field]));
}

/** Filters, page (from 1), page size (1 to 500) and sort as the URL gives them; unreadable numbers fall back to the defaults. */
export function readListParams(search: URLSearchParams, spec: FilterSpec, defaults: { pageSize?: number; sort?: string } = {}): ListParams {
  const size = defaults.pageSize ?? DEFAULT_PAGE_SIZE;
  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(search.get('pageSize') ?? String(size)) || size));
  const filters = Object.fromEntries(filterKeys(spec).flatMap((key) => (search.get(key) ? [[key, search.get(key) as string]] : [])));
  return { filters, page, pageSize, sort: search.get('sort') ?? defaults.sort };
}

/** The URL after some changes: a value sets its parameter (keeping its place), undefined or '' removes it. */
export function withChanges(search: URLSearchParams, changes: Changes): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}

/** The URL changes of a filter form's submission: every filter written or removed, back to the first page. */
export function filterChanges(spec: FilterSpec, values: Record<string, FormValue>): Changes {
  const changes: Changes = {};
  for (const [field, kind] of Object.entries(spec)) {
    const value = values[field];
    if (typeof kind === 'object') {
      const range = Array.isArray(value) ? value : null;
      changes[kind.from] = range?.[0]?.format('YYYY-MM-DD');
      changes[kind.to] = range?.[1]?.format('YYYY-MM-DD');
    } else if (kind === 'date' || kind === 'month') {
      changes[field] = dayjs.isDayjs(value) ? value.format(kind === 'date' ? 'YYYY-MM-DD' : 'YYYY-MM') : undefined;
    } else {
      changes[field] = typeof value === 'string' ? (kind === 'text' ? value.trim() : value) || undefined : undefined;
    }
  }
  return { ...changes, page: undefined };
}

/** The filter form's values for the URL (the inverse of filterChanges): cleared fields are undefined, or null for pickers and amounts. */
export function filterFormValues(spec: FilterSpec, search: URLSearchParams): Record<string, FormValue> {
  return Object.fromEntries(
    Object.entries(spec).map(([field, kind]): [string, FormValue] => {
      if (typeof kind === 'object') {
        const from = search.get(kind.from);
        const to = search.get(kind.to);
        return [field, from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null];
      }
      const value = search.get(field);
      if (kind === 'date') return [field, value ? dayjs(value) : null];
      if (kind === 'month') return [field, value ? dayjs(`${value}-01`) : null];
      return [field, value ?? (kind === 'amount' ? null : undefined)];
    }),
  );
}

/** One column's sort as a table reports it. */
export interface SortChange {
  columnKey?: unknown;
  order?: 'ascend' | 'descend' | null;
}

/**
 * The URL changes of a table's page, page size or sort change. A new sort or page size starts again
 * from the first page; the page size is always written; the default sort is not written; a column
 * outside `sortable` does not sort. Without `sortable` the sort is left alone.
 */
export function tableChanges(
  pagination: { current?: number; pageSize?: number },
  sorter: SortChange | undefined,
  action: string,
  current: { pageSize: number; sortable?: readonly string[]; defaultSort?: string },
): Changes {
  const changes: Changes = {
    page: action === 'paginate' ? String(pagination.current ?? 1) : undefined,
    pageSize: String(pagination.pageSize ?? current.pageSize),
  };
  if (current.sortable) {
    const key = typeof sorter?.columnKey === 'string' && current.sortable.includes(sorter.columnKey) && sorter.order ? sorter.columnKey : undefined;
    const sort = key ? (sorter?.order === 'descend' ? `-${key}` : key) : undefined;
    changes.sort = sort && sort !== current.defaultSort ? sort : undefined;
  }
  return changes;
}

/** A column's sort indicator for the list's sort. */
export function sortOrderOf(sort: string | undefined, key: string): 'ascend' | 'descend' | null {
  return sort === key ? 'ascend' : sort === `-${key}` ? 'descend' : null;
}
