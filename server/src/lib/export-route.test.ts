import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exportableListRoute } from './export-route.js';

/** A list route over a made-up list: `name` filters, the JSON answer counts, the Excel file is two bytes per call. */
async function listApp(failAfterFirstBytes = false) {
  const logged: string[] = [];
  const app = Fastify({ logger: { level: 'error', stream: { write: (line: string) => void logged.push(line) } } });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const filters: unknown[] = [];
  exportableListRoute(app, {
    url: '/api/things',
    tags: ['things'],
    summary: 'things',
    querystring: z.object({ name: z.string().optional(), format: z.enum(['json', 'xlsx']).default('json') }),
    answer: z.object({ total: z.number().int() }),
    json: async (_request, filter) => {
      filters.push(filter);
      return { total: 2 };
    },
    xlsx: (_request, filter) => {
      filters.push(filter);
      return {
        what: 'thing',
        names: { utf8: '名单.xlsx', ascii: 'list.xlsx' },
        write: async (out) => {
          out.write('PK');
          if (failAfterFirstBytes) throw new Error('disk gone');
          out.end();
        },
      };
    },
  });
  await app.ready();
  return { app, filters, logged };
}

describe('a list route with format=json|xlsx', () => {
  it('answers JSON by default, filtered by the query without format', async () => {
    const { app, filters } = await listApp();
    const plain = await app.inject({ url: '/api/things?name=ab' });
    const json = await app.inject({ url: '/api/things?name=ab&format=json' });
    expect([plain.statusCode, plain.json()]).toEqual([200, { total: 2 }]);
    expect([json.statusCode, json.json()]).toEqual([200, { total: 2 }]);
    expect(filters).toEqual([{ name: 'ab' }, { name: 'ab' }]);
    await app.close();
  });

  it('streams the Excel file under its two names for format=xlsx', async () => {
    const { app, filters } = await listApp();
    const file = await app.inject({ url: '/api/things?format=xlsx' });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // 名 = %E5%90%8D, 单 = %E5%8D%95
    expect(file.headers['content-disposition']).toBe(`attachment; filename="list.xlsx"; filename*=UTF-8''%E5%90%8D%E5%8D%95.xlsx`);
    expect(file.body).toBe('PK');
    expect(filters).toEqual([{}]);
    await app.close();
  });

  it('refuses a format it does not know (400) before any answer is made', async () => {
    const { app, filters } = await listApp();
    expect((await app.inject({ url: '/api/things?format=csv' })).statusCode).toBe(400);
    expect(filters).toEqual([]);
    await app.close();
  });

  it('logs "<what> export failed" when the file fails after its first bytes, and breaks the download', async () => {
    const { app, logged } = await listApp(true);
    // the status line and the first bytes are gone: the download can only break off
    await expect(app.inject({ url: '/api/things?format=xlsx' })).rejects.toThrow('response destroyed before completion');
    expect(logged.map((line) => (JSON.parse(line) as { msg: string }).msg)).toContain('thing export failed');
    await app.close();
  });
});
