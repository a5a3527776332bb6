/**
 * The 异常监控 API (server/src/modules/monitoring is the source of these shapes): the alerts list, one
 * alert with its history, and the action on it. An action refreshes the alerts, the customers'
 * timelines (their ALERT entries) and 首页's count (`/api/me`).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiBody, type ApiResponse } from '../../api/api';
import { meKey } from '../../api/queries';
import { useI18n } from '../../i18n/i18n';
import { contactsRoot } from './contactsApi';

export type AlertItem = ApiResponse<'/api/alerts'>['items'][number];
export type AlertDetail = ApiResponse<'/api/alerts/{id}'>;
export type AlertAction = ApiBody<'/api/alerts/{id}/actions', 'post'>;

/** Where the alerts page is; `alert` opens one alert's drawer, `status=NEW` lists the open ones. */
export const ALERTS_PATH = '/customers/alerts';
export const alertLink = (alert: Pick<AlertItem, 'id' | 'customerNo'>) => `${ALERTS_PATH}?customerNo=${encodeURIComponent(alert.customerNo)}&alert=${encodeURIComponent(alert.id)}`;

/** Query keys under one root: an action refreshes the list and the open drawer. */
export const alertsRoot = ['alerts'] as const;

/** One alert and its history (the drawer), while `id` is set. */
export function useAlert(id: string | null) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: [...alertsRoot, 'detail', id, locale],
    queryFn: ({ signal }) => api.get('/api/alerts/{id}', { path: { id: id ?? '' } }, signal),
    enabled: id !== null,
  });
}

export function actOnAlert(id: string, body: AlertAction): Promise<ApiResponse<'/api/alerts/{id}/actions', 'post'>> {
  return api.post('/api/alerts/{id}/actions', { path: { id }, body });
}

/** Refreshes what an action changes: the alerts, the timelines and 首页's count (`/api/me`). */
export function useAlertsChanged(): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    await Promise.all([client.invalidateQueries({ queryKey: alertsRoot }), client.invalidateQueries({ queryKey: contactsRoot }), client.invalidateQueries({ queryKey: meKey })]);
  };
}
