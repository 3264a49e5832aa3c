/**
 * `npm start`: the whole system on its embedded defaults, in one terminal.
 *   Temporal dev server (state in data/temporal.db, survives restarts; search attributes registered;
 *   SQLite with a write-ahead log and synchronous=FULL: as durable as the CLI's rollback journal,
 *   faster), maildev (SMTP + web inbox), the worker and the HTTP API. Ctrl-C stops all of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEV_SERVER_SQLITE, ROOT, temporalCliPath } from '../common/tools';
import { SEARCH_ATTRIBUTE_TYPES } from '../workflows/grant/contract';
import { buildWorkflowBundle } from '../worker/bundle';
import { waitForPort } from '../common/net';
import { WORKER_NODE_FLAGS } from '../worker/createWorker';
import { devEnvironment, Supervisor, tokenLines, writeDevTokens } from './lib/session';
import { embeddedOidcUnlessSet } from './oidc/spawn';
import { DEV_PASSWORD, DEV_USERS } from './oidc/users';

/** Where the dev server's SQLite, the caught mail and the dev secrets live (git-ignored). */
const DATA = path.resolve(process.env.GRANTFLOW_DATA_DIR ?? path.join(ROOT, 'data'));
const session = new Supervisor('start');

async function main() {
  fs.mkdirSync(DATA, { recursive: true });
  const dev = devEnvironment(DATA);
  const env = dev.env;
  let config = dev.config;
  const temporalPort = Number(config.TEMPORAL_ADDRESS.split(':').pop() ?? 7233);
  const uiPort = Number(new URL(config.TEMPORAL_UI_URL).port || 8233);
  const inboxPort = Number(new URL(config.MAIL_INBOX_URL ?? 'http://localhost:1080').port || 1080);

  const saArgs = Object.entries(SEARCH_ATTRIBUTE_TYPES).flatMap(([k, t]) => ['--search-attribute', `${k}=${t}`]);
  session.log(`Temporal dev server (state in ${path.join(path.relative(ROOT, DATA) || '.', 'temporal.db')})`);
  session.run('temporal', temporalCliPath(), ['server', 'start-dev', '--db-filename', path.join(DATA, 'temporal.db'), ...DEV_SERVER_SQLITE, '--ip', '127.0.0.1', '--port', String(temporalPort), '--ui-port', String(uiPort), '--log-level', 'error', ...saArgs], env, { quiet: true });
  // The workflow bundle, built while the servers start: the worker then runs without webpack in its memory.
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const bundling = config.WORKER_WORKFLOW_BUNDLE ? Promise.resolve(config.WORKER_WORKFLOW_BUNDLE) : buildWorkflowBundle(path.join(DATA, 'workflow-bundle.js'), quiet);
  session.log('mail catcher (maildev)');
  session.run('maildev', path.join(ROOT, 'node_modules', '.bin', 'maildev'), ['--smtp', String(config.SMTP_PORT), '--web', String(inboxPort), '--ip', '127.0.0.1', '--mail-directory', path.join(DATA, 'mail'), '--silent'], env, { quiet: true });
  await Promise.all([waitForPort(temporalPort, 60_000, 250), waitForPort(config.SMTP_PORT, 60_000, 250), waitForPort(inboxPort, 60_000, 250)]);

  // The embedded OpenID provider, unless OIDC_ISSUER points at another one (docs/signin.md).
  config = (await embeddedOidcUnlessSet(session, dev, DATA, 3001)).config;

  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  env.WORKER_WORKFLOW_BUNDLE = await bundling;
  session.run('worker', tsx, [path.join(ROOT, 'worker', 'main.ts')], { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, ...WORKER_NODE_FLAGS].filter(Boolean).join(' ') });
  session.run('api', tsx, [path.join(ROOT, 'api', 'main.ts')], env);
  await waitForPort(config.HTTP_PORT, 60_000, 250);

  const tokens = await writeDevTokens(config, DATA);
  process.stdout.write(`
grantflow is running. Ctrl-C stops everything.

  API          ${config.PUBLIC_BASE_URL}            (health: ${config.PUBLIC_BASE_URL}/healthz)
  Dashboard    ${config.PUBLIC_BASE_URL}/dashboard
  Temporal UI  ${config.TEMPORAL_UI_URL}
  Mail inbox   ${config.MAIL_INBOX_URL}
  Sign-in      ${config.OIDC_ISSUER}   (users: ${DEV_USERS.map((u) => u.login).join(', ')}; password: ${DEV_PASSWORD})

${tokenLines(tokens, DATA)}
`);
}

main().catch((err) => {
  process.stderr.write(`start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  void session.stopAll(1);
});
