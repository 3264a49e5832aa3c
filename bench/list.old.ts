/**
 * Issue 5: the managers' list with many grants, and the worker's memory while they are cached.
 *
 * N seed-004 grants are started through the client with the search attributes the API sets
 * (api/routes/grants.ts), spread over four organisations, two years and four title topics; they
 * wait in their first round (anchoring). The worker runs in its own process (worker/createWorker.ts,
 * default options, no-op mail activity); its resident memory is read from /proc/<pid>/status.
 *
 * Latency of a filtered list, as a manager sees it: GET /api/grants?… through the real app
 * (api/routes/manager.ts) when the app serves it; otherwise client.workflow.list with the same
 * visibility query (said so in the output). The app answers from its list snapshot
 * (api/listSnapshot.ts): the benchmark waits for the snapshot's first load before it measures, and
 * reports how long that load and an incremental refresh take. Beside it, for scale, the raw
 * visibility calls: the count and the first page of 50 (`client.workflow.list` with pageSize 50).
 *
 *   npm run bench -- list [--grants 10000 | --full] [--samples 100]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowsPath } from '../worker/createWorker';
import { GRANT_WORKFLOW_TYPE } from '../workflows/grant/contract';
import { idleWorkflow } from './workflows/minimal';
import { planProbeWorkflow } from './workflows/planProbe';
import { stockholmDate, type CalendarDate } from '../domain/dates';
import { parseArgs, runAsCommand, usage } from './lib/args';
import { startApi, type Api } from './lib/api';
import { SQLITE_OPTION, sqliteArgs, startDevServer } from './lib/devServer';
import { cpuSeconds, loadMeter, readProcMemory } from './lib/proc';
import { startWorkerProcess, type WorkerProcess } from './lib/workerProcess';
import { buildWorkflowBundle } from '../worker/bundle';
import { finish, ORGANISATIONS, seed004Raw, startGrant } from './lib/plans';
import { MiB, resultHeader, writeResult } from './lib/results';
import { fmt, pool, sleep, summarize, table, verdict, type Summary } from './lib/stats';

export const SPEC = {
  grants: { default: 2000, full: 10000, help: 'grants started (they wait in their first round)' },
  startConcurrency: { default: 32, help: 'grants started at once' },
  samples: { default: 100, help: 'requests per filter (one at a time, as one manager clicks)' },
  breakdown: { default: 200, help: 'workflows per variant in the memory breakdown (0 skips it)' },
  sqlite: SQLITE_OPTION,
};

const TARGET_P95_MS = 50;
const TARGET_RSS_MIB = 300;
const TOPICS = ['Psykisk hälsa', 'Suicidprevention', 'Ungdomsmottagning', 'Brukarmedverkan'];

function listPlan(today: CalendarDate, i: number, prefix = 'LIST') {
  const raw = seed004Raw(today);
  const org = ORGANISATIONS[i % ORGANISATIONS.length]!;
  const year = raw.year + (Math.floor(i / ORGANISATIONS.length) % 2);
  raw.caseNumber = `BENCH/${prefix.toUpperCase().replace(/[^A-Z0-9]/g, '')}/${String(i + 1).padStart(6, '0')}/${year}`;
  raw.organisation = org.organisation;
  raw.county = org.county;
  raw.year = year;
  raw.title = `${TOPICS[Math.floor(i / 8) % TOPICS.length]}: länsgemensamma medel ${year}`;
  return finish(raw, today);
}

/**
 * Waits until the worker has run at least `minTasks` workflow tasks and then none for `quietMs`:
 * every workflow has run its first tasks and waits (cached).
 */
