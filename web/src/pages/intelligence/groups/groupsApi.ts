/**
 * The 客户标签 / 客户群 API (server/src/modules/labels is the source of these shapes): the label
 * catalogue, the saved groups, one group with its member count history, its members (a list page
 * with its Excel export), the live count of a filter, and the writes (`groups.write`, own groups only).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiBody, type ApiResponse } from '../../../api/api';
import { useI18n } from '../../../i18n/i18n';
import type { GroupFilter } from './groupFilter';

export type Label = ApiResponse<'/api/labels'>[number];
export type GroupSummary = ApiResponse<'/api/customer-groups'>['items'][number];
export type GroupDetail = ApiResponse<'/api/customer-groups/{id}'>;
export type GroupMember = ApiResponse<'/api/customer-groups/{id}/members'>['items'][number];
export type MemberPage = ApiResponse<'/api/customer-groups/{id}/members'>;
export type GroupBody = ApiBody<'/api/customer-groups', 'post'>;

/** A saved group's filter: the server keeps what the builder sent (groupFilter.ts's shape). */
export const filterOf = (group: Pick<GroupSummary, 'filter'>): GroupFilter => group.filter as unknown as GroupFilter;

/** Where the pages are. */
export const LABELS_PATH = '/customers/labels';
export const GROUPS_PATH = '/customers/groups';
export const NEW_GROUP_PATH = `${GROUPS_PATH}/new`;
export const groupPath = (id: string) => `${GROUPS_PATH}/${encodeURIComponent(id)}`;
export const groupEditPath = (id: string) => `${groupPath(id)}/edit`;
export const membersPath = (id: string) => `/api/customer-groups/${encodeURIComponent(id)}/members`;

/** Query keys under one root: a save or a delete refreshes the lists and the open group. */
export const groupsRoot = ['customer-groups'] as const;

/** The label catalogue in the page's language (it changes only with a new release: kept for the session). */
export function useLabels() {
  const { locale } = useI18n();
  return useQuery({
    queryKey: ['labels', locale],
    queryFn: ({ signal }) => api.get('/api/labels', {}, signal),
    staleTime: Infinity,
  });
}

export function useGroups() {
  const { locale } = useI18n();
  return useQuery({
    queryKey: [...groupsRoot, 'list', locale],
    queryFn: ({ signal }) => api.get('/api/customer-groups', {}, signal),
  });
}

export function useGroup(id: string | undefined) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: [...groupsRoot, 'detail', id, locale],
    queryFn: ({ signal }) => api.get('/api/customer-groups/{id}', { path: { id: id ?? '' } }, signal),
    enabled: id !== undefined,
  });
}

/** How many customers the preview names besides its count. */
const PREVIEW_SAMPLE = 8;

/** The live count (and the first few members) of a filter while it has leaves; the last answer stays while the next is asked. */
export function usePreview(filter: GroupFilter | null) {
  const key = filter ? JSON.stringify(filter) : null;
  return useQuery({
    queryKey: [...groupsRoot, 'preview', key],
    queryFn: () => api.post('/api/customer-groups/preview', { body: { filter: filter ?? { all: [] }, pageSize: PREVIEW_SAMPLE } }),
    enabled: key !== null,
    placeholderData: (previous) => previous,
    retry: false,
  });
}

export function createGroup(body: { name: string; filter: GroupFilter; shared: boolean }) {
  return api.post('/api/customer-groups', { body });
}

export function updateGroup(id: string, body: { name: string; filter: GroupFilter; shared: boolean }) {
  return api.put('/api/customer-groups/{id}', { path: { id }, body });
}

export function deleteGroup(id: string) {
  return api.delete('/api/customer-groups/{id}', { path: { id } });
}

/** Refreshes the groups after a write. */
export function useGroupsChanged(): () => Promise<void> {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: groupsRoot });
}
