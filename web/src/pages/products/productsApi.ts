/**
 * The 金融产品管理 and 适当性管理 API (server/src/modules/products and suitability are the source of
 * these shapes): the product library, a product's detail, holders and sales, the suitability check,
 * the warning confirmations and the expiring assessments.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiBody, type ApiResponse } from '../../api/api';

export type ProductList = ApiResponse<'/api/products'>;
export type Product = ProductList['items'][number];
export type ProductDetail = ApiResponse<'/api/products/{productCode}'>;
export type Marketing = ApiBody<'/api/products/{productCode}', 'put'>;
export type HolderList = ApiResponse<'/api/products/{productCode}/holders'>;
export type Holder = HolderList['items'][number];
export type SaleList = ApiResponse<'/api/products/{productCode}/sales'>;
export type Sale = SaleList['items'][number];
export type TargetList = ApiResponse<'/api/products/{productCode}/targets'>;
export type Target = TargetList['items'][number];
export type SuitabilityCheck = ApiResponse<'/api/suitability/check', 'post'>;
export type ConfirmationList = ApiResponse<'/api/suitability/confirmations'>;
export type Confirmation = ConfirmationList['items'][number];
export type ExpiringList = ApiResponse<'/api/suitability/expiring'>;
export type ExpiringCustomer = ExpiringList['items'][number];

export const PRODUCTS_PATH = '/products';
export const SUITABILITY_CHECK_PATH = '/suitability/check';
export const SUITABILITY_CONFIRMATIONS_PATH = '/suitability/confirmations';
export const SUITABILITY_EXPIRING_PATH = '/suitability/expiring';

/** Query keys under one root (a change of the marketing data or a confirmation moves them all). */
export const productsRoot = ['products'] as const;
export const suitabilityRoot = ['suitability'] as const;

export function useProduct(productCode: string) {
  return useQuery({
    queryKey: [...productsRoot, 'detail', productCode],
    queryFn: ({ signal }) => api.get('/api/products/{productCode}', { path: { productCode } }, signal),
  });
}

/** Every product matching `q` (the library is small): the product picker's options. */
export function useProductOptions(q: string) {
  return useQuery({
    queryKey: [...productsRoot, 'options', q],
    queryFn: ({ signal }) => api.get('/api/products', { query: { q: q || undefined, pageSize: 50 } }, signal),
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
}

export async function saveMarketing(productCode: string, body: Marketing): Promise<ProductDetail> {
  return api.put('/api/products/{productCode}', { path: { productCode }, body });
}

export async function checkSuitability(customerNo: string, productCode: string): Promise<SuitabilityCheck> {
  return api.post('/api/suitability/check', { body: { customerNo, productCode } });
}

export async function recordConfirmation(customerNo: string, productCode: string, warningText: string) {
  return api.post('/api/suitability/confirmations', { body: { customerNo, productCode, warningText } });
}

/** Refreshes every product and suitability query (after a change). */
export function useProductsChanged(): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries({ queryKey: productsRoot });
    await client.invalidateQueries({ queryKey: suitabilityRoot });
  };
}