async function settle(worker: WorkerProcess, minTasks: number, quietMs = 2000, timeoutMs = 30 * 60_000) {
  const end = Date.now() + timeoutMs;
  let last = -1;
  let since = Date.now();
  for (;;) {
    const tasks = (await worker.metrics()).temporal_workflow_task_execution_latency_count ?? 0;
    if (tasks !== last) {
      last = tasks;
      since = Date.now();
    } else if (Date.now() - since >= quietMs && tasks >= minTasks) return { tasks, mails: (await worker.stats()).counts.sendMail };
    if (Date.now() > end) throw new Error(`the worker did not settle (${tasks} workflow tasks, expected at least ${minTasks})`);
    await sleep(250);
  }
}

interface Variant {
  name: string;
  worker: Parameters<typeof startWorkerProcess>[0];
  start: (client: Client, i: number) => Promise<unknown>;
  /** Workflow tasks each workflow runs before it waits. */
  tasksEach: number;
}

/**
 * What one cached workflow costs in worker RSS, by what its bundle holds: the same number of runs
 * of an idle workflow (no imports), of an idle workflow that imports the plan schema (zod), and of
 * the grant; and the grant worker's idle RSS with webpack at start-up versus a prebuilt bundle.
 */
async function breakdown(address: string, k: number, today: CalendarDate) {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantflow-bench-bundle-'));
  try {
    const bundle = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: new DefaultLogger('WARN') });
    const bundlePath = path.join(bundleDir, 'workflows.js');
    fs.writeFileSync(bundlePath, bundle.code);
    const grant = (queue: string) => (c: Client, i: number) => startGrant(c, listPlan(today, 900_000 + i, queue), queue);
    const variants: Variant[] = [
      { name: 'idle workflow (bench/workflows/minimal.ts)', worker: { address, minimalQueue: 'mem-idle' }, start: (c, i) => c.workflow.start(idleWorkflow, { workflowId: `mem-idle-${i}`, taskQueue: 'mem-idle' }), tasksEach: 1 },
      { name: 'idle, imports the plan schema (zod)', worker: { address, probeQueue: 'mem-probe' }, start: (c, i) => c.workflow.start(planProbeWorkflow, { workflowId: `mem-probe-${i}`, taskQueue: 'mem-probe' }), tasksEach: 1 },
      { name: 'grant (webpack at start-up, as worker/main.ts)', worker: { address, grantQueue: 'mem-grant' }, start: grant('mem-grant'), tasksEach: 2 },
      { name: 'grant (prebuilt bundle)', worker: { address, grantQueue: 'mem-grant-pre', grantBundle: bundlePath }, start: grant('mem-grant-pre'), tasksEach: 2 },
    ];
    const rows = [];
    for (const v of variants) {
      const w = await startWorkerProcess(v.worker);
      try {
        await sleep(2000);
        const idle = readProcMemory(w.pid);
        const m0 = (await w.metrics()).temporal_workflow_task_execution_latency_count ?? 0;
        const cpu0 = cpuSeconds(w.pid);
        await pool(Array.from({ length: k }, (_, i) => i), 32, (i) => v.start(client, i));
        await settle(w, m0 + k * v.tasksEach);
        const cpuMsPerWorkflow = ((cpuSeconds(w.pid) - cpu0) * 1000) / k;
        await sleep(1000);
        const cached = readProcMemory(w.pid);
        rows.push({ name: v.name, workflows: k, idleRssMiB: MiB(idle.rss), cachedRssMiB: MiB(cached.rss), perWorkflowKiB: (cached.rss - idle.rss) / 1024 / k, cpuMsPerWorkflow });
      } finally {
        await w.stop();
      }
    }
    return rows;
  } finally {
    await connection.close().catch(() => undefined);
    fs.rmSync(bundleDir, { recursive: true, force: true });
  }
}

interface Filter {
  name: string;
  /** The manager API's query string. */
  search: string;
  /** The same as a visibility query (with the manager's organisation scope). */
  query: string;
}

