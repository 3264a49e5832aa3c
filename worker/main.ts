/** The worker process: connects, bundles the workflows, registers activities, shuts down cleanly. */
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfigOrExit } from '../common/config';
import { createLogger } from '../common/logger';
import { createActivities } from '../activities';
import { createGrantWorker } from './createWorker';

async function main() {
  const config = loadConfigOrExit();
  const log = createLogger('grantflow-worker', config.LOG_LEVEL);
  Runtime.install({
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
    // Workers shut down on SIGINT/SIGTERM (the default), finishing in-flight tasks first.
  });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createGrantWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    activities: createActivities(config, { log }),
  });
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE, address: config.TEMPORAL_ADDRESS }, 'worker started');
  await worker.run();
  await connection.close();
  log.info('worker stopped');
}

main().catch((err) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
