/**
 * The outreach sender on its own (a worker process beside the server, and the crash test's child):
 * `tsx worker-process.ts` with DATABASE_URL and SMTP_URL; OUTREACH_RELAY_EMBEDDED=1 when SMTP_URL is
 * the server's embedded SMTP server (so an interrupted mail can be looked up by Message-ID).
 */
import pg from 'pg';
import { loadConfig } from '../../../config.js';
import '../../../db/database.js';
import { startOutreachDelivery } from './delivery.start.js';

const cfg = loadConfig();
if (!cfg.DATABASE_URL) throw new Error('worker-process: DATABASE_URL is required');
const pool = new pg.Pool({ connectionString: cfg.DATABASE_URL, max: 6 });
// a connection lost while idle (a restarted server) is the pool's to replace; unheard, it would end the process
pool.on('error', (err) => console.error(`database connection error: ${err.message}`));
const delivery = await startOutreachDelivery(pool, { ...cfg, OUTREACH_WORKER: 'on' }, {
  relayIsEmbedded: process.env.OUTREACH_RELAY_EMBEDDED === '1',
  callbackBaseUrl: process.env.OUTREACH_CALLBACK_URL ?? null,
  pollSeconds: 0.5,
  log: (m) => console.log(m),
});
console.log('outreach worker ready');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void delivery.stop().then(() => pool.end()).then(() => process.exit(0)));
}
