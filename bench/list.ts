/**
 * Issue 12: the managers' list read from the register (PostgreSQL) with many grants, and the API
 * process's memory while it serves them.
 *
 * A private PostgreSQL cluster (common/postgres.ts, Debian's server) gets the register's migrations
 * (node-pg-migrate) and N generated grants (bench/lib/registerSeed.ts: one INSERT … SELECT from
 * generate_series, realistic Swedish titles, 21 regions). The API runs as in production: the
 * sources compiled with tsc (tsconfig.build.json, into a temporary folder) and `node api/main.js`
 * in its own process, connected to a Temporal dev server, so /proc/<pid>/status is the API's memory
 * alone. Each filter is requested `--samples` times, one at a time, as one person clicks,
 * through HTTP with a real JWT; as an admin (every grant) and as a manager (one region).
 * Last, the CSV export of every grant, and the API's RSS and peak RSS after it.
 *
 *   npm run bench -- list [--grants 100000] [--samples 200]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseConfig } from '../common/config';
import { issueToken } from '../api/auth';
import { ROOT } from '../common/tools';
import { freePort, waitForPort } from '../common/net';
import { startDevServer } from './lib/devServer';
import { startLocalRegister } from '../register/local';
import { seedGrants } from './lib/registerSeed';
import { parseArgs, runAsCommand, usage } from './lib/args';
import { loadMeter, readProcMemory } from './lib/proc';
import { processTree } from './lib/server';
import { API_NODE_FLAGS } from '../common/nodeFlags';
import { MiB, resultHeader, writeResult } from './lib/results';
import { fmt, summarize, table, verdict, type Summary } from './lib/stats';

export const SPEC = {
  grants: { default: 100000, help: 'grants in the register' },
  samples: { default: 200, help: 'requests per filter and principal (one at a time)' },
};

const TARGET_P95_MS = 50;
/** The issue's unit: MB (10⁶ bytes); 200 MB is 190.7 MiB. */
const TARGET_RSS_MB = 200;
const MB = (bytes: number) => bytes / 1e6;

/** The four filters (one of them a full-text search) and the default list, each as the API's query string. */
const FILTERS: { name: string; search: string }[] = [
  { name: 'no filter (default sort: next deadline)', search: '' },
  { name: 'q=brukarråd (full text, Swedish stem, prefix)', search: '?q=brukarr%C3%A5d' },
  { name: 'q=psykisk hälsa unga (three words)', search: '?q=psykisk+h%C3%A4lsa+unga&sort=-totalOre' },
  { name: 'stage=decision,requisition&year=2026&sort=-totalOre', search: '?stage=decision,requisition&year=2026&sort=-totalOre' },
  { name: 'overdue=true&deadlineBefore=2027-06-30&sort=-paidOre', search: '?overdue=true&deadlineBefore=2027-06-30&sort=-paidOre' },
  { name: 'county=23&status=active&sort=caseNumber&page=20', search: '?county=23&status=active&sort=caseNumber&page=20' },
];

/** The API compiled as the image builds it (tsc -p tsconfig.build.json), into `outDir`. */
function compile(outDir: string): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir, '--sourceMap', 'false'], { cwd: ROOT, encoding: 'utf8' });
  // A type error elsewhere still emits JavaScript (noEmitOnError is off); only a missing API stops the run.
  if (!fs.existsSync(path.join(outDir, 'api', 'main.js'))) throw new Error(`tsc did not emit api/main.js: ${r.stdout}${r.stderr}`);
  if (r.status !== 0) process.stderr.write(`tsc reported type errors (the emitted code is measured anyway):\n${r.stdout}`);
  // The start-up check reads the migrations beside the code (the image copies register/ the same way).
  fs.cpSync(path.join(ROOT, 'register', 'migrations'), path.join(outDir, 'register', 'migrations'), { recursive: true });
}

