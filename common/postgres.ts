/**
 * A private PostgreSQL cluster under a data folder, for `npm start`, the production topology on one
 * machine, the tests and the benchmarks. It runs Debian's server binaries (`postgresql` package,
 * installed by scripts/setup.sh) in the foreground as a child process, so whoever started it stops
 * it by pid. PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user
 * and every command runs through `runuser`.
 *
 * Authentication is `trust` on loopback and on the cluster's own socket folder: the cluster is only
 * reachable from this machine. Production (docker-compose.yml) uses passwords.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { waitForPort, waitForPortClosed } from './net';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The folder with initdb and postgres: PG_BIN, or the newest of Debian's /usr/lib/postgresql/N/bin. */
export function postgresBinDir(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error("PostgreSQL's server is not installed: run 'bash scripts/setup.sh' (it installs Debian's postgresql), or set PG_BIN to the folder holding initdb and postgres");
  return path.join(root, versions[0]!, 'bin');
}

/** A command as the cluster's owner: `runuser -u postgres --` when root, as it is otherwise. */
function asOwner(cmd: string, args: string[]): { cmd: string; args: string[] } {
  return isRoot() ? { cmd: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] } : { cmd, args };
}

function chownToOwner(dir: string) {
  if (!isRoot()) return;
  const r = spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  if (r.status !== 0) throw new Error(`could not hand ${dir} to the postgres user: ${r.stderr.toString().trim()}`);
}

/** Creates the cluster in `dataDir` when there is none yet (a second call is a no-op). */
export function initCluster(dataDir: string): void {
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownToOwner(dataDir);
  const { cmd, args } = asOwner(path.join(postgresBinDir(), 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions']);
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`initdb failed for ${dataDir}: ${(r.stderr || r.stdout).trim()}`);
}

/** The foreground server for a cluster: listen on 127.0.0.1:port, its socket in the data folder. */
export function postgresCommand(dataDir: string, port: number): { cmd: string; args: string[] } {
  return asOwner(path.join(postgresBinDir(), 'postgres'), [
    '-D', dataDir,
    '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', `unix_socket_directories=${dataDir}`,
    '-c', 'max_connections=200',
    '-c', 'log_min_messages=warning',
    '-c', 'log_min_error_statement=panic',
  ]);
}

export interface Postgres {
  readonly port: number;
  readonly dataDir: string;
  /** A connection URL for a database of this cluster, as the superuser `postgres`. */
  url(database?: string): string;
  /** Fast shutdown (SIGINT): open transactions roll back, nothing committed is lost. */
  stop(): Promise<void>;
  /** Starts the server again on the same port and data (after stop()). */
  start(): Promise<void>;
  readonly process: ChildProcess | undefined;
}

/** The port opens before the server takes sessions ("the database system is starting up", 57P03). */
async function untilAccepting(url: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if ((err as { code?: string }).code !== '57P03' || Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Creates (if needed) and starts a cluster; resolves when it accepts connections. */
export async function startPostgres(opts: { dataDir: string; port: number; logFile?: string }): Promise<Postgres> {
  const { dataDir, port } = opts;
  initCluster(dataDir);
  let child: ChildProcess | undefined;
  const start = async () => {
    const { cmd, args } = postgresCommand(dataDir, port);
    const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
    child = spawn(cmd, args, { stdio: ['ignore', out, out], detached: true });
    if (typeof out === 'number') fs.closeSync(out);
    const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(`postgres on port ${port} exited (${code}) while starting${opts.logFile ? `; see ${opts.logFile}` : ''}`))));
    await Promise.race([(async () => {
      await waitForPort(port, 30_000, 50);
      await untilAccepting(`postgres://postgres@127.0.0.1:${port}/postgres`);
    })(), exited]);
    exited.catch(() => undefined);
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.pid === undefined) return;
    const gone = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    try {
      process.kill(-c.pid, 'SIGINT');
    } catch {
      return;
    }
    await gone;
    await waitForPortClosed(port);
  };
  await start();
  return {
    port,
    dataDir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop,
    start,
    get process() {
      return child;
    },
  };
}
