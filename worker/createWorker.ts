/** Builds the grant worker; used by worker/main.ts and by the tests. */
import fs from 'node:fs';
import path from 'node:path';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { GrantActivities } from '../workflows/grant/contract';


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
