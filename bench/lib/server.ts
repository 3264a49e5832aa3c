/**
 * The Temporal server a benchmark runs against, chosen by `--temporal`:
 *   dev       the CLI dev server, as `npm start` runs it (its SQLite per `--sqlite`), bench/lib/devServer.ts;
 *   postgres  the production topology: PostgreSQL and the real Temporal server's four services
 *             (scripts/lib/topology.ts, as `npm run prod` and its tests run them), in a fresh temp dir.
 * Either way: an address, a namespace with grantflow's search attributes, the CPU its processes have
 * used (PostgreSQL's backends included), and stop().
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArgsError } from './args';
import { startDevServer } from './devServer';
import { cpuSeconds } from './proc';
import { startPostgresTemporal } from '../../scripts/lib/topology';
import { serverTools } from '../../scripts/lib/temporalServer';

export const TEMPORAL_OPTION = { default: 'dev', help: "the Temporal server: 'dev' (the CLI dev server, as npm start runs it) or 'postgres' (the production topology: PostgreSQL and the real server's four services)" };

export interface BenchServer {
  address: string;
  namespace: string;
  version: string;
  /** The server's processes now (for load accounting). */
  pids(): number[];
  /** CPU seconds the server's processes (and their children) have used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** Every descendant of `root`, root included, from /proc (PostgreSQL forks a backend per connection). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(root);
  return out;
}

export function checkTemporalOption(value: string): void {
  if (value !== 'dev' && value !== 'postgres') throw new ArgsError(`--temporal is dev or postgres, not "${value}"`);
}

export async function startBenchServer(o: { temporal: string; sqlite: string }): Promise<BenchServer> {
  checkTemporalOption(o.temporal);
  if (o.temporal === 'dev') {
    const s = await startDevServer({ sqlite: o.sqlite });
    return { address: s.address, namespace: s.namespace, version: `${s.version}, SQLite ${o.sqlite}`, pids: () => [s.pid], cpuSeconds: () => cpuSeconds(s.pid), stop: s.stop };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantflow-bench-prod-'));
  fs.chmodSync(dir, 0o755); // PostgreSQL runs as its own user when root
  const t = await startPostgresTemporal({ dataDir: dir, logDir: path.join(dir, 'logs') });
  const pids = () => [...Object.values(t.temporal.pids()), ...(t.pg.process?.pid ? processTree(t.pg.process.pid) : [])];
  return {
    address: t.temporal.address,
    namespace: t.temporal.namespace,
    version: `Temporal server ${serverTools().version} on PostgreSQL (4 service processes)`,
    pids,
    cpuSeconds: () => pids().reduce((a, p) => a + (cpuSeconds(p) || 0), 0),
    async stop() {
      await t.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
