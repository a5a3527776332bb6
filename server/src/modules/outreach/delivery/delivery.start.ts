/**
 * Outreach delivery as the server (or a worker process) runs it: the embedded SMTP server unless
 * SMTP_URL names a relay, the embedded SMS gateway unless SMS_URL names a provider, and the pg-boss
 * sender (OUTREACH_WORKER=on).
 */
import type pg from 'pg';
import type { Config } from '../../../config.js';
import { storedSecret } from './delivery.service.js';
import { smtpTransport } from './email-transport.js';
import { EMBEDDED_SMTP_CONNECTIONS, startEmbeddedSmtp, type EmbeddedSmtp } from './embedded-smtp.js';
import { startDeliveryRunner, type DeliveryRunner, type RunnerOptions } from './runner.js';
import type { SenderDeps } from './sender.js';
import { EmbeddedSmsGateway, HttpSmsProvider, type SmsProvider } from './sms-gateway.js';

type DeliveryConfig = Pick<Config,
  'PORT' | 'SMTP_URL' | 'SMTP_EMBEDDED_PORT' | 'SMTP_FROM' | 'SMS_URL' | 'SMS_ACCESS_KEY_ID' | 'SMS_ACCESS_KEY_SECRET' | 'SMS_SIGN_NAME'
  | 'SMS_CALLBACK_SECRET' | 'OUTREACH_SECRET' | 'PUBLIC_URL' | 'OUTREACH_WORKER' | 'OUTREACH_LEASE_SECONDS' | 'TZ_BUSINESS'>;

export interface OutreachDelivery {
  deps: SenderDeps;
  smtp?: EmbeddedSmtp;
  runner?: DeliveryRunner;
  stop(): Promise<void>;
}

export interface StartOptions extends RunnerOptions {
  /** The relay of SMTP_URL is the embedded server of this database, started elsewhere: it can be asked by Message-ID. */
  relayIsEmbedded?: boolean;
  /** Where the embedded SMS gateway pushes reports and replies; default http://127.0.0.1:PORT. */
  callbackBaseUrl?: string | null;
  log?: (message: string) => void;
}

/**
 * The SMS provider of the configuration: Aliyun-shaped SendSms at SMS_URL, else the embedded gateway
 * (pushing its reports to `callbackBaseUrl`). Campaigns and the customer space's login codes both
 * send through it.
 */
export function configuredSmsProvider(
  pool: pg.Pool,
  cfg: Pick<Config, 'SMS_URL' | 'SMS_ACCESS_KEY_ID' | 'SMS_ACCESS_KEY_SECRET' | 'SMS_SIGN_NAME' | 'SMS_CALLBACK_SECRET'>,
  callbackBaseUrl: () => string | undefined,
  log?: (message: string) => void,
): SmsProvider {
  if (cfg.SMS_URL) {
    return new HttpSmsProvider({ url: cfg.SMS_URL, accessKeyId: cfg.SMS_ACCESS_KEY_ID ?? '', accessKeySecret: cfg.SMS_ACCESS_KEY_SECRET ?? '', signName: cfg.SMS_SIGN_NAME });
  }
  return new EmbeddedSmsGateway(pool, { callbackBaseUrl, secret: () => storedSecret(pool, 'sms-callback', cfg.SMS_CALLBACK_SECRET), signName: cfg.SMS_SIGN_NAME, log });
}

export async function startOutreachDelivery(pool: pg.Pool, cfg: DeliveryConfig, options: StartOptions = {}): Promise<OutreachDelivery> {
  const log = options.log ?? (() => undefined);
  let smtp: EmbeddedSmtp | undefined;
  let smtpUrl = cfg.SMTP_URL;
  if (!smtpUrl) {
    smtp = await startEmbeddedSmtp(pool, cfg.SMTP_EMBEDDED_PORT, log);
    smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
    log(`Embedded SMTP server on 127.0.0.1:${smtp.port} (outreach e-mail lands in 系统管理 → 邮件与短信收件箱)`);
  }
  const embeddedRelay = smtp !== undefined || options.relayIsEmbedded === true;
  // the embedded server stores what arrives in batches: more mails in flight, fewer commits a mail
  const email = smtpTransport(smtpUrl, cfg.SMTP_FROM, embeddedRelay ? pool : null, embeddedRelay ? EMBEDDED_SMTP_CONNECTIONS : 16);
  const base = options.callbackBaseUrl === undefined ? `http://127.0.0.1:${cfg.PORT}` : options.callbackBaseUrl ?? undefined;
  const sms = configuredSmsProvider(pool, cfg, () => base, log);
  const gateway = sms instanceof EmbeddedSmsGateway ? sms : undefined;
  const deps: SenderDeps = {
    pool, email, sms,
    publicUrl: (cfg.PUBLIC_URL ?? `http://localhost:${cfg.PORT}`).replace(/\/+$/, ''),
    unsubscribeSecret: () => storedSecret(pool, 'unsubscribe', cfg.OUTREACH_SECRET),
    timeZone: cfg.TZ_BUSINESS,
    leaseSeconds: cfg.OUTREACH_LEASE_SECONDS,
    log,
  };
  const runner = cfg.OUTREACH_WORKER === 'on' ? await startDeliveryRunner(deps, options) : undefined;
  return {
    deps, smtp, runner,
    async stop() {
      await runner?.stop();
      await gateway?.drain();
      email.close();
      await smtp?.close();
    },
  };
}
