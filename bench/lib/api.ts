/**
 * The real HTTP API (createApp from api/app.ts) with a real Temporal Client, on a free loopback
 * port. Request logs are written as in production (pino-http at `logLevel`) but to /dev/null, so
 * their cost is measured and nothing floods the terminal.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { Client } from '@temporalio/client';
import { parseConfig, type Config } from '../../common/config';
import { REDACT_PATHS } from '../../common/logger';
import { createApp } from '../../api/app';
import { serve } from '../../api/serve';
import type { ListSnapshot } from '../../api/listSnapshot';
import { issueToken } from '../../api/auth';
import { freePort } from './devServer';

export interface Api {
  baseUrl: string;
  config: Config;
  managerToken: string;
  /** The app's list snapshot (api/listSnapshot.ts). */
  listSnapshot?: ListSnapshot;
  stop(): Promise<void>;
}

export async function startApi(opts: { client: Client; address: string; taskQueue: string; logLevel?: string }): Promise<Api> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = parseConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: opts.logLevel ?? 'info',
    TEMPORAL_ADDRESS: opts.address,
    TEMPORAL_TASK_QUEUE: opts.taskQueue,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(port),
    PUBLIC_BASE_URL: baseUrl,
    LINK_SECRET: randomBytes(32).toString('base64url'),
    AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
    // Required by the config; this API is given no register pool (its record routes answer 503).
    REGISTER_DATABASE_URL: process.env.REGISTER_DATABASE_URL ?? 'postgres://grantflow_app@127.0.0.1:5433/grantflow',
  });
  const log = pino(
    { name: 'grantflow-bench', level: config.LOG_LEVEL, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: '/dev/null', sync: false }),
  );
  const app = createApp({ config, client: opts.client, log });
  const api = await serve(app, { port, host: '127.0.0.1' });
  const managerToken = await issueToken(config, { sub: 'bench-manager', name: 'Chef Psykisk Hälsa', roles: ['manager'], org: 'Region Jämtland Härjedalen' });
  return {
    baseUrl,
    config,
    managerToken,
    listSnapshot: app.listSnapshot,
    stop: api.stop,
  };
}
