/**
 * Breadcrumbs of every page, table-driven: one entry per route (a path pattern and the crumbs
 * after 首页 its match shows). A page area adds its routes with one line each, here or as a
 * source function passed to `breadcrumbsOf` (the shape workflows/menu.tsx's `workflowCrumbs` has).
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Me } from '../api/types';
import type { Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

// A type, not an interface: antd's breadcrumb item type has an index signature.
export type Crumb = { title: ReactNode };

export interface CrumbContext {
  t: Translate;
  me: Me;
}

/** One route: its path pattern (matched against the whole pathname) and its crumbs after 首页. */
export interface CrumbEntry {
  pattern: RegExp;
  crumbs: (match: RegExpExecArray, ctx: CrumbContext) => Crumb[];
}

/** Crumbs from another area's own function: null when the path is not one of its pages. */
export type CrumbSource = (path: string, t: Translate, me: Me) => Crumb[] | null;

/** The customer list's menu name by scope: 我的客户 (SELF), 营业部客户 (BRANCH), 客户列表 (TEAM, ALL). */
export function customerListTitle(me: Me): MessageKey {
  return me.scopeLevel === 'SELF' ? 'menu.myCustomers' : me.scopeLevel === 'BRANCH' ? 'menu.branchCustomers' : 'menu.customerList';
}

const area = (key: MessageKey) => (_: RegExpExecArray, { t }: CrumbContext): Crumb[] => [{ title: t('menu.admin') }, { title: t(key) }];
const link = (to: string, title: string): Crumb => ({ title: <Link to={to}>{title}</Link> });

export const CRUMBS: readonly CrumbEntry[] = [
  { pattern: /^\/customers$/, crumbs: (_, { t, me }) => [{ title: t('menu.customers') }, { title: t(customerListTitle(me)) }] },
  { pattern: /^\/customers\/history$/, crumbs: (_, { t }) => [{ title: t('menu.customers') }, { title: t('menu.customerHistory') }] },
  { pattern: /^\/customers\/alerts$/, crumbs: (_, { t }) => [{ title: t('menu.customers') }, { title: t('menu.alerts') }] },
  { pattern: /^\/customers\/call-prospects$/, crumbs: (_, { t }) => [{ title: t('menu.customers') }, { title: t('menu.callProspects') }] },
  { pattern: /^\/customers\/calls$/, crumbs: (_, { t }) => [{ title: t('menu.customers') }, { title: t('menu.recentCalls') }] },
  {
    pattern: /^\/customers\/([^/]+)$/,
    crumbs: (m, { t, me }) => [{ title: t('menu.customers') }, link('/customers', t(customerListTitle(me))), { title: `${t('menu.customer360')} ${decodeURIComponent(m[1] ?? '')}` }],
  },
  { pattern: /^\/admin\/users$/, crumbs: area('menu.admin.users') },
  { pattern: /^\/admin\/import-runs$/, crumbs: area('menu.admin.importRuns') },
  { pattern: /^\/admin\/audit$/, crumbs: area('menu.admin.audit') },
  { pattern: /^\/admin\/settings$/, crumbs: area('menu.admin.settings') },
  { pattern: /^\/admin\/inbox$/, crumbs: area('menu.admin.inbox') },
  { pattern: /^\/admin\/callcenter-agents$/, crumbs: area('menu.admin.callcenter') },
];

/**
 * 首页 and the crumbs of the first source or entry that knows the path; only 首页 for the home page
 * and for an unknown path (the 404 page says the rest).
 */
export function breadcrumbsOf(path: string, ctx: CrumbContext, sources: readonly CrumbSource[] = [], entries: readonly CrumbEntry[] = CRUMBS): Crumb[] {
  const home: Crumb = path === '/' ? { title: ctx.t('menu.home') } : link('/', ctx.t('menu.home'));
  const normalised = path.length > 1 ? path.replace(/\/+$/, '') : path;
  for (const source of sources) {
    const crumbs = source(normalised, ctx.t, ctx.me);
    if (crumbs) return [home, ...crumbs];
  }
  for (const entry of entries) {
    const match = entry.pattern.exec(normalised);
    if (match) return [home, ...entry.crumbs(match, ctx)];
  }
  return [home];
}
