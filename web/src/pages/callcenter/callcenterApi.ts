/**
 * The 呼叫中心 API (server/src/modules/callcenter is the source of these shapes): the agent's
 * extension, a call with its caller's card (the screen pop), what the agent records, the agents
 * (坐席) and the CTI token.
 */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiBody, type ApiResponse } from '../../api/api';

export type Call = ApiResponse<'/api/cti/calls/{callId}'>;
export type CallerCard = Call['customers'][number];
export type CallRecord = ApiBody<'/api/cti/calls/{callId}/record', 'post'>;
export type Agent = ApiResponse<'/api/cti/agents'>['items'][number];
export type CallProspect = ApiResponse<'/api/cti/prospects'>['items'][number];

export const ctiRoot = ['cti'] as const;

/** The signed-in user's extension (null: not an agent; the screen pop stays off). */
export function useMyExtension() {
  return useQuery({
    queryKey: [...ctiRoot, 'me'],
    queryFn: ({ signal }) => api.get('/api/cti/me', {}, signal),
    staleTime: 60_000,
  });
}

export function useCall(callId: string | null) {
  return useQuery({
    queryKey: [...ctiRoot, 'call', callId],
    queryFn: ({ signal }) => api.get('/api/cti/calls/{callId}', { path: { callId: callId ?? '' } }, signal),
    enabled: callId !== null,
  });
}

export function recordCall(callId: string, body: CallRecord): Promise<Call> {
  return api.post('/api/cti/calls/{callId}/record', { path: { callId }, body });
}

export function noteProspect(callId: string, body: ApiBody<'/api/cti/calls/{callId}/prospect', 'post'>): Promise<Call> {
  return api.post('/api/cti/calls/{callId}/prospect', { path: { callId }, body });
}

export function useAgents() {
  return useQuery({ queryKey: [...ctiRoot, 'agents'], queryFn: ({ signal }) => api.get('/api/cti/agents', {}, signal) });
}

export function addAgent(body: ApiBody<'/api/cti/agents', 'post'>): Promise<Agent> {
  return api.post('/api/cti/agents', { body });
}

export function removeAgent(extension: string): Promise<null> {
  return api.delete('/api/cti/agents/{extension}', { path: { extension } });
}

export function fetchCtiSettings(): Promise<ApiResponse<'/api/cti/settings'>> {
  return api.get('/api/cti/settings', {});
}

/** `125` → `2:05`. */
export function clockDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return `${m}:${String(seconds % 60).padStart(2, '0')}`;
}
