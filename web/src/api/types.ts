/**
 * Names for the API's shapes that several pages use. Every one is taken from the generated
 * schema.d.ts (`npm run api:types`, from the server's zod schemas): nothing here is written by hand
 * but the names. Money and rates are decimal strings.
 */
import type { ApiResponse } from './api';

/** A page of a list: the rows asked for and how many match in all. */
export interface Page<T> {
  items: T[];
  total: number;
}

export type Me = ApiResponse<'/api/me'>;
export type Role = Me['role'];
export type Permission = Me['permissions'][number];

export type CustomerListItem = ApiResponse<'/api/customers'>['items'][number];
export type Customer360 = ApiResponse<'/api/customers/{customerNo}'>;

/** A row whose columns a page reads by key (the 360° view's tables). */
export type Row = Record<string, string | number | boolean | null>;
