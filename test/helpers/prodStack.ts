/**
 * The production topology for end-to-end tests (scripts/lib/topology.ts, as `npm run prod` starts
 * it): PostgreSQL with the real Temporal server's four services on it, two grant workers and two
 * APIs as processes of their own (so a test can `kill -9` one and start it again), and maildev
 * in-process. Free loopback ports, a fresh data folder; `stop()` leaves no process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort, waitForPort, waitForPortClosed } from '../../common/net';
import { ROOT } from '../../common/tools';
import { parseConfig, type Config } from '../../common/config';
import { buildWorkflowBundle } from '../../worker/bundle';
import { appCommand, runRegisterMigration, startPostgresTemporal, type AppKind, type PostgresTemporal } from '../../scripts/lib/topology';
import { mailBox, startMailDev, testTokens, type MailBox, type Stack } from './stack';

/** One grantflow process that a test can kill and start again. */
export class AppProcess {
  private child: ChildProcess | undefined;
  constructor(
    readonly name: string,
    private readonly kind: AppKind,
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
    readonly port?: number,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const { cmd, args } = appCommand(this.kind);
    const log = fs.openSync(this.logFile, 'a');
    this.child = spawn(cmd, args, { cwd: ROOT, env: this.env, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    if (this.port) await waitForPort(this.port, 60_000, 100);
  }

  /** `kill -9`: no shutdown, no goodbye. */
  async kill9(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const c = this.child;
    this.child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(sig);
    const t = setTimeout(() => c.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(t);
    if (this.port) await waitForPortClosed(this.port);
  }
}

export interface ProdStack {
  topology: PostgresTemporal;
  config: Config;
  /** A Temporal client of the test's own, for what the API does not show (execution status). */
  client: Client;
  apis: [AppProcess & { baseUrl: string }, AppProcess & { baseUrl: string }];
  workers: [AppProcess, AppProcess];
  tokens: Stack['tokens'];
  mail: MailBox;
  logDir: string;
  /** Temporal services that exited unasked since the start. */
  exits: string[];
  stop(): Promise<void>;
}

export async function startProdStack(): Promise<ProdStack> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
  };
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantflow-prod-e2e-'));
    fs.chmodSync(dir, 0o755); // PostgreSQL runs as its own user when root: it must reach its folder
    const logDir = path.join(dir, 'logs');
    // KEEP_PROD_E2E=1 keeps the folder (logs of every process, the databases) for a look afterwards.
    if (!process.env.KEEP_PROD_E2E) cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));

    const [smtpPort, webPort, api1, api2] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const md = await startMailDev(smtpPort, webPort, fs.mkdtempSync(path.join(dir, 'mail-')));
    cleanups.push(async () => {
      await new Promise<void>((resolve) => md.close(() => resolve()));
      await waitForPortClosed(webPort);
    });
    const bundle = buildWorkflowBundle(path.join(dir, 'workflow-bundle.js'), { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} });

    const exits: string[] = [];
    const topology = await startPostgresTemporal({ dataDir: dir, logDir, onExit: (service, code) => exits.push(`${service} (${code})`) });
    cleanups.push(() => topology.stop());
    const { appUrl: registerUrl } = await runRegisterMigration(topology.pg.port, path.join(logDir, 'register-migrate.log'));

    const base = (port: number) => `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      TEMPORAL_ADDRESS: topology.temporal.address,
      TEMPORAL_NAMESPACE: topology.temporal.namespace,
      HTTP_HOST: '127.0.0.1',
      PUBLIC_BASE_URL: base(api1),
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      MAIL_FROM: 'grantflow <grantflow@example.se>',
      MAIL_INBOX_URL: base(webPort),
      LINK_SECRET: randomBytes(32).toString('base64url'),
      AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
      WORKER_WORKFLOW_BUNDLE: await bundle,
      REGISTER_DATABASE_URL: registerUrl,
    };
    const config = parseConfig({ ...env, HTTP_PORT: String(api1) });
    const processEnv = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH, HOME: process.env.HOME, ...env, ...extra });
    const workers: [AppProcess, AppProcess] = [1, 2].map((n) => new AppProcess(`worker ${n}`, 'worker', processEnv(), path.join(logDir, `worker-${n}.log`))) as [AppProcess, AppProcess];
    const apis = [api1, api2].map((port, i) => Object.assign(new AppProcess(`api ${i + 1}`, 'api', processEnv({ HTTP_PORT: String(port) }), path.join(logDir, `api-${i + 1}.log`), port), { baseUrl: base(port) })) as ProdStack['apis'];
    for (const p of [...workers, ...apis]) {
      cleanups.push(() => p.stop());
      await p.start();
    }
    const connection = await Connection.connect({ address: topology.temporal.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: topology.temporal.namespace });

    let stopped: Promise<void> | undefined;
    return { topology, config, client, apis, workers, tokens: await testTokens(config), mail: mailBox(base(webPort)), logDir, exits, stop: () => (stopped ??= stop()) };
  } catch (e) {
    await stop();
    throw e;
  }
}
