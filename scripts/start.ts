/**
 * `npm start`: the whole system on its embedded defaults, in one terminal.
 *   The register (PostgreSQL, data in data/register, migrated at every start; docs/record.md),
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
import { API_NODE_FLAGS, WORKER_NODE_FLAGS } from '../common/nodeFlags';
import { devEnvironment, devRegisterPort, Supervisor, tokenLines, writeDevTokens } from './lib/session';
import { embeddedOidcUnlessSet } from './oidc/spawn';
import { DEV_PASSWORD, DEV_USERS } from './oidc/users';
import { startPostgres } from '../common/postgres';
import { migrate } from '../register/migrate';
import { spawnSync } from 'node:child_process';

/**
 * How long the dev server keeps a closed grant's workflow (its history): 30 days, as
 * docker-compose.yml's namespace (deploy/temporal/temporal.env). The grant's record stays in the
 * register after that; only the Temporal UI's view of its history goes (docs/record.md).
 */
export const DEV_RETENTION = '720h';

/** Where the dev server's SQLite, the caught mail and the dev secrets live (git-ignored). */
const DATA = path.resolve(process.env.GRANTFLOW_DATA_DIR ?? path.join(ROOT, 'data'));
const session = new Supervisor('start');

async function main() {
  fs.mkdirSync(DATA, { recursive: true });
  // As root, PostgreSQL runs as `postgres`, which must reach data/register inside this folder.
  if (process.getuid?.() === 0) fs.chmodSync(DATA, fs.statSync(DATA).mode | 0o711);
  const dev = devEnvironment(DATA);
  const env = dev.env;
  let config = dev.config;
  const temporalPort = Number(config.TEMPORAL_ADDRESS.split(':').pop() ?? 7233);
  const uiPort = Number(new URL(config.TEMPORAL_UI_URL).port || 8233);
  const inboxPort = Number(new URL(config.MAIL_INBOX_URL ?? 'http://localhost:1080').port || 1080);

  // The register first: the worker and the API refuse to start on an unmigrated one.
  session.log(`register (PostgreSQL, data in ${path.join(path.relative(ROOT, DATA) || '.', 'register')})`);
  const registerPg = await startPostgres({ dataDir: path.join(DATA, 'register'), port: devRegisterPort(), logFile: path.join(DATA, 'register.log') });
  registerPg.process?.on('exit', (code, signal) => session.exited('register', signal ?? code));
  session.add('register', () => registerPg.stop());
  const migrated = await migrate(env.REGISTER_MIGRATION_URL!, config.REGISTER_DATABASE_URL);
  if (migrated.applied.length) session.log(`register migrated: ${migrated.applied.join(', ')}`);

  const saArgs = Object.entries(SEARCH_ATTRIBUTE_TYPES).flatMap(([k, t]) => ['--search-attribute', `${k}=${t}`]);
  session.log(`Temporal dev server (state in ${path.join(path.relative(ROOT, DATA) || '.', 'temporal.db')})`);
  session.run('temporal', temporalCliPath(), ['server', 'start-dev', '--db-filename', path.join(DATA, 'temporal.db'), ...DEV_SERVER_SQLITE, '--ip', '127.0.0.1', '--port', String(temporalPort), '--ui-port', String(uiPort), '--log-level', 'error', ...saArgs], env, { quiet: true });
  // The workflow bundle, built while the servers start: the worker then runs without webpack in its memory.
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const bundling = config.WORKER_WORKFLOW_BUNDLE ? Promise.resolve(config.WORKER_WORKFLOW_BUNDLE) : buildWorkflowBundle(path.join(DATA, 'workflow-bundle.js'), quiet);
  session.log('mail catcher (maildev)');
  session.run('maildev', path.join(ROOT, 'node_modules', '.bin', 'maildev'), ['--smtp', String(config.SMTP_PORT), '--web', String(inboxPort), '--ip', '127.0.0.1', '--mail-directory', path.join(DATA, 'mail'), '--silent'], env, { quiet: true });
  await Promise.all([waitForPort(temporalPort, 60_000, 250), waitForPort(config.SMTP_PORT, 60_000, 250), waitForPort(inboxPort, 60_000, 250)]);

  // Retention, explicitly: the dev server's own default is 24 hours.
  const retention = spawnSync(temporalCliPath(), ['operator', 'namespace', 'update', '--address', config.TEMPORAL_ADDRESS, '--retention', DEV_RETENTION, config.TEMPORAL_NAMESPACE], { encoding: 'utf8' });
  if (retention.status !== 0) throw new Error(`could not set the namespace's retention: ${(retention.stderr || retention.stdout).trim()}`);

  // The embedded OpenID provider, unless OIDC_ISSUER points at another one (docs/signin.md).
  config = (await embeddedOidcUnlessSet(session, dev, DATA, 3001)).config;

  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  env.WORKER_WORKFLOW_BUNDLE = await bundling;
  session.run('worker', tsx, [path.join(ROOT, 'worker', 'main.ts')], { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, ...WORKER_NODE_FLAGS].filter(Boolean).join(' ') });
  session.run('api', tsx, [path.join(ROOT, 'api', 'main.ts')], { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, ...API_NODE_FLAGS].filter(Boolean).join(' ') });
  await waitForPort(config.HTTP_PORT, 60_000, 250);

  const tokens = await writeDevTokens(config, DATA);
  const agreement = await registerDevAgreement(config.PUBLIC_BASE_URL, tokens.coordinator);
  process.stdout.write(`
grantflow is running. Ctrl-C stops everything.

  API          ${config.PUBLIC_BASE_URL}            (health: ${config.PUBLIC_BASE_URL}/healthz)
  Dashboard    ${config.PUBLIC_BASE_URL}/dashboard
  Temporal UI  ${config.TEMPORAL_UI_URL}
  Mail inbox   ${config.MAIL_INBOX_URL}
  Register     ${config.REGISTER_DATABASE_URL}   (Temporal keeps closed workflows ${DEV_RETENTION}; the register keeps records)
  Sign-in      ${config.OIDC_ISSUER}   (users: ${DEV_USERS.map((u) => u.login).join(', ')}; password: ${DEV_PASSWORD})
  Agreement    ${agreement}

${tokenLines(tokens, DATA)}
`);
}

/**
 * The national agreement of 2020 (seed 004's, domain/fixtures/agreement-2020.json), registered
 * through the API as a coordinator would, so that the county-funds template has an agreement to
 * start from. Registering it again is a no-op (same id, same content); one registered under its id
 * with other content is left as it is.
 */
async function registerDevAgreement(baseUrl: string, token: string): Promise<string> {
  const agreement: unknown = JSON.parse(fs.readFileSync(path.join(ROOT, 'domain', 'fixtures', 'agreement-2020.json'), 'utf8'));
  const res = await fetch(`${baseUrl}/api/agreements`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: '2020', agreement }) });
  if (res.status === 201 || res.status === 200) return `2020 registered (the county-funds template starts from it): ${baseUrl}/api/agreements/2020`;
  return `2020 not registered (HTTP ${res.status}); register one with POST /api/agreements (docs/allocation.md)`;
}

main().catch((err) => {
  process.stderr.write(`start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  void session.stopAll(1);
});
