/** The worker process: connects, bundles the workflows (or loads a prebuilt bundle), registers activities, shuts down cleanly. */
import fs from 'node:fs';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfigOrExit } from '../common/config';
import { createLogger } from '../common/logger';
import { temporalLogger } from '../common/temporalLogger';
import { createActivities } from '../activities';
import { createGrantWorker } from './createWorker';
import { createRegisterPool } from '../register/pool';
import { checkRegister, RegisterNotReadyError } from '../register/migrate';

async function main() {
  const config = loadConfigOrExit();
  if (config.WORKER_WORKFLOW_BUNDLE && !fs.existsSync(config.WORKER_WORKFLOW_BUNDLE)) {
    process.stderr.write(`Invalid configuration:\n  - WORKER_WORKFLOW_BUNDLE: no such file: ${config.WORKER_WORKFLOW_BUNDLE} (build it with node dist/worker/bundle.js <file>)\n`);
    process.exit(78);
  }
  const log = createLogger('grantflow-worker', config.LOG_LEVEL);
  Runtime.install({
    // The SDK's lines, core's included, as JSON through the same logger (common/temporalLogger.ts).
    logger: temporalLogger(log),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
    // Workers shut down on SIGINT/SIGTERM (the default), finishing in-flight tasks first.
  });
  // The register must be migrated before any grant records into it (docs/record.md).
  const register = createRegisterPool(config.REGISTER_DATABASE_URL, { max: config.REGISTER_POOL_MAX, applicationName: 'grantflow-worker', log });
  try {
    await checkRegister(register, config.REGISTER_DATABASE_URL);
  } catch (err) {
    if (!(err instanceof RegisterNotReadyError)) throw err;
    process.stderr.write(`worker refused to start: ${err.message}\n`);
    process.exit(78);
  }
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createGrantWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    activities: createActivities(config, register, { log }),
    bundlePath: config.WORKER_WORKFLOW_BUNDLE,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, address: config.TEMPORAL_ADDRESS, prebuiltBundle: Boolean(config.WORKER_WORKFLOW_BUNDLE), maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS }, 'worker started');
  await worker.run();
  await connection.close();
  await register.end();
  log.info('worker stopped');
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
