/**
 * The real Temporal server on PostgreSQL, natively: its schemas applied and its services started
 * from the same files docker-compose.yml uses (deploy/temporal/: config.yaml, dynamicconfig.yaml,
 * schema.sh, setup.sh, temporal.env, search-attributes.txt), with the binaries that
 * scripts/temporal-server.sh builds into .tools/temporal-server/<version>/.
 * Used by scripts/prod.ts (the production topology on one machine), its end-to-end tests and the
 * benchmarks. Every process is a child started here and stopped by its pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort, waitForPort, waitForPortClosed } from '../../common/net';
import { ROOT, temporalCliPath } from '../../common/tools';

export const DEPLOY_DIR = path.join(ROOT, 'deploy', 'temporal');
export const CONFIG_FILE = path.join(DEPLOY_DIR, 'config.yaml');
export const DYNAMIC_CONFIG_FILE = path.join(DEPLOY_DIR, 'dynamicconfig.yaml');

/** deploy/temporal/temporal.env as a record (KEY=value lines; # comments). */
export function deploymentEnv(): Record<string, string> {
  const text = fs.readFileSync(path.join(DEPLOY_DIR, 'temporal.env'), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .map((l) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

/** deploy/temporal/search-attributes.txt: name → type, as setup.sh registers them. */
export function deployedSearchAttributes(): Record<string, string> {
  const text = fs.readFileSync(path.join(DEPLOY_DIR, 'search-attributes.txt'), 'utf8');
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return Object.fromEntries(lines.map((l) => l.split(/\s+/) as [string, string]));
}

/** Where scripts/temporal-server.sh put the server, the schema tool and the schemas. */
export function serverTools(): { server: string; sql: string; schema: string; version: string } {
  const version = deploymentEnv().TEMPORAL_VERSION!;
  const dir = path.join(ROOT, '.tools', 'temporal-server', version);
  const tools = { server: path.join(dir, 'server'), sql: path.join(dir, 'sql'), schema: path.join(dir, 'schema'), version };
  if (!fs.existsSync(tools.server) || !fs.existsSync(tools.sql)) throw new Error(`the Temporal server ${version} is not built: run 'bash scripts/setup.sh'`);
  return tools;
}

/** Runs a command to its end; rejects with its output's tail when it fails. */
export function runToEnd(cmd: string, args: string[], env: NodeJS.ProcessEnv, logFile?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', out, out] });
    if (typeof out === 'number') fs.closeSync(out);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) return resolve();
      const tail = logFile ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
      reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited (${code})${logFile ? `; see ${logFile}:\n${tail}` : ''}`));
    });
  });
}

/** deploy/temporal/schema.sh against a cluster on 127.0.0.1:pgPort, as its superuser `postgres`. */
export function applySchema(pgPort: number, logFile?: string): Promise<void> {
  const { sql, schema } = serverTools();
  const env = { ...process.env, SQL_TOOL: sql, SCHEMA_DIR: schema, SQL_HOST: '127.0.0.1', SQL_PORT: String(pgPort), SQL_USER: 'postgres', SQL_PASSWORD: '' };
  return runToEnd('sh', [path.join(DEPLOY_DIR, 'schema.sh')], env, logFile);
}

/** deploy/temporal/setup.sh (namespace, retention, search attributes) with the project's CLI. */
export function setupNamespace(address: string, logFile?: string): Promise<void> {
  return runToEnd('sh', [path.join(DEPLOY_DIR, 'setup.sh')], { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_CLI: temporalCliPath() }, logFile);
}

export const SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface TemporalServer {
  /** The frontend, host:port. */
  readonly address: string;
  readonly namespace: string;
  /** The pid of each running service. */
  pids(): Partial<Record<ServiceName, number>>;
  /** Stops every service (SIGTERM, then SIGKILL after a grace), by pid. */
  stop(): Promise<void>;
  /** Starts every service again on the same ports (after stop()). */
  start(): Promise<void>;
}

/**
 * A free loopback port below 32768: the server keeps membership ports in a smallint column, so the
 * OS's ephemeral ports (32768 and up) are refused there.
 */
async function freeMembershipPort(): Promise<number> {
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * 22_000);
    const free = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/**
 * The server's environment for config.yaml: PostgreSQL on loopback, every service on loopback
 * ports of its own (free ones unless given).
 */
export async function serverEnvironment(pgPort: number, frontendPort?: number): Promise<Record<string, string>> {
  const port = async () => String(await freePort());
  return {
    BIND_ON_IP: '127.0.0.1',
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    POSTGRES_SEEDS: '127.0.0.1',
    DB_PORT: String(pgPort),
    POSTGRES_USER: 'postgres',
    POSTGRES_PWD: '',
    LOG_LEVEL: 'warn',
    DYNAMIC_CONFIG_FILE_PATH: DYNAMIC_CONFIG_FILE,
    FRONTEND_GRPC_PORT: String(frontendPort ?? (await freePort())),
    FRONTEND_HTTP_PORT: await port(),
    FRONTEND_MEMBERSHIP_PORT: String(await freeMembershipPort()),
    HISTORY_GRPC_PORT: await port(),
    HISTORY_MEMBERSHIP_PORT: String(await freeMembershipPort()),
    MATCHING_GRPC_PORT: await port(),
    MATCHING_MEMBERSHIP_PORT: String(await freeMembershipPort()),
    WORKER_GRPC_PORT: await port(),
    WORKER_MEMBERSHIP_PORT: String(await freeMembershipPort()),
  };
}

function stopProcess(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => signal(child, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    signal(child, 'SIGTERM');
  });
}

function signal(child: ChildProcess, sig: NodeJS.Signals) {
  try {
    if (child.pid !== undefined) process.kill(child.pid, sig);
  } catch {
    /* already gone */
  }
}

/**
 * Starts frontend, history, matching and worker as four processes of the same binary and config
 * (as a deployment scales them), each logging to `<logDir>/temporal-<service>.log`; resolves when
 * the frontend accepts connections. `onExit` hears of a service that exits unasked.
 */
export async function startTemporalServer(opts: { pgPort: number; logDir: string; frontendPort?: number; onExit?: (service: ServiceName, code: number | null) => void }): Promise<TemporalServer> {
  const { server } = serverTools();
  const env = { ...process.env, ...(await serverEnvironment(opts.pgPort, opts.frontendPort)) };
  const address = `127.0.0.1:${env.FRONTEND_GRPC_PORT}`;
  const children = new Map<ServiceName, ChildProcess>();
  let stopping = false;

  const logOf = (service: ServiceName) => path.join(opts.logDir, `temporal-${service}.log`);
  /** The last fatal line of a service's log, for the error that says why it exited. */
  const lastFatal = (service: ServiceName) => {
    const lines = fs.existsSync(logOf(service)) ? fs.readFileSync(logOf(service), 'utf8').split('\n') : [];
    return (lines.reverse().find((l) => l.includes('"fatal"')) ?? '').slice(0, 600);
  };
  let starting: { fail: (e: Error) => void; attempts: Map<ServiceName, number> } | undefined;
  const spawnService = (service: ServiceName) => {
    const log = fs.openSync(logOf(service), 'a');
    const child = spawn(server, ['--config-file', CONFIG_FILE, '--allow-no-auth', 'start', '--service', service], { cwd: ROOT, env, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    child.once('exit', (code) => {
      if (stopping) return;
      if (!starting) return opts.onExit?.(service, code);
      // While starting, a service that exits is started again, as a deployment's restart policy
      // would (a service can lose a race for its membership or shards with its predecessor).
      const n = (starting.attempts.get(service) ?? 0) + 1;
      starting.attempts.set(service, n);
      if (n < 3) spawnService(service);
      else starting.fail(new Error(`Temporal ${service} exited (${code}) ${n} times while starting; see ${logOf(service)}: ${lastFatal(service)}`));
    });
    children.set(service, child);
  };
  const startAll = async () => {
    stopping = false;
    const failed = new Promise<never>((_, reject) => (starting = { fail: reject, attempts: new Map() }));
    failed.catch(() => undefined);
    try {
      for (const service of SERVICES) spawnService(service);
      await Promise.race([waitForPort(Number(env.FRONTEND_GRPC_PORT), 120_000, 100), failed]);
    } finally {
      starting = undefined;
    }
  };
  const stopAll = async () => {
    stopping = true;
    // Frontend first (no new requests), then the rest together.
    const front = children.get('frontend');
    if (front) await stopProcess(front);
    await Promise.all([...children.values()].map((c) => stopProcess(c)));
    children.clear();
    await waitForPortClosed(Number(env.FRONTEND_GRPC_PORT));
  };
  try {
    await startAll();
  } catch (e) {
    await stopAll();
    throw e;
  }
  return {
    address,
    namespace: deploymentEnv().TEMPORAL_NAMESPACE ?? 'default',
    pids: () => Object.fromEntries([...children].filter(([, c]) => c.exitCode === null).map(([s, c]) => [s, c.pid])),
    stop: stopAll,
    start: startAll,
  };
}
