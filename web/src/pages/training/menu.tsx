/**
 * The 培训考试 menu (我的考试, 培训课程, 题库管理, 培训考试报表), the entry to highlight on its pages, the
 * submenu to open and the breadcrumbs, so the shared layout adds them with a line each.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Crumb } from '../../components/breadcrumbs';
import type { Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import type { Me } from '../../api/types';
import { ATTEMPTS_PATH, BANKS_PATH, COURSES_PATH, MY_EXAMS_PATH, REPORT_PATH } from './trainingApi';

type MenuItem = NonNullable<MenuProps['items']>[number];

/** 培训考试 for every login: the exams (a staff link needed to take them), the courses; banks for training.manage; the report for reports. */
export function trainingMenu(me: Me, t: Translate): MenuItem {
  const entries: [string, MessageKey][] = [];
  if (me.staffNo) entries.push([MY_EXAMS_PATH, 'menu.trainingMyExams']);
  entries.push([COURSES_PATH, 'menu.trainingCourses']);
  if (me.permissions.includes('training.manage')) entries.push([BANKS_PATH, 'menu.trainingBanks']);
  if (me.permissions.includes('reports')) entries.push([REPORT_PATH, 'menu.trainingReport']);
  return { key: 'training', label: t('menu.training'), children: entries.map(([to, title]) => ({ key: to, label: <Link to={to}>{t(title)}</Link> })) };
}

export function trainingSelectedKey(path: string): string | null {
  if (path === MY_EXAMS_PATH || path.startsWith(`${ATTEMPTS_PATH}/`)) return MY_EXAMS_PATH;
  for (const area of [COURSES_PATH, BANKS_PATH, REPORT_PATH]) if (path === area || path.startsWith(`${area}/`)) return area;
  return null;
}

export function trainingOpenKeys(path: string): string[] | null {
  return path === MY_EXAMS_PATH || path.startsWith(`${MY_EXAMS_PATH}/`) ? ['training'] : null;
}

export function trainingCrumbs(path: string, t: Translate): Crumb[] | null {
  const root = { title: t('menu.training') };
  if (path === MY_EXAMS_PATH) return [root, { title: t('menu.trainingMyExams') }];
  if (path.startsWith(`${ATTEMPTS_PATH}/`)) return [root, { title: <Link to={MY_EXAMS_PATH}>{t('menu.trainingMyExams')}</Link> }, { title: t('training.attempt') }];
  const areas: [string, MessageKey][] = [[COURSES_PATH, 'menu.trainingCourses'], [BANKS_PATH, 'menu.trainingBanks'], [REPORT_PATH, 'menu.trainingReport']];
  for (const [area, title] of areas) {
    if (path === area) return [root, { title: t(title) }];
    if (path.startsWith(`${area}/`)) return [root, { title: <Link to={area}>{t(title)}</Link> }, { title: path.slice(area.length + 1) }];
  }
  return null;
}
