/**
 * `npm run prod`: the production topology on one machine, natively (docs/production.md).
 *   PostgreSQL (data/prod/postgres) with Temporal's persistence and visibility; the real Temporal
 *   server (built by scripts/setup.sh at the version of deploy/temporal/temporal.env), its schemas
 *   applied by its schema tool, frontend, history, matching and worker as four processes, run from
 *   deploy/temporal/ as docker-compose.yml runs it; the namespace and search attributes; the register
 *   (database `grantflow` in the same PostgreSQL, migrated by its one-shot job); maildev;
 *   two grant workers; two APIs on HTTP_PORT and HTTP_PORT + 1. Ctrl-C stops everything by pid.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../common/tools';
import { waitForPort } from '../common/net';
import { buildWorkflowBundle } from '../worker/bundle';
import { devEnvironment, Supervisor, tokenLines, writeDevTokens } from './lib/session';
import { appCommand, runRegisterMigration, startPostgresTemporal } from './lib/topology';

const DATA = path.resolve(process.env.GRANTFLOW_DATA_DIR ?? path.join(ROOT, 'data', 'prod'));
const LOGS = path.join(DATA, 'logs');
const session = new Supervisor('prod');

async function main() {
  fs.mkdirSync(LOGS, { recursive: true });
  const { env, config } = devEnvironment(DATA);
  const frontendPort = Number(config.TEMPORAL_ADDRESS.split(':').pop() ?? 7233);
  const inboxPort = Number(new URL(config.MAIL_INBOX_URL ?? 'http://localhost:1080').port || 1080);
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const bundling = config.WORKER_WORKFLOW_BUNDLE ? Promise.resolve(config.WORKER_WORKFLOW_BUNDLE) : buildWorkflowBundle(path.join(DATA, 'workflow-bundle.js'), quiet);

  session.log(`PostgreSQL (${path.relative(ROOT, path.join(DATA, 'postgres'))}) and the Temporal server, four services (logs in ${path.relative(ROOT, LOGS)})`);
  const stack = await startPostgresTemporal({ dataDir: DATA, logDir: LOGS, frontendPort, pgPort: process.env.PROD_PG_PORT ? Number(process.env.PROD_PG_PORT) : undefined, onExit: (s, code) => session.exited(`temporal ${s}`, code) });
  session.add('temporal and postgres', () => stack.stop());
  stack.pg.process?.once('exit', (code) => session.exited('postgres', code));
  env.TEMPORAL_ADDRESS = stack.temporal.address;
  session.log('the register\'s migration (one-shot, as docker compose\'s register-migrate)');
  env.REGISTER_DATABASE_URL = (await runRegisterMigration(stack.pg.port, path.join(LOGS, 'register-migrate.log'))).appUrl;
  delete env.REGISTER_MIGRATION_URL; // the owner's URL is the migration's alone

  session.log('mail catcher (maildev)');
  session.run('maildev', path.join(ROOT, 'node_modules', '.bin', 'maildev'), ['--smtp', String(config.SMTP_PORT), '--web', String(inboxPort), '--ip', '127.0.0.1', '--mail-directory', path.join(DATA, 'mail'), '--silent'], env, { quiet: true });
  await Promise.all([waitForPort(config.SMTP_PORT, 60_000, 250), waitForPort(inboxPort, 60_000, 250)]);

  env.WORKER_WORKFLOW_BUNDLE = await bundling;
  const worker = appCommand('worker');
  const api = appCommand('api');
  const apiPorts = [config.HTTP_PORT, config.HTTP_PORT + 1];
  for (const n of [1, 2]) session.run(`worker ${n}`, worker.cmd, worker.args, env, { logFile: path.join(LOGS, `worker-${n}.log`) });
  apiPorts.forEach((port, i) => session.run(`api ${i + 1}`, api.cmd, api.args, { ...env, HTTP_PORT: String(port) }, { logFile: path.join(LOGS, `api-${i + 1}.log`) }));
  await Promise.all(apiPorts.map((p) => waitForPort(p, 60_000, 250)));

  const tokens = await writeDevTokens(config, DATA);
  const host = new URL(config.PUBLIC_BASE_URL).hostname;
  process.stdout.write(`
grantflow's production topology is running. Ctrl-C stops everything.

  API 1        http://${host}:${apiPorts[0]}   (approval links in mail: ${config.PUBLIC_BASE_URL})
  API 2        http://${host}:${apiPorts[1]}
  Temporal     ${stack.temporal.address} (frontend; pids ${JSON.stringify(stack.temporal.pids())})
  PostgreSQL   postgres://postgres@127.0.0.1:${stack.pg.port}/temporal
  Register     ${env.REGISTER_DATABASE_URL}
  Mail inbox   ${config.MAIL_INBOX_URL}
  Logs         ${path.relative(process.cwd(), LOGS) || LOGS}

${tokenLines(tokens, DATA)}
`);
}

main().catch((err) => {
  process.stderr.write(`prod failed: ${err instanceof Error ? err.message : String(err)}\n`);
  void session.stopAll(1);
});
