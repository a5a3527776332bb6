/**
 * The start-up gate: while the demo brokerage is being built every /api request except
 * GET /api/status answers 503 problem+json (DEMO_BUILDING) with the build's progress as extension
 * members and a Retry-After; the web UI (index.html, assets) is served throughout.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { STARTUP_STAGES } from './startup.rules.js';
import type { StartupProgress, StartupState } from './startup.state.js';

export const STATUS_PATH = '/api/status';

const progressSchema = z.object({
  ready: z.boolean().describe('true once the API answers normally'),
  stage: z.enum(STARTUP_STAGES).describe('PREPARING, GENERATING (the first demo day), IMPORTING (days), ORG (teams, staff, relationships, staff figures), LOGINS, READY'),
  daysImported: z.number().int().describe('demo trading days imported so far'),
  daysTotal: z.number().int().describe('demo trading days to import (0 when no demo is built at this start)'),
  secondsElapsed: z.number().int().describe('seconds since the start-up work began'),
  secondsLeft: z.number().int().nullable().describe('estimated seconds until ready; null before the first day is imported'),
});

const READY: StartupProgress = { ready: true, stage: 'READY', daysImported: 0, daysTotal: 0, secondsElapsed: 0, secondsLeft: 0 };

export function demoBuilding(progress: StartupProgress): AppError {
  const left = progress.secondsLeft;
  return new AppError({
    code: 'DEMO_BUILDING',
    status: 503,
    zh: `正在生成演示数据（已导入 ${progress.daysImported}/${progress.daysTotal} 个交易日${left === null ? '' : `，约 ${left} 秒后完成`}），请稍后再试。`,
    en: `The demo brokerage is being built (${progress.daysImported}/${progress.daysTotal} trading days imported${left === null ? '' : `, about ${left} s left`}); please try again shortly.`,
    headers: { 'retry-after': String(Math.min(10, Math.max(1, left ?? 5))) },
    extensions: { ...progress },
  });
}

/** Registers GET /api/status and, when `state` is given, the gate in front of every other API route. */
export function startupGate(app: FastifyInstance, state: StartupState | undefined): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    STATUS_PATH,
    {
      logLevel: 'warn', // the progress page polls it every second: not worth a log line each
      schema: {
        tags: ['startup'],
        summary: 'Whether the server is ready, and the progress of the first start’s demo build',
        security: [],
        response: { 200: progressSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return state?.progress() ?? READY;
    },
  );
  if (!state) return;
  app.addHook('onRequest', async (request) => {
    if (state.ready) return;
    const path = request.url.split('?')[0] ?? request.url;
    if (path === STATUS_PATH || (path !== '/api' && !path.startsWith('/api/'))) return;
    throw demoBuilding(state.progress());
  });
}
