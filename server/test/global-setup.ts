/**
 * One PostgreSQL for the whole test run: the server named by DATABASE_URL, or else an embedded
 * one in a temporary folder. The schema is migrated once into a template database; each test
 * file clones it (CREATE DATABASE … TEMPLATE) so files run in parallel on isolated databases.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { discardEmbedded, startEmbedded, type EmbeddedServer } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { databaseUrl, onServer } from '../src/db/server-admin.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

let server: EmbeddedServer | undefined;
let tmp: string | undefined;
let dropTemplate: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-test-'));
    server = await startEmbedded({ dataDir: tmp, log: () => undefined });
    adminUrl = server.url;
  }
  const templateDb = `quancrm_tpl_${process.pid}`;
  await onServer(adminUrl, `drop database if exists ${templateDb}`, `create database ${templateDb}`);
  const pool = new pg.Pool({ connectionString: databaseUrl(adminUrl, templateDb), max: 1 });
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
  dropTemplate = () => onServer(adminUrl, `drop database if exists ${templateDb} with (force)`);
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  return;
}

export async function teardown(): Promise<void> {
  await dropTemplate?.().catch(() => undefined);
  await server?.stop();
  if (tmp) await discardEmbedded(tmp);
}
