/**
 * The benchmarks' worker process (run by workerProcess.ts as `node --import tsx`, so its pid is the
 * worker's own and /proc/<pid>/status is the worker's memory):
 *   - the grant worker exactly as worker/main.ts builds it (createGrantWorker, default options),
 *     with a no-op sendMail activity: mail is not under test, but it stays an activity;
 *   - optionally a second worker for bench/workflows/minimal.ts, its own bundle, same defaults.
 *   - optionally a third for bench/workflows/planProbe.ts (memory probe).
 * With REGISTER_DATABASE_URL the grant's recordGrant is the real activity (activities/register.ts,
 * writing to that PostgreSQL as the worker does), and the minimal workflow's `record` activity writes
 * the same batches through the same writer: templates taken from a warm-up grant's history (IPC
 * {type:'templates'}), each under the minimal workflow's own id. Without it both only acknowledge.
 * Environment: TEMPORAL_ADDRESS; BENCH_GRANT_QUEUE, BENCH_MINIMAL_QUEUE, BENCH_PROBE_QUEUE (each starts
 * its worker); BENCH_GRANT_BUNDLE (a prebuilt bundle for the grant worker); BENCH_WORKER_METRICS=host:port
 * serves the SDK's Prometheus metrics.
 * IPC: sends {type:'ready'}; answers {type:'stats'} with memory and activity counts; stops on {type:'stop'}.
 */
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createRegisterActivities } from '../../activities/register';
import { createRegisterPool } from '../../register/pool';
import type { RegisterBatch } from '../../workflows/grant/register';
import { quietRuntime } from '../../common/temporalRuntime';
import { createGrantWorker } from '../../worker/createWorker';
import { ConfigSchema } from '../../common/config';
import type { GrantActivities, MailResult } from '../../workflows/grant/contract';
import type { MinimalActivities } from '../workflows/minimal';

const counts = { sendMail: 0, mails: 0, noop: 0, recordGrant: 0, record: 0 };

const registerPool = process.env.REGISTER_DATABASE_URL ? createRegisterPool(process.env.REGISTER_DATABASE_URL, { max: ConfigSchema.shape.REGISTER_POOL_MAX.parse(process.env.REGISTER_POOL_MAX), applicationName: 'grantflow-bench-worker' }) : undefined;
const register = registerPool ? createRegisterActivities({ pool: registerPool }) : undefined;
/** A warm-up grant's register batches, in the order it sent them (the minimal workflow's `record` writes copies). */
let templates: RegisterBatch[] = [];

const grantActivities: GrantActivities = {
  async sendMail(batch) {
    counts.sendMail += 1;
    counts.mails += batch.length;
    return batch.map((m): MailResult => ({ key: m.key, messageId: `<${m.key}@bench>`, rejected: [] }));
  },
  async recordGrant(batch) {
    counts.recordGrant += 1;
    if (register) return register.recordGrant(batch);
    return { events: batch.firstEvent - 1 + batch.events.length, headHash: '' };
  },
};

const minimalActivities: MinimalActivities = {
  async noop(payload) {
    counts.noop += 1;
    return { n: payload.n }; // a grant's mail results are small whatever its input
  },
  async record(payload) {
    counts.record += 1;
    const t = templates[payload.n];
    if (!register || !t) return { n: payload.n };
    // The template's batch as this workflow's own grant: same events, rounds, lists and mail log.
    const id = Context.current().info.workflowExecution?.workflowId ?? 'minimal:unknown';
    const ack = await register.recordGrant({ ...t, summary: { ...t.summary, caseNumber: id, workflowId: id } });
    return { n: ack.events };
  },
};

export interface WorkerStats {
  pid: number;
  memory: NodeJS.MemoryUsage;
  counts: typeof counts;
  maxCachedWorkflows: Record<string, number>;
  maxConcurrentWorkflowTaskExecutions: Record<string, number>;
}

async function main() {
  // The SDK's own metrics (cache hits and evictions, task latencies), scraped by the benchmark.
  quietRuntime({ level: 'WARN', prometheus: process.env.BENCH_WORKER_METRICS });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const workers: Record<string, Worker> = {};
  if (process.env.BENCH_GRANT_QUEUE) {
    // With BENCH_GRANT_BUNDLE, a bundle built beforehand (as the image and npm start do) instead of webpack at start-up.
    // The cache limit as worker/main.ts sets it: WORKER_MAX_CACHED_WORKFLOWS, or the config's default.
    const maxCachedWorkflows = ConfigSchema.shape.WORKER_MAX_CACHED_WORKFLOWS.parse(process.env.WORKER_MAX_CACHED_WORKFLOWS);
    workers.grant = await createGrantWorker({
      connection,
      namespace: 'default',
      taskQueue: process.env.BENCH_GRANT_QUEUE,
      activities: grantActivities,
      bundlePath: process.env.BENCH_GRANT_BUNDLE,
      maxCachedWorkflows,
    });
  }
  // The baselines: each its own bundle, the SDK's defaults, the no-op activity.
  const baselines = [
    { name: 'probe', taskQueue: process.env.BENCH_PROBE_QUEUE, file: '../workflows/planProbe.ts' },
    { name: 'minimal', taskQueue: process.env.BENCH_MINIMAL_QUEUE, file: '../workflows/minimal.ts' },
  ];
  for (const b of baselines) {
    if (!b.taskQueue) continue;
    workers[b.name] = await Worker.create({ connection, namespace: 'default', taskQueue: b.taskQueue, workflowsPath: path.resolve(__dirname, b.file), activities: minimalActivities });
  }
  const runs = Object.values(workers).map((w) => w.run());
  const stats = (): WorkerStats => ({
    pid: process.pid,
    memory: process.memoryUsage(),
    counts,
    maxCachedWorkflows: Object.fromEntries(Object.entries(workers).map(([k, w]) => [k, w.options.maxCachedWorkflows])),
    maxConcurrentWorkflowTaskExecutions: Object.fromEntries(
      Object.entries(workers).map(([k, w]) => [k, (w.options as { maxConcurrentWorkflowTaskExecutions?: number }).maxConcurrentWorkflowTaskExecutions ?? -1]),
    ),
  });
  process.on('message', (m: { type: string; id?: number }) => {
    if (m.type === 'stats') process.send!({ type: 'stats', id: m.id, stats: stats() });
    if (m.type === 'gc') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send!({ type: 'gc', id: m.id, stats: stats() });
    }
    if (m.type === 'templates') {
      templates = (m as { batches?: RegisterBatch[] }).batches ?? [];
      process.send!({ type: 'templates', id: m.id, stats: stats() });
    }
    if (m.type === 'stop') for (const w of Object.values(workers)) if (w.getState() === 'RUNNING') w.shutdown();
  });
  process.on('disconnect', () => {
    for (const w of Object.values(workers)) if (w.getState() === 'RUNNING') w.shutdown();
  });
  process.send!({ type: 'ready', stats: stats() });
  await Promise.all(runs);
  await connection.close();
  await registerPool?.end();
}

main().catch((err) => {
  process.stderr.write(`bench worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
