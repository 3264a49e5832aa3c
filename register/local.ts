/**
 * A throw-away register for tests and benchmarks: a private PostgreSQL cluster in a temporary folder
 * on a free port (common/postgres.ts, under a second), the `grantflow` database migrated by the real
 * command (`tsx register/cli.ts migrate`, as production's start step; node-pg-migrate runs outside
 * Jest's module loader), and pools as the app and as the owner. stop() removes it all.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Pool } from 'pg';
import { freePort } from '../common/net';
import { startPostgres, type Postgres } from '../common/postgres';
import { ROOT } from '../common/tools';
import { createRegisterPool } from './pool';

const run = promisify(execFile);

export interface LocalRegister {
  pg: Postgres;
  /** The owner (superuser postgres): migrations, and a test that edits rows behind the app's back. */
  ownerUrl: string;
  /** The app's role, as the API and the worker connect. */
  appUrl: string;
  app: Pool;
  owner: Pool;
  stop(): Promise<void>;
}

export function registerUrls(port: number, database = 'grantflow') {
  return { ownerUrl: `postgres://postgres@127.0.0.1:${port}/${database}`, appUrl: `postgres://grantflow_app@127.0.0.1:${port}/${database}` };
}

/** Runs `npm run register -- migrate` as a child process; resolves with its stdout. */
export async function migrateRegister(ownerUrl: string, appUrl: string): Promise<string> {
  const { stdout } = await run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'register', 'cli.ts'), 'migrate'], {
    env: { ...process.env, REGISTER_MIGRATION_URL: ownerUrl, REGISTER_DATABASE_URL: appUrl },
  });
  return stdout;
}

/** A data folder the cluster's owner (postgres, when the tests run as root) can reach. */
export function postgresDataDir(prefix: string): { dir: string; remove(): void } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(parent, 0o755);
  return { dir: path.join(parent, 'pg'), remove: () => fs.rmSync(parent, { recursive: true, force: true }) };
}

export async function startLocalRegister(opts: { migrate?: boolean; ownerMax?: number } = {}): Promise<LocalRegister> {
  const data = postgresDataDir('grantflow-register-');
  const pg = await startPostgres({ dataDir: data.dir, port: await freePort() });
  const { ownerUrl, appUrl } = registerUrls(pg.port);
  if (opts.migrate !== false) await migrateRegister(ownerUrl, appUrl);
  const app = createRegisterPool(appUrl, { max: 4 });
  const owner = createRegisterPool(ownerUrl, { max: opts.ownerMax ?? 2 });
  return {
    pg,
    ownerUrl,
    appUrl,
    app,
    owner,
    async stop() {
      await Promise.allSettled([app.end(), owner.end()]);
      await pg.stop();
      data.remove();
    },
  };
}