export async function run(argv: string[]) {
  const { values: o, help, full } = parseArgs(SPEC, argv, process.env);
  if (help) {
    process.stdout.write(usage('bench/list.ts: manager list latency with many grants; worker memory while they are cached', SPEC));
    return undefined;
  }
  sqliteArgs(o.sqlite); // an unknown --sqlite is a usage error before anything starts
  process.stdout.write(`list: ${o.grants} grants${full ? ' (--full)' : ''}, ${o.samples} requests per filter\n`);
  const t0 = Date.now();
  const server = await startDevServer({ sqlite: o.sqlite });
  const grantQueue = 'bench-list-grant';
  // The worker as the image and npm start run it: a prebuilt bundle, the configured cache limit.
  const mainBundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantflow-bench-main-bundle-'));
  const mainBundle = await buildWorkflowBundle(path.join(mainBundleDir, 'workflow-bundle.js'), new DefaultLogger('WARN'));
  const worker = await startWorkerProcess({ address: server.address, grantQueue, exposeGc: true, grantBundle: mainBundle });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace });
  let api: Api | undefined;
  try {
    await sleep(2000);
    const idle = { ...readProcMemory(worker.pid), heapUsed: (await worker.stats()).memory.heapUsed };

    // ---- start the grants
    const today = stockholmDate(Date.now());
    const startLoad = loadMeter(() => [worker.pid, server.pid]);
    const s0 = performance.now();
    const plans = Array.from({ length: o.grants }, (_, i) => i);
    let started = 0;
    const progress = setInterval(() => process.stdout.write(`  started ${started}/${o.grants}\n`), 15_000);
    try {
      await pool(plans, o.startConcurrency, async (i) => {
        await startGrant(client, listPlan(today, i), grantQueue);
        started += 1;
      });
    } finally {
      clearInterval(progress);
    }
    const startSeconds = (performance.now() - s0) / 1000;
    const settled = await settle(worker, 2 * o.grants);
    const fillSeconds = (performance.now() - s0) / 1000;
    const startOthers = startLoad().othersShare;
    await sleep(1000);
    const cached = { ...readProcMemory(worker.pid), stats: await worker.stats(), cacheSize: (await worker.metrics()).temporal_sticky_cache_size ?? NaN };

    // ---- the filters (the manager's organisation is the first one)
    const org = ORGANISATIONS[0]!.organisation;
    const year = listPlan(today, 0).year;
    const scope = `WorkflowType = '${GRANT_WORKFLOW_TYPE}' AND ExecutionStatus != 'ContinuedAsNew' AND GrantOrganisation = '${org}'`;
    const filters: Filter[] = [
      { name: 'organisation (no filter)', search: '', query: scope },
      { name: `stage=anchoring&year=${year}`, search: `?stage=anchoring&year=${year}`, query: `${scope} AND GrantStage = 'anchoring' AND GrantYear = ${year}` },
      { name: `q=suicidprevention`, search: '?q=suicidprevention', query: `${scope} AND (GrantTitle = 'suicidprevention' OR GrantCaseNumber STARTS_WITH 'suicidprevention')` },
      { name: 'overdue=true', search: '?overdue=true', query: `${scope} AND GrantOverdue = true` },
    ];

    const a0 = performance.now();
    api = await startApi({ client, address: server.address, taskQueue: grantQueue });
    // The list snapshot: its first full load, then a few incremental refreshes (nothing changes meanwhile).
    const snap = api.listSnapshot;
    const snapshot = snap
      ? await (async () => {
          const loaded = await snap.whenReady(10 * 60_000);
          const loadMs = performance.now() - a0;
          const refreshes = snap.stats.incrementalRefreshes;
          const end = Date.now() + 60_000;
          while (snap.stats.incrementalRefreshes < refreshes + 3 && Date.now() < end) await sleep(100);
          return { loaded, loadMs, fullLoadMs: snap.stats.lastFullLoadMs, grants: snap.size, incrementalMs: snap.stats.lastRefreshMs, incrementalRead: snap.stats.lastRead, refreshes: snap.stats.incrementalRefreshes };
        })()
      : undefined;
    const probe = await fetch(`${api.baseUrl}/api/grants`, { headers: { authorization: `Bearer ${api.managerToken}` } });
    const viaApi = probe.status === 200;
    await probe.text();
    const mode = viaApi ? `GET /api/grants (api/routes/manager.ts through createApp${snapshot?.loaded ? ', from the list snapshot' : ''})` : `client.workflow.list with the visibility query (GET /api/grants answered ${probe.status}: no manager list route in the app)`;

    const timed = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    const firstPage = async (query: string, pageSize = 50) => {
      const items = [];
      for await (const wf of client.workflow.list({ query, pageSize })) {
        items.push(wf);
        if (items.length >= pageSize) break;
      }
      return items;
    };
    const managerList = async (f: Filter) => {
      if (!viaApi) return firstPage(f.query);
      const res = await fetch(`${api!.baseUrl}/api/grants${f.search}`, { headers: { authorization: `Bearer ${api!.managerToken}` } });
      const body = (await res.json()) as { total?: number; items?: unknown[] };
      if (res.status !== 200) throw new Error(`GET /api/grants${f.search} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      return body;
    };

    const listLoad = loadMeter(() => [worker.pid, server.pid]);
    const rows: { name: string; matches: number; manager: Summary; count: Summary; firstPage: Summary; rpcPage: Summary; total?: number }[] = [];
    const rpcPage = (query: string) => client.workflowService.listWorkflowExecutions({ namespace: server.namespace, query, pageSize: 50 });
    for (const f of filters) {
      const matches = (await client.workflow.count(f.query)).count;
      const first = await managerList(f);
      const total = viaApi ? (first as { total?: number }).total : undefined;
      for (let i = 0; i < 3; i++) await managerList(f); // warm
      const manager: number[] = [];
      const count: number[] = [];
      const page: number[] = [];
      const rpc: number[] = [];
      for (let i = 0; i < o.samples; i++) {
        manager.push(await timed(() => managerList(f)));
        count.push(await timed(() => client.workflow.count(f.query)));
        page.push(await timed(() => firstPage(f.query)));
        rpc.push(await timed(() => rpcPage(f.query)));
      }
      rows.push({ name: f.name, matches, total, manager: summarize(manager), count: summarize(count), firstPage: summarize(page), rpcPage: summarize(rpc) });
    }
    const listOthers = listLoad().othersShare;
    const afterList = readProcMemory(worker.pid);
    const gc = await worker.gc();
    const afterGc = readProcMemory(worker.pid);
    await worker.stop();
    const memory = o.breakdown > 0 ? await breakdown(server.address, o.breakdown, today) : [];

    const result = {
      ...resultHeader('list', o, t0, server.version),
      mode,
      viaApi,
      start: { seconds: startSeconds, perSecond: o.grants / startSeconds, untilSettledSeconds: fillSeconds, workflowTasks: settled.tasks, mailActivities: settled.mails, othersShare: startOthers },
      filters: rows,
      snapshot,
      listOthersShare: listOthers,
      worker: {
        maxCachedWorkflows: cached.stats.maxCachedWorkflows,
        cacheSize: cached.cacheSize,
        idle: { rssMiB: MiB(idle.rss), heapUsedMiB: MiB(idle.heapUsed) },
        cached: { rssMiB: MiB(cached.rss), hwmMiB: MiB(cached.hwm), heapUsedMiB: MiB(cached.stats.memory.heapUsed), heapTotalMiB: MiB(cached.stats.memory.heapTotal), externalMiB: MiB(cached.stats.memory.external), arrayBuffersMiB: MiB(cached.stats.memory.arrayBuffers) },
        afterList: { rssMiB: MiB(afterList.rss), hwmMiB: MiB(afterList.hwm) },
        afterGc: { rssMiB: MiB(afterGc.rss), heapUsedMiB: MiB(gc.memory.heapUsed) },
        perCachedGrantKiB: ((cached.rss - idle.rss) / 1024) / Math.max(1, Math.min(o.grants, cached.stats.maxCachedWorkflows.grant ?? o.grants)),
      },
      memoryBreakdown: memory,
      targets: { p95Ms: TARGET_P95_MS, rssMiB: TARGET_RSS_MIB },
    };
    const file = writeResult('list', result);

    const w = result.worker;
    const out: string[] = [];
    out.push(`\nManager list with ${o.grants} grants (${server.version})`);
    out.push(`started ${o.grants} grants in ${fmt(startSeconds)} s (${fmt(result.start.perSecond)}/s); all first tasks done after ${fmt(fillSeconds)} s; other processes used ${Math.round(startOthers * 100)}% of the machine meanwhile`);
    out.push(`measured: ${mode}; beside it (ms): visibility count, the first page of 50 through client.workflow.list, and the same page as a raw ListWorkflowExecutions call (no decoding)`);
    out.push(
      table(
        ['filter (manager of ' + org + ')', 'matches', 'list p50', 'list p95', 'count p50', 'page of 50 p50', 'p95', 'raw RPC page p50'],
        rows.map((r) => [r.name, r.matches, r.manager.p50, r.manager.p95, r.count.p50, r.firstPage.p50, r.firstPage.p95, r.rpcPage.p50]),
      ),
    );
    if (snapshot) {
      out.push(
        `list snapshot: first full load ${fmt(snapshot.loadMs)} ms from the app's start (the load itself ${fmt(snapshot.fullLoadMs)} ms, ${snapshot.grants} grants); ` +
          `an incremental refresh ${fmt(snapshot.incrementalMs)} ms (read ${snapshot.incrementalRead} changed grants); every ${api.config.LIST_REFRESH_SECONDS} s, a full resync every 5 min`,
      );
    }
    const worst = Math.max(...rows.map((r) => r.manager.p95));
    out.push(`list p95 (worst filter) ${fmt(worst)} ms (target ≤ ${TARGET_P95_MS}: ${verdict(worst <= TARGET_P95_MS)}); other processes used ${Math.round(listOthers * 100)}% of the machine`);
    out.push(
      `worker RSS: idle ${fmt(w.idle.rssMiB)} MiB → with grants cached ${fmt(w.cached.rssMiB)} MiB (peak ${fmt(w.cached.hwmMiB)}) (target ≤ ${TARGET_RSS_MIB}: ${verdict(w.cached.rssMiB <= TARGET_RSS_MIB)}); cache ${fmt(w.cacheSize)} runs of at most ${w.maxCachedWorkflows.grant}`,
    );
    out.push(
      `  ≈ ${fmt(w.perCachedGrantKiB)} KiB RSS per cached grant; main-thread heap ${fmt(w.cached.heapUsedMiB)} MiB used (workflows run in the SDK's workflow thread, not counted there); after a forced GC RSS ${fmt(w.afterGc.rssMiB)} MiB`,
    );
    if (memory.length) {
      out.push(`\nWorker memory per cached workflow (${o.breakdown} workflows each, a fresh worker process per line)`);
      out.push(
        table(
          ['bundle', 'idle RSS MiB', `RSS with ${o.breakdown} cached`, 'KiB per workflow', 'worker CPU ms per workflow (first tasks)'],
          memory.map((r) => [r.name, r.idleRssMiB, r.cachedRssMiB, r.perWorkflowKiB, r.cpuMsPerWorkflow]),
        ),
      );
    }
    out.push(`\nresults: ${file}\n`);
    process.stdout.write(`${out.join('\n')}\n`);
    return result;
  } finally {
    await api?.stop().catch(() => undefined);
    await connection.close().catch(() => undefined);
    await worker.stop().catch(() => undefined);
    await server.stop();
    fs.rmSync(mainBundleDir, { recursive: true, force: true });
  }
}

if (require.main === module) runAsCommand(run);
