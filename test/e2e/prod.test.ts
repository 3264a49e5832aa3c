/**
 * `npm run prod`'s script, as a person runs it: it starts the production topology (PostgreSQL, the
 * Temporal server's four services, maildev, two workers, two APIs), a grant started on one API is
 * read on the other, and Ctrl-C (SIGINT) stops every process it started, leaving nothing listening.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../common/tools';
import { freePort, listening } from '../../common/net';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('starts the topology, serves one grant on both APIs, and stops every process on Ctrl-C', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantflow-prod-'));
  fs.chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user when root
  const ports = { temporal: await freePort(), smtp: await freePort(), inbox: await freePort(), http: await freePort() };
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GRANTFLOW_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    SMTP_PORT: String(ports.smtp),
    MAIL_INBOX_URL: `http://127.0.0.1:${ports.inbox}`,
    HTTP_PORT: String(ports.http),
    HTTP_HOST: '127.0.0.1',
    PUBLIC_BASE_URL: `http://127.0.0.1:${ports.http}`,
    LOG_LEVEL: 'warn',
  };
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'prod.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => out.includes('production topology is running') && (clearInterval(t), resolve()), 100);
      void exited.then((code) => (clearInterval(t), reject(new Error(`prod exited with ${code}:\n${out}`))));
    });
    const pids = Object.values(JSON.parse(/pids (\{[^}]*\})/.exec(out)![1]!) as Record<string, number>);
    expect(pids).toHaveLength(4);
    const pgPort = Number(/postgres:\/\/postgres@127\.0\.0\.1:(\d+)\//.exec(out)![1]);
    const tokens = JSON.parse(fs.readFileSync(path.join(dataDir, 'dev-tokens.json'), 'utf8')) as { coordinator: string; manager: string };
    const caseNumber = `PROD/1/${new Date().getFullYear()}`;
    const created = await fetch(`http://127.0.0.1:${ports.http}/api/grants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.coordinator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ caseNumber, title: 'Projekt: Produktion', amountOre: 100_00, approver: { name: 'Anna', email: 'anna@example.se' } }),
    });
    expect(created.status).toBe(201);
    const onOther = await fetch(`http://127.0.0.1:${ports.http + 1}/api/grants/${encodeURIComponent(caseNumber)}`, { headers: { authorization: `Bearer ${tokens.manager}` } });
    expect(onOther.status).toBe(200);
    // The register: its migration ran as a one-shot job, and the grant's record is there, verified.
    expect(out).toContain('the register\'s migration');
    expect(out).toMatch(/Register {5}postgres:\/\/grantflow_app@127\.0\.0\.1:\d+\/grantflow/);
    expect(fs.readFileSync(path.join(dataDir, 'logs', 'register-migrate.log'), 'utf8')).toMatch(/applied .*1764680000000_register/);
    const manager = { authorization: `Bearer ${tokens.manager}` };
    const recorded = async () => (await fetch(`http://127.0.0.1:${ports.http + 1}/api/grants/${encodeURIComponent(caseNumber)}/record/verify`, { headers: manager })).status;
    for (let i = 0; i < 100 && (await recorded()) !== 200; i++) await new Promise((r) => setTimeout(r, 200));
    const verified = await fetch(`http://127.0.0.1:${ports.http}/api/grants/${encodeURIComponent(caseNumber)}/record/verify`, { headers: manager });
    expect(await verified.json()).toMatchObject({ ok: true });

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const port of [...Object.values(ports), ports.http + 1, pgPort]) expect([port, await listening(port)]).toEqual([port, false]);
    expect(pids.filter(alive)).toEqual([]);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 240_000);
