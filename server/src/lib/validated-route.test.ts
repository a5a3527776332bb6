import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getValidated } from './validated-route.js';

async function thingApp() {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const seen: unknown[] = [];
  getValidated(
    app,
    '/api/things/:thingNo',
    {
      tags: ['things'],
      summary: 'one thing',
      params: z.object({ thingNo: z.string().regex(/^T\d+$/) }),
      querystring: z.object({ page: z.coerce.number().int().min(1).default(1) }),
      answer: z.object({ thingNo: z.string(), page: z.number().int() }),
    },
    async (_request, { params, query }) => {
      seen.push({ params, query });
      // a key the answer schema does not know is not sent
      return { thingNo: params.thingNo, page: query.page, secret: 'not for the wire' };
    },
  );
  await app.ready();
  return { app, seen };
}

describe('getValidated: a GET route declared by a generic helper', () => {
  it('hands the handler the params and query as the schemas parsed them, and sends the answer as its schema says', async () => {
    const { app, seen } = await thingApp();
    const answer = await app.inject({ url: '/api/things/T7?page=3' });
    expect([answer.statusCode, answer.body]).toEqual([200, '{"thingNo":"T7","page":3}']);
    const defaulted = await app.inject({ url: '/api/things/T8' });
    expect(defaulted.json()).toEqual({ thingNo: 'T8', page: 1 });
    expect(seen).toEqual([
      { params: { thingNo: 'T7' }, query: { page: 3 } },
      { params: { thingNo: 'T8' }, query: { page: 1 } },
    ]);
    await app.close();
  });

  it('refuses params or a query the schemas refuse (400) without calling the handler', async () => {
    const { app, seen } = await thingApp();
    expect((await app.inject({ url: '/api/things/X7' })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/things/T7?page=0' })).statusCode).toBe(400);
    expect(seen).toEqual([]);
    await app.close();
  });
});
