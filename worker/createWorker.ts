/** Builds the grant worker; used by worker/main.ts and by the tests. */
import fs from 'node:fs';
import path from 'node:path';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { GrantActivities } from '../activities/types';

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
  extra?: Partial<WorkerOptions>;
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowsPath: workflowsPath(),
    activities: opts.activities,
    ...opts.extra,
  });
}
