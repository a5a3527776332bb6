/**
 * A GET route declared by a generic helper (a table of same-shaped routes, a list with an Excel
 * export). The zod type provider cannot resolve generic schemas, so such a route is declared here on
 * the plain instance: the schemas still validate the params and query and serialize the answer (and
 * document the route in OpenAPI), and `handle` receives what they validated, typed from them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { z } from 'zod';

export interface RouteSchemas<Params, Query, Answer extends z.ZodType> {
  tags: string[];
  summary: string;
  params?: z.ZodType<Params>;
  querystring?: z.ZodType<Query>;
  /** The schema of the 200 answer (JSON); a handler may instead send a file through `reply`. */
  answer: Answer;
}

export function getValidated<Params, Query, Answer extends z.ZodType>(
  app: FastifyInstance,
  url: string,
  schemas: RouteSchemas<Params, Query, Answer>,
  handle: (request: FastifyRequest, input: { params: Params; query: Query }, reply: FastifyReply) => Promise<z.output<Answer> | FastifyReply>,
): void {
  const { answer, ...documented } = schemas;
  const schema: FastifySchema = { ...documented, response: { 200: answer } };
  // validated by the schemas above before the handler runs
  app.get(url, { schema }, async (request, reply) => handle(request, { params: request.params as Params, query: request.query as Query }, reply));
}
