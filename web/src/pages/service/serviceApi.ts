/**
 * The 服务管理 API (server/src/modules/service is the source of these shapes): service products and
 * their subscribers, staff and service relationships; content, its review and pushes with read
 * receipts; model portfolios and their performance.
 */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiBody, type ApiResponse } from '../../api/api';
import { useI18n } from '../../i18n/i18n';

export type ProductList = ApiResponse<'/api/service/products'>;
export type ServiceProduct = ProductList['items'][number];
export type ProductBody = ApiBody<'/api/service/products', 'post'>;
export type SubscriptionList = ApiResponse<'/api/service/subscriptions'>;
export type Subscription = SubscriptionList['items'][number];
export type RelationshipList = ApiResponse<'/api/service/relationships'>;
export type ServiceRelationship = RelationshipList['items'][number];
export type ContentList = ApiResponse<'/api/service/content'>;
export type ContentSummary = ContentList['items'][number];
export type ContentDetail = ApiResponse<'/api/service/content/{id}'>;
export type ContentBody = ApiBody<'/api/service/content', 'post'>;
export type PushList = ApiResponse<'/api/service/pushes'>;
export type Push = PushList['items'][number];
export type Recipient = ApiResponse<'/api/service/pushes/{id}/recipients'>['items'][number];
export type PortfolioList = ApiResponse<'/api/service/portfolios'>;
export type PortfolioSummary = PortfolioList['items'][number];
export type PortfolioDetail = ApiResponse<'/api/service/portfolios/{id}'>;
export type PortfolioBody = ApiBody<'/api/service/portfolios', 'post'>;
export type Holding = PortfolioBody['holdings'][number];
export type Performance = ApiResponse<'/api/service/portfolios/{id}/performance'>;

export const SERVICE_PRODUCTS_PATH = '/service/products';
export const SERVICE_CONTENT_PATH = '/service/content';
export const SERVICE_PORTFOLIOS_PATH = '/service/portfolios';
export const SERVICE_RELATIONSHIPS_PATH = '/service/relationships';
export const serviceRoot = ['service'] as const;

/** A GET of the service API, cached per locale (problem texts come in the user's language). */
function useServiceQuery<T>(key: readonly unknown[], fetch: (signal: AbortSignal) => Promise<T>, enabled = true) {
  const { locale } = useI18n();
  return useQuery({ queryKey: [...serviceRoot, ...key, locale], queryFn: ({ signal }) => fetch(signal), enabled });
}

export function useServiceProducts() {
  return useServiceQuery(['products', 'all'], (signal) => api.get('/api/service/products', { query: { pageSize: 500 } }, signal));
}

export function useServiceProduct(id: string) {
  return useServiceQuery(['product', id], (signal) => api.get('/api/service/products/{id}', { path: { id } }, signal));
}

export function useContent(id: string) {
  return useServiceQuery(['content', id], (signal) => api.get('/api/service/content/{id}', { path: { id } }, signal));
}

export function usePushes(contentId: string) {
  return useServiceQuery(['pushes', contentId], (signal) => api.get('/api/service/pushes', { query: { contentId, pageSize: 500 } }, signal));
}

export function useRecipients(pushId: string | null) {
  return useServiceQuery(['recipients', pushId], (signal) => api.get('/api/service/pushes/{id}/recipients', { path: { id: pushId ?? '' }, query: { pageSize: 500 } }, signal), pushId !== null);
}

export function usePortfolio(id: string) {
  return useServiceQuery(['portfolio', id], (signal) => api.get('/api/service/portfolios/{id}', { path: { id } }, signal));
}

export function usePerformance(id: string) {
  return useServiceQuery(['performance', id], (signal) => api.get('/api/service/portfolios/{id}/performance', { path: { id } }, signal));
}

/** The saved customer groups the caller may push to (their own and the shared ones). */
export function usePushGroups() {
  return useServiceQuery(['groups'], (signal) => api.get('/api/customer-groups', {}, signal));
}
