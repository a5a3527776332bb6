/**
 * The customer space's API (the customer realm, /api/me/…): one query-key root, the profile every
 * page reads, and what a 401 means here (the customer session ended: back to /my/login).
 */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiResponse } from '../../api/api';
import { ApiError } from '../../api/client';

export const myRoot = ['my'] as const;
export const MY_LOGIN_PATH = '/my/login';

export type MyProfile = ApiResponse<'/api/me/profile'>;
export type MyQuestionnaire = ApiResponse<'/api/me/questionnaire'>;
export type MyAssessment = ApiResponse<'/api/me/assessments'>['items'][number];
export type MyProduct = ApiResponse<'/api/me/products'>['items'][number];
export type MyQuestion = ApiResponse<'/api/me/questions'>['items'][number];
export type MyAccount = ApiResponse<'/api/me/accounts'>['items'][number];
export const MY_ACCOUNTS_PATH = '/my/accounts';

/** The customer session has ended (or never began). */
export function needsCustomerLogin(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

export function useMyProfile() {
  return useQuery({ queryKey: [...myRoot, 'profile'], queryFn: ({ signal }) => api.get('/api/me/profile', {}, signal) });
}

/** The household's accounts: those carrying the mobile the customer logged in with (one for most customers). */
export function useMyAccounts() {
  return useQuery({ queryKey: [...myRoot, 'accounts'], queryFn: ({ signal }) => api.get('/api/me/accounts', {}, signal) });
}
