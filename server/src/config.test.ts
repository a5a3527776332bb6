import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseTrustProxy } from './config.js';

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['true', 1], // one hop: the reverse proxy in front of the server
    ['TRUE', 1],
    ['2', 2],
    ['10', 10],
    ['10.0.0.5', ['10.0.0.5']],
    [' 10.0.0.5 , 172.16.0.0/12,::1 ', ['10.0.0.5', '172.16.0.0/12', '::1']],
    ['fd00::/8', ['fd00::/8']],
    ['loopback, uniquelocal', ['loopback', 'uniquelocal']],
  ])('%j → %j', (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it.each(['yes', '11', '-1', '1.5', '10.0.0.0/33', '::/129', '10.0.0.1/8/8', '10.0.0.1,', 'proxy.example.com', '10.0.0.256'])(
    'refuses %j, and never trusts every hop',
    (value) => {
      expect(parseTrustProxy(value)).toBeUndefined();
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY must be false, a number of proxy hops/);
    },
  );

  /** The client address Fastify derives under a TRUST_PROXY value. */
  async function clientIp(trustProxy: string, remoteAddress: string, forwardedFor: string): Promise<string> {
    const app = Fastify({ trustProxy: loadConfig({ TRUST_PROXY: trustProxy }).trustProxy });
    app.get('/ip', async (request) => request.ip);
    try {
      return (await app.inject({ method: 'GET', url: '/ip', remoteAddress, headers: { 'x-forwarded-for': forwardedFor } })).body;
    } finally {
      await app.close();
    }
  }

  it.each([
    // TRUST_PROXY, TCP peer, X-Forwarded-For (leftmost written by the client), the client address
    ['false', '10.0.0.1', '1.2.3.4', '10.0.0.1'],
    ['true', '10.0.0.1', '6.6.6.6, 1.2.3.4', '1.2.3.4'], // the forged 6.6.6.6 is ignored
    ['2', '10.0.0.1', '6.6.6.6, 1.2.3.4, 10.0.0.2', '1.2.3.4'],
    ['10.0.0.0/8', '10.0.0.1', '6.6.6.6, 1.2.3.4, 10.0.0.2', '1.2.3.4'], // two proxies inside 10/8
    ['10.0.0.0/8', '198.51.100.7', '1.2.3.4', '198.51.100.7'], // not through a trusted proxy: its header is ignored
    ['10.0.0.1', '10.0.0.1', '6.6.6.6, 10.0.0.2', '10.0.0.2'], // 10.0.0.2 is not a listed proxy: it is the client
  ])('TRUST_PROXY=%s, peer %s, X-Forwarded-For %j → %s', async (trustProxy, peer, forwardedFor, expected) => {
    expect(await clientIp(trustProxy, peer, forwardedFor)).toBe(expected);
  });
});

describe('DATABASE_READ_URL', () => {
  it('takes DATABASE_READ_URL only beside DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://p/db', DATABASE_READ_URL: 'postgres://r/db' }).DATABASE_READ_URL).toBe('postgres://r/db');
    expect(loadConfig({}).DATABASE_READ_URL).toBeUndefined();
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://r/db' })).toThrow(/DATABASE_READ_URL needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://p/db', DATABASE_READ_URL: 'mysql://r/db' })).toThrow(/DATABASE_READ_URL must be a postgres/);
  });
});
