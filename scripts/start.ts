/**
 * `npm start`: the whole system on its embedded defaults, in one terminal.
 *   Temporal dev server (state in data/temporal.db, survives restarts; search attributes registered),
 *   maildev (SMTP + web inbox), the worker and the HTTP API. Ctrl-C stops all of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseConfig, ConfigError } from '../common/config';
import { ROOT, temporalCliPath } from '../common/tools';
import { SEARCH_ATTRIBUTE_TYPES } from '../workflows/grant/contract';
import { issueToken } from '../api/auth';
import { buildWorkflowBundle } from '../worker/bundle';
import { waitForPort } from '../common/net';
import { WORKER_NODE_FLAGS } from '../worker/createWorker';

/** Where the dev server's SQLite, the caught mail and the dev secrets live (git-ignored). */
const DATA = path.resolve(process.env.GRANTFLOW_DATA_DIR ?? path.join(ROOT, 'data'));
const children: ChildProcess[] = [];
let stopping = false;

function log(msg: string) {
  process.stdout.write(`[start] ${msg}\n`);
}

/** Secrets for development, made once and kept in data/ so links in sent mail keep working. */
function devSecrets(): { LINK_SECRET: string; AUTH_JWT_SECRET: string } {
  const file = path.join(DATA, 'dev-secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const s = { LINK_SECRET: randomBytes(32).toString('base64url'), AUTH_JWT_SECRET: randomBytes(32).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(s, null, 2), { mode: 0o600 });
  return s;
}

function run(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, quiet = false): ChildProcess {
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'], detached: true });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping everything`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
}

async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  // Stop in reverse order: API and worker first (the worker finishes its tasks), servers last.
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null || child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
        resolve();
      }, 10_000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
  log('stopped');
  process.exit(code);
}

async function main() {
  fs.mkdirSync(DATA, { recursive: true });
  const secrets = devSecrets();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LINK_SECRET: process.env.LINK_SECRET ?? secrets.LINK_SECRET,
    AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET ?? secrets.AUTH_JWT_SECRET,
    MAIL_INBOX_URL: process.env.MAIL_INBOX_URL ?? 'http://localhost:1080',
  };
  let config;
  try {
    config = parseConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
  const temporalPort = Number(config.TEMPORAL_ADDRESS.split(':').pop() ?? 7233);
  const uiPort = Number(new URL(config.TEMPORAL_UI_URL).port || 8233);
  const inboxPort = Number(new URL(config.MAIL_INBOX_URL ?? 'http://localhost:1080').port || 1080);

  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const saArgs = Object.entries(SEARCH_ATTRIBUTE_TYPES).flatMap(([k, t]) => ['--search-attribute', `${k}=${t}`]);
  log(`Temporal dev server (state in ${path.join(path.relative(ROOT, DATA) || '.', 'temporal.db')})`);
  run('temporal', temporalCliPath(), ['server', 'start-dev', '--db-filename', path.join(DATA, 'temporal.db'), '--ip', '127.0.0.1', '--port', String(temporalPort), '--ui-port', String(uiPort), '--log-level', 'error', ...saArgs], env, true);
  // The workflow bundle, built while the servers start: the worker then runs without webpack in its memory.
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const bundling = config.WORKER_WORKFLOW_BUNDLE ? Promise.resolve(config.WORKER_WORKFLOW_BUNDLE) : buildWorkflowBundle(path.join(DATA, 'workflow-bundle.js'), quiet);
  log('mail catcher (maildev)');
  run('maildev', path.join(ROOT, 'node_modules', '.bin', 'maildev'), ['--smtp', String(config.SMTP_PORT), '--web', String(inboxPort), '--ip', '127.0.0.1', '--mail-directory', path.join(DATA, 'mail'), '--silent'], env, true);
  await Promise.all([waitForPort(temporalPort, 60_000, 250), waitForPort(config.SMTP_PORT, 60_000, 250), waitForPort(inboxPort, 60_000, 250)]);

  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  env.WORKER_WORKFLOW_BUNDLE = await bundling;
  run('worker', tsx, [path.join(ROOT, 'worker', 'main.ts')], { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, ...WORKER_NODE_FLAGS].filter(Boolean).join(' ') });
  run('api', tsx, [path.join(ROOT, 'api', 'main.ts')], env);
  await waitForPort(config.HTTP_PORT, 60_000, 250);

  const coordinator = await issueToken(config, { sub: 'dev-coordinator', name: 'Elin Ring', roles: ['coordinator'], org: 'Region Jämtland Härjedalen', email: 'elin.ring@example.se' });
  const manager = await issueToken(config, { sub: 'dev-manager', name: 'Chef Psykisk Hälsa', roles: ['manager'], org: 'Region Jämtland Härjedalen' });
  const admin = await issueToken(config, { sub: 'dev-admin', name: 'Drift', roles: ['admin'], org: 'Region Jämtland Härjedalen' });
  fs.writeFileSync(path.join(DATA, 'dev-tokens.json'), JSON.stringify({ coordinator, manager, admin }, null, 2), { mode: 0o600 });
  process.stdout.write(`
grantflow is running. Ctrl-C stops everything.

  API          ${config.PUBLIC_BASE_URL}            (health: ${config.PUBLIC_BASE_URL}/healthz)
  Dashboard    ${config.PUBLIC_BASE_URL}/dashboard
  Temporal UI  ${config.TEMPORAL_UI_URL}
  Mail inbox   ${config.MAIL_INBOX_URL}

Development credentials (also in ${path.relative(process.cwd(), path.join(DATA, 'dev-tokens.json')) || 'dev-tokens.json'}; valid 30 days):
  export COORDINATOR_TOKEN=${coordinator}
  export MANAGER_TOKEN=${manager}
  export ADMIN_TOKEN=${admin}

`);
}

main().catch((err) => {
  process.stderr.write(`start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  void stopAll(1);
});
