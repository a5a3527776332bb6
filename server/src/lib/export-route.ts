/**
 * A GET list route with `format=json|xlsx` in its query (客户查询, 经纪关系查询): the JSON answer is a
 * page of the filtered list, `format=xlsx` every filtered row as an Excel file, streamed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { sendXlsxStream, type XlsxDownload } from './excel.js';
import { getValidated } from './validated-route.js';

type ListQuery = { format: 'json' | 'xlsx' };
/** The parsed query without `format`: what both answers are filtered by. */
type FilterOf<Query extends ListQuery> = Omit<Query, 'format'>;

export interface ExportableList<Query extends ListQuery, Answer extends z.ZodType> {
  url: string;
  tags: string[];
  summary: string;
  querystring: z.ZodType<Query>;
  /** The schema of the JSON answer (the Excel file is sent as it is). */
  answer: Answer;
  /** The JSON answer; `reply` for its headers (where a list read from: db/read-replica.ts `readPoolFor`). */
  json(request: FastifyRequest, filter: FilterOf<Query>, reply: FastifyReply): Promise<z.output<Answer>>;
  xlsx(request: FastifyRequest, filter: FilterOf<Query>): XlsxDownload;
}

export function exportableListRoute<Query extends ListQuery, Answer extends z.ZodType>(app: FastifyInstance, route: ExportableList<Query, Answer>): void {
  const { url, tags, summary, querystring, answer } = route;
  getValidated(app, url, { tags, summary, querystring, answer }, async (request, { query }, reply) => {
    const { format, ...filter } = query;
    if (format === 'json') return route.json(request, filter, reply);
    return sendXlsxStream(request, reply, route.xlsx(request, filter));
  });
}
