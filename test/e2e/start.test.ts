/**
 * `npm start`'s script, as a person runs it: it starts everything, prints URLs and tokens, Ctrl-C
 * (SIGINT) stops all of it leaving nothing listening, and starting again keeps the grants.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, temporalCliPath } from '../../common/tools';
import { freePort, listening } from '../../common/net';

jest.setTimeout(240_000);

let dataDir: string;
let ports: Record<'temporal' | 'ui' | 'smtp' | 'inbox' | 'http', number>;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantflow-start-'));
  ports = { temporal: await freePort(), ui: await freePort(), smtp: await freePort(), inbox: await freePort(), http: await freePort() };
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GRANTFLOW_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    TEMPORAL_UI_URL: `http://localhost:${ports.ui}`,
    SMTP_PORT: String(ports.smtp),
    MAIL_INBOX_URL: `http://localhost:${ports.inbox}`,
    HTTP_PORT: String(ports.http),
    HTTP_HOST: '127.0.0.1',
    PUBLIC_BASE_URL: `http://127.0.0.1:${ports.http}`,
    LOG_LEVEL: 'warn',
    // The embedded OpenID provider on a free port too.
    OIDC_DEV_PORT: String(await freePort()),
    // The register's PostgreSQL too (its data under GRANTFLOW_DATA_DIR/register).
    GRANTFLOW_REGISTER_PORT: String(await freePort()),
  };
  // As root, the register's PostgreSQL runs as `postgres`: it must reach the data folder.
  fs.chmodSync(dataDir, 0o755);
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function start(): { child: ChildProcess; output: () => string; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'start.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const t = setInterval(() => {
      if (out.includes('grantflow is running')) {
        clearInterval(t);
        resolve();
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(t);
      reject(new Error(`start exited with ${code}:\n${out}`));
    });
  });
  return { child, output: () => out, ready, exited };
}

async function stop(run: ReturnType<typeof start>) {
  run.child.kill('SIGINT');
  return run.exited;
}

it('starts everything, stops cleanly on Ctrl-C, and keeps the grants when started again', async () => {
  const first = start();
  await first.ready;
  const printed = first.output();
  expect(printed).toContain(`Temporal UI  http://localhost:${ports.ui}`);
  expect(printed).toContain(`Mail inbox   http://localhost:${ports.inbox}`);
  expect(printed).toMatch(/export COORDINATOR_TOKEN=ey/);
  // Retention is set, not left at the dev server's 24 hours; the register keeps its data under data/register.
  const described = spawnSync(temporalCliPath(), ['operator', 'namespace', 'describe', '--address', `127.0.0.1:${ports.temporal}`, 'default'], { encoding: 'utf8' });
  expect(described.stdout).toMatch(/WorkflowExecutionRetentionTtl\s+720h0m0s/);
  expect(fs.existsSync(path.join(dataDir, 'register', 'PG_VERSION'))).toBe(true);
  const tokens = JSON.parse(fs.readFileSync(path.join(dataDir, 'dev-tokens.json'), 'utf8')) as { coordinator: string; manager: string };

  const base = `http://127.0.0.1:${ports.http}`;
  const created = await fetch(`${base}/api/grants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.coordinator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ caseNumber: 'START/1/2026', title: 'Omstartstest', amountOre: 12_345_00, approver: { name: 'Anna', email: 'anna@example.se' } }),
  });
  expect(created.status).toBe(201);
  // The county-funds template has an agreement to start from: 2020's, registered through the API.
  expect(printed).toContain('Agreement    2020 registered');
  const agreement = await fetch(`${base}/api/agreements/2020/allocations/23`, { headers: { authorization: `Bearer ${tokens.manager}` } });
  expect(agreement.status).toBe(200);
  expect(((await agreement.json()) as { totalOre: number }).totalOre).toBe(1_153_715_691);
  // The dev server keeps its SQLite with a write-ahead log (common/tools.ts DEV_SERVER_SQLITE).
  expect(fs.existsSync(path.join(dataDir, 'temporal.db-wal'))).toBe(true);

  expect(await stop(first)).toBe(0);
  for (const port of Object.values(ports)) expect(await listening(port)).toBe(false);
  expect(await listening(Number(env.GRANTFLOW_REGISTER_PORT))).toBe(false);

  const second = start();
  await second.ready;
  // Registered again on the second start: the same agreement, nothing changes.
  expect(second.output()).toContain('Agreement    2020 registered');
  const tokens2 = JSON.parse(fs.readFileSync(path.join(dataDir, 'dev-tokens.json'), 'utf8')) as { manager: string };
  const got = await fetch(`${base}/api/grants/${encodeURIComponent('START/1/2026')}`, { headers: { authorization: `Bearer ${tokens2.manager}` } });
  expect(got.status).toBe(200);
  const state = (await got.json()) as { caseNumber: string; plan: { totalOre: number }; status: string };
  expect(state).toMatchObject({ caseNumber: 'START/1/2026', status: 'active', plan: { totalOre: 12_345_00 } });
  expect(await stop(second)).toBe(0);
  for (const port of Object.values(ports)) expect(await listening(port)).toBe(false);
});
