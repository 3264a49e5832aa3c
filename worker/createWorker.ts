/** Builds the grant worker; used by worker/main.ts and by the tests. */
import fs from 'node:fs';
import path from 'node:path';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { GrantActivities } from '../workflows/grant/contract';

/**
 * Node flags the worker process runs with (docker-compose.yml's worker command, npm start, the
 * benchmarks). A small young generation: a burst of thousands of workflow tasks otherwise leaves
 * V8's semi-spaces at their 16 MiB default in both isolates (main and workflow thread), which RSS
 * keeps. bench/list.ts with 10 000 grants: 356 MiB RSS with the default, 257 MiB with this and a
 * cache of 64; bench/lifecycle.ts showed no extra worker CPU per workflow.
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=2'] as const;

/** The TypeScript sources in development and tests; the compiled files in the production image. */
export function workflowsPath(): string {
  const ts = path.resolve(__dirname, '../workflows/index.ts');
  return fs.existsSync(ts) ? ts : path.resolve(__dirname, '../workflows/index.js');
}

export async function createGrantWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: GrantActivities;
  /** A prebuilt workflow bundle (worker/bundle.ts); without it, webpack bundles at start-up. */
  bundlePath?: string;
  /** Workflows kept in memory (config WORKER_MAX_CACHED_WORKFLOWS); the SDK's memory-based default without it. */
  maxCachedWorkflows?: number;
  extra?: Partial<WorkerOptions>;
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.bundlePath ? { workflowBundle: { codePath: opts.bundlePath } } : { workflowsPath: workflowsPath() }),
    ...(opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    activities: opts.activities,
    ...opts.extra,
  });
}
