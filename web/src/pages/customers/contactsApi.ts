/**
 * The 接触记录 API (server/src/modules/contacts is the source of these shapes): contacts, the 360°
 * view's timeline and the caller's follow-ups (跟进事项), and the calls that log a contact and finish
 * a follow-up. Every change refreshes everything under `contactsRoot` and the `/api/me` count.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiBody, type ApiQuery, type ApiResponse } from '../../api/api';
import { meKey } from '../../api/queries';
import { useI18n } from '../../i18n/i18n';

export type Contact = ApiResponse<'/api/contacts', 'post'>;
export type NewContact = ApiBody<'/api/contacts', 'post'>;
export type TimelineEntry = ApiResponse<'/api/customers/{customerNo}/timeline'>['items'][number];
export type FollowUp = ApiResponse<'/api/follow-ups'>['items'][number];
export type FollowUpStatus = NonNullable<ApiQuery<'/api/follow-ups'>['status']>;

export const FOLLOW_UP_STATUSES = ['open', 'done'] as const satisfies readonly FollowUpStatus[];

/** Query keys under one root: a logged contact or a finished follow-up refreshes the timeline and the follow-up lists. */
export const contactsRoot = ['contacts'] as const;

/** The customer's contacts and workflow events, newest first (the server's default length). */
export function useTimeline(customerNo: string) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: [...contactsRoot, 'timeline', customerNo, locale],
    queryFn: ({ signal }) => api.get('/api/customers/{customerNo}/timeline', { path: { customerNo } }, signal),
  });
}

export function logContact(body: NewContact): Promise<Contact> {
  return api.post('/api/contacts', { body });
}

export function finishFollowUp(id: string): Promise<FollowUp> {
  return api.post('/api/follow-ups/{id}/done', { path: { id } });
}

/** Refreshes what a contact or a follow-up changes: the timelines, the follow-up lists and 首页's count (`/api/me`). */
export function useContactsChanged(): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    await Promise.all([client.invalidateQueries({ queryKey: contactsRoot }), client.invalidateQueries({ queryKey: meKey })]);
  };
}
