/** Starts bench/lib/workerMain.ts in its own process and reads its resident memory from /proc. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../common/tools';
import { freePort, killOnExit, stopChild } from './devServer';
import type { WorkerStats } from './workerMain';
import { readProcMemory } from './proc';
import { parsePrometheus } from './stats';
import { WORKER_NODE_FLAGS } from '../../common/nodeFlags';

export interface WorkerProcess {
  pid: number;
  ready: WorkerStats;
  /** VmRSS and VmHWM (peak) of the worker process, in bytes, from /proc/<pid>/status. */
  rss(): { rss: number; hwm: number };
  stats(): Promise<WorkerStats>;
  /** Only with `exposeGc`: a full GC in the worker, then its stats. */
  gc(): Promise<WorkerStats>;
  /** The register batches the minimal workflow's `record` activity writes copies of (workerMain.ts). */
  templates(batches: unknown[]): Promise<WorkerStats>;
  stop(): Promise<void>;
  /** Warnings of the worker counted so far. */
  warnings: { taskNotFound: number };
  /** The SDK's Prometheus metrics of the worker, summed over labels, by metric name. */
  metrics(): Promise<Record<string, number>>;
}


/** The worker metrics that explain a run: tasks, their latency, cache hits and misses. */
export const WORKER_METRICS = [
  'temporal_workflow_task_execution_latency_count',
  'temporal_workflow_task_execution_latency_sum',
  'temporal_workflow_task_replay_latency_count',
  'temporal_workflow_task_replay_latency_sum',
  'temporal_sticky_cache_hit',
  'temporal_sticky_cache_miss',
  'temporal_sticky_cache_total_forced_eviction',
  'temporal_workflow_task_execution_failed',
  'temporal_activity_execution_latency_count',
];

export function metricsDiff(before: Record<string, number>, after: Record<string, number>, names = WORKER_METRICS): Record<string, number> {
  return Object.fromEntries(names.map((k) => [k.replace(/^temporal_/, ''), (after[k] ?? 0) - (before[k] ?? 0)]));
}


export async function startWorkerProcess(opts: { address: string; registerUrl?: string; grantQueue?: string; minimalQueue?: string; probeQueue?: string; grantBundle?: string; exposeGc?: boolean }): Promise<WorkerProcess> {
  const metricsPort = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    // The worker's own Node flags, as deployed (worker/createWorker.ts WORKER_NODE_FLAGS).
    [...WORKER_NODE_FLAGS, ...(opts.exposeGc ? ['--expose-gc'] : []), ...(process.env.BENCH_WORKER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_CPU_PROF}`] : []), '--import', 'tsx', path.join(ROOT, 'bench', 'lib', 'workerMain.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: opts.address,
        REGISTER_DATABASE_URL: opts.registerUrl ?? '',
        BENCH_GRANT_QUEUE: opts.grantQueue ?? '',
        BENCH_MINIMAL_QUEUE: opts.minimalQueue ?? '',
        BENCH_PROBE_QUEUE: opts.probeQueue ?? '',
        BENCH_GRANT_BUNDLE: opts.grantBundle ?? '',
        BENCH_WORKER_METRICS: `127.0.0.1:${metricsPort}`,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  killOnExit(child);
  // The SDK's core logs to stdout. It warns when it completes a workflow task the server no longer
  // has (the server replaced it, e.g. a speculative task for an Update): counted, not printed;
  // anything else goes through.
  const warnings = { taskNotFound: 0 };
  for (const [stream, out] of [[child.stdout!, process.stdout], [child.stderr!, process.stderr]] as const) {
    let pending = '';
    stream.on('data', (d: Buffer) => {
      const lines = (pending + d.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.includes('Task not found when completing')) warnings.taskNotFound += 1;
        else out.write(`${line}\n`);
      }
    });
  }
  let seq = 0;
  const waiting = new Map<number, (s: WorkerStats) => void>();
  const ready = await new Promise<WorkerStats>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench worker exited (${code}) before it was ready`)));
    child.on('message', (m: { type: string; id?: number; stats: WorkerStats }) => {
      if (m.type === 'ready') resolve(m.stats);
      else if (m.id !== undefined) waiting.get(m.id)?.(m.stats);
    });
  });
  const ask = (type: string, extra: object = {}) =>
    new Promise<WorkerStats>((resolve) => {
      const id = ++seq;
      waiting.set(id, (s) => {
        waiting.delete(id);
        resolve(s);
      });
      child.send({ type, id, ...extra });
    });
  return {
    pid: child.pid!,
    ready,
    warnings,
    rss: () => readProcMemory(child.pid!),
    stats: () => ask('stats'),
    gc: () => ask('gc'),
    templates: (batches) => ask('templates', { batches }),
    async metrics() {
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      return parsePrometheus(await res.text());
    },
    async stop() {
      if (child.connected) child.send({ type: 'stop' });
      const exited = new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
      const t = setTimeout(() => void stopChild(child), 20_000);
      await exited;
      clearTimeout(t);
    },
  };
}
