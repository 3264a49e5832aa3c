/** The API process. */
import { Client, Connection } from '@temporalio/client';
import { loadConfigOrExit } from '../common/config';
import { createLogger } from '../common/logger';
import { createApp } from './app';
import { serve } from './serve';
import { createRegisterPool } from '../register/pool';
import { checkRegister, RegisterNotReadyError } from '../register/migrate';

async function main() {
  const config = loadConfigOrExit();
  const log = createLogger('grantflow-api', config.LOG_LEVEL);
  const register = createRegisterPool(config.REGISTER_DATABASE_URL, { max: config.REGISTER_POOL_MAX, applicationName: 'grantflow-api', log });
  try {
    await checkRegister(register, config.REGISTER_DATABASE_URL);
  } catch (err) {
    if (!(err instanceof RegisterNotReadyError)) throw err;
    process.stderr.write(`api refused to start: ${err.message}\n`);
    process.exit(78);
  }
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const app = createApp({ config, client, log, register });
  const api = await serve(app, { port: config.HTTP_PORT, host: config.HTTP_HOST });
  log.info({ port: api.port, host: config.HTTP_HOST }, 'api listening');
  const stop = () => {
    log.info('api stopping');
    void api
      .stop({ graceMs: 4000 })
      .then(() => connection.close())
      .then(() => register.end())
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
