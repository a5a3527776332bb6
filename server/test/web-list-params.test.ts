/**
 * The web's list pages (web/src/components/listParams.ts): how the URL holds filters, page, page size
 * and sort. Pure functions of the browser code, tested here because this is the suite `npm test` runs.
 */
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import {
  filterChanges,
  filterFormValues,
  filterKeys,
  readListParams,
  sortOrderOf,
  tableChanges,
  withChanges,
  type FilterSpec,
} from '../../web/src/components/listParams.js';

const CUSTOMERS: FilterSpec = { q: 'text', tier: 'choice', open: { from: 'openFrom', to: 'openTo' }, minAsset: 'amount', at: 'date', month: 'month' };

describe('list page URL state', () => {
  it('names a range filter by its two URL keys', () => {
    expect(filterKeys(CUSTOMERS)).toEqual(['q', 'tier', 'openFrom', 'openTo', 'minAsset', 'at', 'month']);
  });

  it('reads page, page size, sort and the non-empty filters', () => {
    const search = new URLSearchParams('q=张&tier=&openTo=2026-11-30&page=3&pageSize=50&sort=-totalAsset&other=x');
    expect(readListParams(search, CUSTOMERS, { sort: 'customerNo' })).toEqual({
      filters: { q: '张', openTo: '2026-11-30' },
      page: 3,
      pageSize: 50,
      sort: '-totalAsset',
    });
  });

  it('falls back to page 1, the default size and sort, and caps the size at 500', () => {
    expect(readListParams(new URLSearchParams('page=0&pageSize=abc'), {}, { pageSize: 10, sort: 'customerNo' })).toEqual({ filters: {}, page: 1, pageSize: 10, sort: 'customerNo' });
    expect(readListParams(new URLSearchParams('page=-2&pageSize=900'), {})).toEqual({ filters: {}, page: 1, pageSize: 500, sort: undefined });
    expect(readListParams(new URLSearchParams('pageSize=0'), {}).pageSize).toBe(20); // 0 is unreadable, not 1
  });

  it('sets changed parameters in place and removes emptied ones', () => {
    const next = withChanges(new URLSearchParams('tier=金满堂&page=4&sort=name'), { page: undefined, tier: '', q: 'abc', sort: '-name' });
    expect(next.toString()).toBe('sort=-name&q=abc');
  });

  it('writes a submitted filter form: trimmed text, days and months, a range as two days, back to page 1', () => {
    const changes = filterChanges(CUSTOMERS, {
      q: '  13800  ',
      tier: '金满堂',
      open: [dayjs('2026-01-05'), null],
      minAsset: '1000.50',
      at: dayjs('2026-11-20'),
      month: dayjs('2026-10-01'),
    });
    expect(changes).toEqual({ q: '13800', tier: '金满堂', openFrom: '2026-01-05', openTo: undefined, minAsset: '1000.50', at: '2026-11-20', month: '2026-10', page: undefined });
    expect(filterChanges(CUSTOMERS, { q: '   ', open: null, minAsset: null })).toEqual({
      q: undefined,
      tier: undefined,
      openFrom: undefined,
      openTo: undefined,
      minAsset: undefined,
      at: undefined,
      month: undefined,
      page: undefined,
    });
  });

  it('fills the filter form from the URL, pickers and amounts cleared to null', () => {
    const values = filterFormValues(CUSTOMERS, new URLSearchParams('q=abc&openTo=2026-02-28&month=2026-10'));
    expect(values.q).toBe('abc');
    expect(values.tier).toBeUndefined();
    expect(values.minAsset).toBeNull();
    expect(values.at).toBeNull();
    const open = values.open as [dayjs.Dayjs | null, dayjs.Dayjs | null];
    expect(open[0]).toBeNull();
    expect(open[1]?.format('YYYY-MM-DD')).toBe('2026-02-28');
    expect((values.month as dayjs.Dayjs).format('YYYY-MM-DD')).toBe('2026-10-01');
    expect(filterFormValues(CUSTOMERS, new URLSearchParams()).open).toBeNull();
  });

  it('writes a table change: the page only when paging, the size always, the sort unless default or not sortable', () => {
    const current = { pageSize: 20, sortable: ['customerNo', 'totalAsset'], defaultSort: 'customerNo' };
    expect(tableChanges({ current: 3, pageSize: 20 }, { columnKey: 'totalAsset', order: 'descend' }, 'paginate', current)).toEqual({ page: '3', pageSize: '20', sort: '-totalAsset' });
    expect(tableChanges({ current: 3, pageSize: 20 }, { columnKey: 'totalAsset', order: 'ascend' }, 'sort', current)).toEqual({ page: undefined, pageSize: '20', sort: 'totalAsset' });
    expect(tableChanges({ current: 1 }, { columnKey: 'customerNo', order: 'ascend' }, 'sort', current)).toEqual({ page: undefined, pageSize: '20', sort: undefined });
    expect(tableChanges({ current: 1, pageSize: 50 }, { columnKey: 'name', order: 'ascend' }, 'sort', current)).toEqual({ page: undefined, pageSize: '50', sort: undefined });
    expect(tableChanges({ current: 2, pageSize: 100 }, { columnKey: 'totalAsset', order: null }, 'sort', current)).toEqual({ page: undefined, pageSize: '100', sort: undefined });
    // a list without server sorting leaves the sort alone
    expect(tableChanges({ current: 2, pageSize: 50 }, undefined, 'paginate', { pageSize: 20 })).toEqual({ page: '2', pageSize: '50' });
  });

  it('shows a column’s sort', () => {
    expect(sortOrderOf('-totalAsset', 'totalAsset')).toBe('descend');
    expect(sortOrderOf('totalAsset', 'totalAsset')).toBe('ascend');
    expect(sortOrderOf('totalAsset', 'name')).toBeNull();
    expect(sortOrderOf(undefined, 'name')).toBeNull();
  });
});
