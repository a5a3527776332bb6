/**
 * The screen pop's delivery (呼叫中心弹屏): a call event reaches the browsers of the agent it was
 * routed to, whichever server process the CTI webhook landed on. The webhook's transaction sends
 * `pg_notify('cti_events', {userId, callId, event})` (delivered at commit, never for a rolled-back
 * event); every server process LISTENs on one connection of its pool while at least one agent's
 * stream is open on it, and writes the event to that agent's open streams (server-sent events,
 * callcenter.routes.ts). The local process is reached the same way, so there is one path only.
 */
import type pg from 'pg';

export const CTI_CHANNEL = 'cti_events';

/** What travels through NOTIFY and then to the browser (never customer data: the page asks for the card). */
export interface CallSignal {
  userId: string;
  callId: string;
  event: string;
}

type Send = (signal: CallSignal) => void;

interface Logger {
  warn(obj: unknown, msg?: string): void;
}

/** Sends the signal to every process's listeners when `client`'s transaction commits. */
export async function notifyCall(client: pg.PoolClient, signal: CallSignal): Promise<void> {
  await client.query('select pg_notify($1, $2)', [CTI_CHANNEL, JSON.stringify(signal)]);
}

const RECONNECT_MS = 1000;

/** Heard on a client the hub has given up (an error unheard would end the process). */
const ignore = (): void => undefined;

export class CallHub {
  private readonly streams = new Map<string, Set<Send>>();
  private listener: pg.PoolClient | null = null;
  private starting: Promise<void> | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {}

  /** How many streams are open in this process (all agents). */
  get openStreams(): number {
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  /**
   * Registers a stream of `userId` once this process listens (so that an event committed after the
   * promise resolves reaches it); returns its unsubscribe function.
   */
  async subscribe(userId: string, send: Send): Promise<() => void> {
    let set = this.streams.get(userId);
    if (!set) this.streams.set(userId, (set = new Set()));
    set.add(send);
    try {
      await this.listen();
    } catch (err) {
      this.remove(userId, send);
      throw err;
    }
    return () => this.remove(userId, send);
  }

  private remove(userId: string, send: Send): void {
    const set = this.streams.get(userId);
    set?.delete(send);
    if (set && set.size === 0) this.streams.delete(userId);
    if (this.streams.size === 0) void this.stop();
  }

  /** Delivers a signal to this process's streams of its agent. */
  deliver(signal: CallSignal): void {
    for (const send of this.streams.get(signal.userId) ?? []) {
      try {
        send(signal);
      } catch (err) {
        this.log.warn({ err }, 'cti: a stream refused an event');
      }
    }
  }

  private listen(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('cti hub closed'));
    if (this.listener) return Promise.resolve();
    this.starting ??= this.start().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async start(): Promise<void> {
    const client = await this.pool.connect();
    const onNotification = (message: pg.Notification) => {
      if (message.channel !== CTI_CHANNEL || !message.payload) return;
      try {
        this.deliver(JSON.parse(message.payload) as CallSignal);
      } catch (err) {
        this.log.warn({ err }, 'cti: unreadable notification');
      }
    };
    // stops hearing the client: no more notifications, and its errors ignored from now on (a checked-out
    // client has no listener of the pool's, and an error unheard would end the process)
    const unhook = () => {
      client.removeListener('notification', onNotification);
      client.on('error', ignore);
      client.removeListener('error', onError);
    };
    const onError = (err: Error) => {
      unhook();
      this.log.warn({ err }, 'cti: the LISTEN connection failed; reconnecting');
      if (this.listener === client) {
        this.listener = null;
        this.detach = null; // released here: nothing left to UNLISTEN
      }
      client.release(err);
      if (!this.closed && this.streams.size > 0 && !this.reconnect) {
        this.reconnect = setTimeout(() => {
          this.reconnect = null;
          if (this.streams.size > 0) this.listen().catch((e: unknown) => this.log.warn({ err: e }, 'cti: LISTEN failed'));
        }, RECONNECT_MS);
      }
    };
    client.on('notification', onNotification);
    client.on('error', onError);
    try {
      await client.query(`listen ${CTI_CHANNEL}`);
    } catch (err) {
      unhook();
      client.release(err as Error);
      throw err;
    }
    this.listener = client;
    this.detach = async () => {
      unhook(); // a connection lost during UNLISTEN is still heard
      try {
        await client.query(`unlisten ${CTI_CHANNEL}`);
        client.removeListener('error', ignore);
        client.release();
      } catch (err) {
        client.release(err as Error); // discarded by the pool; `ignore` stays for its last words
      }
    };
  }

  private detach: (() => Promise<void>) | null = null;

  /** Stops listening (no stream left, or the app closes). */
  private async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    if (this.streams.size > 0 && !this.closed) return;
    const detach = this.detach;
    this.detach = null;
    this.listener = null;
    if (detach) await detach();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    this.streams.clear();
    await this.stop();
  }
}
