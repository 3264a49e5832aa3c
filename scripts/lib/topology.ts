/**
 * The pieces of the production topology on one machine, shared by scripts/prod.ts, its end-to-end
 * tests (test/helpers/prodStack.ts) and the benchmarks: PostgreSQL (common/postgres.ts) holding
 * Temporal's persistence and visibility and the register (database `grantflow`, migrated by a
 * one-shot job as docker-compose.yml's register-migrate), the real Temporal server on it (scripts/lib/temporalServer.ts),
 * and the commands of grantflow's own processes (worker, API) as a deployment runs them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startPostgres, type Postgres } from '../../common/postgres';
import { freePort } from '../../common/net';
import { ROOT } from '../../common/tools';
import { API_NODE_FLAGS, WORKER_NODE_FLAGS } from '../../common/nodeFlags';
import { applySchema, setupNamespace, startTemporalServer, type ServiceName, type TemporalServer } from './temporalServer';

export interface PostgresTemporal {
  pg: Postgres;
  temporal: TemporalServer;
  /** Temporal's services first, then PostgreSQL. */
  stop(): Promise<void>;
}

/**
 * PostgreSQL under `<dataDir>/postgres` (created on first use), Temporal's schemas applied (or
 * brought up to date), Temporal's four services started on it, the namespace and search attributes
 * set up. Logs go to `logDir`. Resolves when the namespace is ready.
 */
export async function startPostgresTemporal(opts: { dataDir: string; logDir: string; pgPort?: number; frontendPort?: number; onExit?: (service: ServiceName, code: number | null) => void }): Promise<PostgresTemporal> {
  fs.mkdirSync(opts.logDir, { recursive: true });
  const pg = await startPostgres({ dataDir: path.join(opts.dataDir, 'postgres'), port: opts.pgPort ?? (await freePort()), logFile: path.join(opts.logDir, 'postgres.log') });
  let temporal: TemporalServer | undefined;
  try {
    await applySchema(pg.port, path.join(opts.logDir, 'temporal-schema.log'));
    temporal = await startTemporalServer({ pgPort: pg.port, logDir: opts.logDir, frontendPort: opts.frontendPort, onExit: opts.onExit });
    await setupNamespace(temporal.address, path.join(opts.logDir, 'temporal-setup.log'));
  } catch (e) {
    await temporal?.stop();
    await pg.stop();
    throw e;
  }
  const t = temporal;
  return {
    pg,
    temporal: t,
    async stop() {
      await t.stop();
      await pg.stop();
    },
  };
}

export type AppKind = 'worker' | 'api';

/**
 * A grantflow process as deployed: Node itself (no wrapper process, so its pid is the process that
 * serves), TypeScript loaded by tsx, the worker with its own Node flags (WORKER_NODE_FLAGS).
 */
export function appCommand(kind: AppKind): { cmd: string; args: string[] } {
  const entry = path.join(ROOT, kind, 'main.ts');
  return { cmd: process.execPath, args: [...(kind === 'worker' ? WORKER_NODE_FLAGS : API_NODE_FLAGS), '--import', 'tsx', entry] };
}

/** The register in the topology's PostgreSQL: the owner migrates, the app connects as grantflow_app. */
export function registerUrls(pgPort: number): { ownerUrl: string; appUrl: string } {
  return { ownerUrl: `postgres://postgres@127.0.0.1:${pgPort}/grantflow`, appUrl: `postgres://grantflow_app@127.0.0.1:${pgPort}/grantflow` };
}

/**
 * The register's one-shot migration job, as docker-compose.yml's register-migrate runs it: the CLI
 * in a process of its own (`register/cli.ts migrate`). Resolves when it exits 0; its output in `logFile`.
 */
export async function runRegisterMigration(pgPort: number, logFile: string): Promise<{ appUrl: string }> {
  const { ownerUrl, appUrl } = registerUrls(pgPort);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'register', 'cli.ts'), 'migrate'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, REGISTER_MIGRATION_URL: ownerUrl, REGISTER_DATABASE_URL: appUrl },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the register's migration exited ${code}: ${fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n')}`);
  return { appUrl };
}
