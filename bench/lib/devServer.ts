/**
 * The Temporal CLI dev server (.tools/bin/temporal), started for one benchmark: a free loopback
 * port, its SQLite file in a fresh temp dir, grantflow's search attributes registered with
 * --search-attribute, logs at error level. `stop()` ends it (by its pid) and removes the dir.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { DEV_SERVER_SQLITE, temporalCliPath } from '../../common/tools';
import { ArgsError } from './args';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/grant/contract';
import { sleep } from './stats';

import { freePort } from '../../common/net';

export { freePort };

/**
 * The `--sqlite` option every benchmark takes: how the dev server keeps its SQLite file.
 *   wal      a write-ahead log with every commit synced, as `npm start` runs it (as durable as the
 *            journal; ≈ 1.6× its throughput here, and the run becomes CPU-bound on 2 cores);
 *   journal  the CLI's own defaults: a rollback journal created, synced and deleted for every
 *            transaction (the run waits on those syncs more than on CPU);
 *   fast     WAL with commits not synced (an upper bound, not a way to run).
 */
export const SQLITE_OPTION = { default: 'wal', help: "dev server SQLite: 'wal' (write-ahead log, commits synced, as npm start runs it), 'journal' (the CLI's defaults), 'fast' (WAL, commits not synced)" };
const SQLITE_MODES: Record<string, readonly string[]> = {
  journal: [],
  wal: DEV_SERVER_SQLITE,
  fast: ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF'],
};
export function sqliteArgs(mode: string): string[] {
  const args = SQLITE_MODES[mode];
  if (!args) throw new ArgsError(`--sqlite is ${Object.keys(SQLITE_MODES).join(', ')}, not "${mode}"`);
  return [...args];
}

export interface DevServer {
  address: string;
  namespace: string;
  pid: number;
  dbFile: string;
  version: string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
const dirs = new Set<string>();
let hooked = false;
/** Children are killed (by pid), and their temp dirs removed, if the benchmark dies or is interrupted. */
export function killOnExit(child: ChildProcess, dir?: string) {
  live.add(child);
  if (dir) dirs.add(dir);
  child.once('exit', () => live.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const c of live) if (c.pid && c.exitCode === null) kill(c.pid, 'SIGKILL');
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const c of live) if (c.pid && c.exitCode === null) kill(c.pid, 'SIGTERM');
      process.exit(130);
    });
  }
}

function kill(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  kill(child.pid, 'SIGTERM');
  const t = setTimeout(() => child.pid && kill(child.pid, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(t);
}

export function cliVersion(): string {
  try {
    return execFileSync(temporalCliPath(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export async function startDevServer(opts: { sqlite: string }): Promise<DevServer> {
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantflow-bench-temporal-'));
  const dbFile = path.join(dir, 'temporal.db');
  const saArgs = Object.entries(SEARCH_ATTRIBUTE_TYPES).flatMap(([k, t]) => ['--search-attribute', `${k}=${t}`]);
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--http-port', String(httpPort),
    '--metrics-port', String(metricsPort),
    '--headless',
    '--db-filename', dbFile,
    '--log-level', 'error',
    ...saArgs,
    ...sqliteArgs(opts.sqlite),
  ];
  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  killOnExit(child, dir);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
    dirs.delete(dir);
  };
  try {
    const end = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`temporal dev server exited (${child.exitCode}): ${stderr}`);
      try {
        const conn = await Connection.connect({ address, connectTimeout: 1000 });
        try {
          await conn.workflowService.describeNamespace({ namespace: 'default' });
          const sa = await conn.operatorService.listSearchAttributes({ namespace: 'default' });
          const missing = Object.keys(SEARCH_ATTRIBUTE_TYPES).filter((k) => !(k in (sa.customAttributes ?? {})));
          if (missing.length === 0) break;
        } finally {
          await conn.close();
        }
      } catch {
        /* not up yet */
      }
      if (Date.now() > end) throw new Error(`temporal dev server did not come up on ${address}: ${stderr}`);
      await sleep(200);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { address, namespace: 'default', pid: child.pid!, dbFile, version: cliVersion(), stop };
}