/** `node <API_NODE_FLAGS> <outDir>/api/main.js`, as the image's CMD runs it; resolves when it listens. */
async function startApiProcess(outDir: string, env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...API_NODE_FLAGS, path.join(outDir, 'api', 'main.js')], { cwd: ROOT, env: { ...process.env, ...env, NODE_PATH: path.join(ROOT, 'node_modules') }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the API process exited (${code}) before it listened`))));
  await Promise.race([waitForPort(port, 60_000), exited]);
  exited.catch(() => undefined);
  return child;
}

export async function run(argv: string[]) {
  const { values: o, help } = parseArgs(SPEC, argv, process.env);
  if (help) {
    process.stdout.write(usage('bench/list.ts: the managers\' list from the register, and the API\'s memory', SPEC));
    return undefined;
  }
  const t0 = Date.now();
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantflow-bench-build-'));
  const reg = await startLocalRegister();
  const temporal = await startDevServer({ sqlite: 'wal' });
  let api: ChildProcess | undefined;
  try {
    compile(outDir);
    const s0 = performance.now();
    await seedGrants(reg.owner, o.grants);
    const seedSeconds = (performance.now() - s0) / 1000;
    const tableMiB = MiB(Number((await reg.owner.query<{ b: string }>(`SELECT pg_total_relation_size('grants')::text AS b`)).rows[0]!.b));
    const org = (await reg.owner.query<{ organisation: string }>(`SELECT organisation FROM grants WHERE case_number = 'RS/1/2020'`)).rows[0]!.organisation;

    const port = await freePort();
    const env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      LINK_SECRET: randomBytes(32).toString('base64url'),
      AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
      REGISTER_DATABASE_URL: reg.appUrl,
      // Required in production; never reached here (the benchmark's requests carry the API's own tokens).
      OIDC_ISSUER: 'https://login.example.se/grantflow',
    };
    const config = parseConfig(env);
    api = await startApiProcess(outDir, env, port);
    const idle = readProcMemory(api.pid!);
    const tokens = {
      admin: await issueToken(config, { sub: 'bench-admin', name: 'Drift', roles: ['admin'], org }),
      manager: await issueToken(config, { sub: 'bench-manager', name: 'Chef Psykisk Hälsa', roles: ['manager'], org }),
    };
    const get = async (pathAndQuery: string, token: string) => {
      const t = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.text();
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`GET ${pathAndQuery} answered ${res.status}: ${body.slice(0, 300)}`);
      return { ms, body, total: Number(res.headers.get('x-total-count') ?? NaN) };
    };

    // PostgreSQL's backends are its children: ours, not others' load.
    const load = loadMeter(() => [api!.pid!, ...(reg.pg.process?.pid ? processTree(reg.pg.process.pid) : [])]);
    const rows: { name: string; who: string; total: number; latency: Summary }[] = [];
    for (const who of ['admin', 'manager'] as const) {
      for (const f of FILTERS) {
        const first = await get(`/api/grants${f.search}`, tokens[who]);
        for (let i = 0; i < 5; i++) await get(`/api/grants${f.search}`, tokens[who]);
        const ms: number[] = [];
        for (let i = 0; i < o.samples; i++) ms.push((await get(`/api/grants${f.search}`, tokens[who])).ms);
        rows.push({ name: f.name, who, total: first.total, latency: summarize(ms) });
      }
    }
    const listLoad = load();
    const afterList = readProcMemory(api.pid!);

    const c0 = performance.now();
    const csv = await get('/api/grants.csv', tokens.admin);
    const csvSeconds = (performance.now() - c0) / 1000;
    const csvLines = csv.body.split('\r\n').length - 2;
    const afterCsv = readProcMemory(api.pid!);
    const uptime = fs.readFileSync('/proc/loadavg', 'utf8').trim();

    const result = {
      ...resultHeader('list', o, t0),
      seed: { seconds: seedSeconds, tableMiB },
      filters: rows,
      listLoad,
      csv: { seconds: csvSeconds, rows: csvLines, bytes: csv.body.length },
      api: {
        idle: { rssMiB: MiB(idle.rss) },
        afterList: { rssMiB: MiB(afterList.rss), hwmMiB: MiB(afterList.hwm) },
        afterCsv: { rssMiB: MiB(afterCsv.rss), hwmMiB: MiB(afterCsv.hwm) },
      },
      loadavg: uptime,
      targets: { p95Ms: TARGET_P95_MS, rssMB: TARGET_RSS_MB },
    };
    const file = writeResult('list', result);
    const worst = Math.max(...rows.map((r) => r.latency.p95));
    const out: string[] = [];
    out.push(`\nManagers' list from the register: ${o.grants} grants (seeded in ${fmt(seedSeconds)} s; table and indexes ${fmt(tableMiB)} MiB), ${o.samples} requests per row, ${os.cpus().length} cores`);
    out.push(table(['filter', 'who', 'matches', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], rows.map((r) => [r.name, r.who === 'admin' ? 'admin (all)' : `manager (${org})`, r.total, r.latency.p50, r.latency.p95, r.latency.p99, r.latency.max])));
    out.push(`list p95 (worst filter) ${fmt(worst)} ms (target ≤ ${TARGET_P95_MS}: ${verdict(worst <= TARGET_P95_MS)}); other processes used ${Math.round(listLoad.othersShare * 100)}% of the machine, load average ${fmt(listLoad.loadavg)}`);
    out.push(`CSV export of every grant: ${csvLines} rows, ${fmt(csv.body.length / 1048576)} MiB in ${fmt(csvSeconds)} s`);
    out.push(
      `API RSS: idle ${fmt(result.api.idle.rssMiB)} MiB, after the lists ${fmt(result.api.afterList.rssMiB)} MiB, after the export ${fmt(result.api.afterCsv.rssMiB)} MiB (peak ${fmt(result.api.afterCsv.hwmMiB)} MiB = ${fmt(MB(afterCsv.hwm))} MB; target ≤ ${TARGET_RSS_MB} MB: ${verdict(MB(afterCsv.hwm) <= TARGET_RSS_MB)})`,
    );
    out.push(`/proc/loadavg at the end: ${uptime}`);
    out.push(`\nresults: ${file}\n`);
    process.stdout.write(`${out.join('\n')}\n`);
    return result;
  } finally {
    if (api && api.exitCode === null) {
      const gone = new Promise((r) => api!.once('exit', r));
      api.kill('SIGTERM');
      await gone;
    }
    await temporal.stop();
    await reg.stop();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

if (require.main === module) runAsCommand(run);
