/**
 * The typed API: every call names its route as the OpenAPI document writes it
 * (`'/api/customers/{customerNo}'`), and its path parameters, query, body and answer are the types
 * generated into schema.d.ts from the server's zod schemas (`npm run api:types`; never hand-written
 * here). The requests themselves are client.ts's: the page's language, the session cookie, and an
 * ApiError from a problem+json answer.
 *
 *   const customer = await api.get('/api/customers/{customerNo}', { path: { customerNo } }, signal);
 *   type CustomerListItem = ApiResponse<'/api/customers'>['items'][number];
 */
import { apiGet, apiSend, queryString } from './client';
import type { paths } from './schema';

export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A route as the OpenAPI document writes it: '/api/staff/{staffNo}'. */
export type ApiPath = keyof paths;

/** The routes that answer `M`. */
export type ApiPathOf<M extends ApiMethod> = { [P in ApiPath]: [NonNullable<paths[P][M]>] extends [never] ? never : P }[ApiPath];

type Operation<P extends ApiPath, M extends ApiMethod> = NonNullable<paths[P][M]>;
type Success<R> = R extends { 200: infer S } ? S : R extends { 201: infer S } ? S : R extends { 204: infer S } ? S : never;
type Json<S> = S extends { content: { 'application/json': infer T } } ? T : null;
type Defined<T> = [NonNullable<T>] extends [never] ? never : NonNullable<T>;

/** The JSON answer of a route (null for 204 No Content). */
export type ApiResponse<P extends ApiPath, M extends ApiMethod = 'get'> = Json<Success<Operation<P, M>['responses']>>;

/** The query parameters a route accepts (never when it takes none). */
export type ApiQuery<P extends ApiPath, M extends ApiMethod = 'get'> = Defined<Operation<P, M>['parameters']['query']>;

/** The path parameters of a route (never when it has none). */
export type ApiPathParams<P extends ApiPath, M extends ApiMethod = 'get'> = Defined<Operation<P, M>['parameters']['path']>;

/** The JSON body a route accepts (never when it takes none). */
export type ApiBody<P extends ApiPath, M extends ApiMethod> = JsonBody<Defined<Operation<P, M>['requestBody']>>;
type JsonBody<R> = [R] extends [never] ? never : R extends { content: { 'application/json': infer B } } ? B : never;

/** A query value as a page holds it: null, undefined and '' are left out of the URL. */
type QueryValues<Q> = { [K in keyof Q]?: Q[K] | null };

/** What a call passes besides the route: `path` when the route has parameters, `query` when it takes one. */
export type ApiArgs<P extends ApiPath, M extends ApiMethod = 'get'> = ([ApiPathParams<P, M>] extends [never] ? { path?: undefined } : { path: ApiPathParams<P, M> }) &
  ([ApiQuery<P, M>] extends [never] ? { query?: undefined } : { query?: QueryValues<ApiQuery<P, M>> });

type Optional<A> = object extends A ? [args?: A] : [args: A];

/** The URL of a route: path parameters filled in (encoded), then the non-empty query values. */
export function apiUrl<P extends ApiPath, M extends ApiMethod = 'get'>(route: P, ...[args]: Optional<ApiArgs<P, M>>): string {
  return urlOf(route, args);
}

function urlOf(route: string, args: { path?: object; query?: object } = {}): string {
  const params = (args.path ?? {}) as Record<string, string | number>;
  const filled = route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));
  return filled + queryString((args.query ?? {}) as Parameters<typeof queryString>[0]);
}

type Body<P extends ApiPath, M extends ApiMethod> = [ApiBody<P, M>] extends [never] ? { body?: undefined } : { body: ApiBody<P, M> };

/** The routes' calls: `api.get(route, { path, query }, signal)`, `api.post(route, { path, body })` … */
export const api = {
  get: <P extends ApiPathOf<'get'>>(route: P, args: ApiArgs<P>, signal?: AbortSignal) => apiGet<ApiResponse<P>>(urlOf(route, args), signal),
  post: <P extends ApiPathOf<'post'>>(route: P, args: ApiArgs<P, 'post'> & Body<P, 'post'>) => send<ApiResponse<P, 'post'>>('POST', route, args),
  put: <P extends ApiPathOf<'put'>>(route: P, args: ApiArgs<P, 'put'> & Body<P, 'put'>) => send<ApiResponse<P, 'put'>>('PUT', route, args),
  patch: <P extends ApiPathOf<'patch'>>(route: P, args: ApiArgs<P, 'patch'> & Body<P, 'patch'>) => send<ApiResponse<P, 'patch'>>('PATCH', route, args),
  delete: <P extends ApiPathOf<'delete'>>(route: P, args: ApiArgs<P, 'delete'>) => send<ApiResponse<P, 'delete'>>('DELETE', route, args),
};

/** A write; the answer typed by the route (null for 204 No Content). */
async function send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', route: string, args: { path?: object; query?: object; body?: unknown }): Promise<T> {
  return (await apiSend<T>(method, urlOf(route, args), args.body)) as T;
}
