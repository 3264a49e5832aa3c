/**
 * Issue 3: lifecycle throughput and history size.
 *
 * Part 1 (dev server, real time): N seed-004-shaped grants are driven through their whole
 * lifecycle (anchoring in LIFO and Fredagsgruppen in parallel, SVOM's decision, four requisitions,
 * requirements published, report submitted, closed), decisions posted through the decide Update and
 * facts through recordFact. Beside them, on the same server in the same run, N minimal workflows
 * (bench/workflows/minimal.ts) receive the same number of updates and run the same number of
 * activities, driven with the same number of queries. Both throughputs, their ratio and the history
 * events per grant are printed. Blocks run in ABBA order (grant, minimal, minimal, grant) so that a
 * server that slows as its SQLite grows does not favour either.
 *
 * Part 2 (time-skipping test server): one grant whose rounds and report each wait months, two years
 * in all, with every reminder, overdue notice and escalation firing; the events per run and whether
 * it continued as new are printed.
 *
 *   npm run bench -- lifecycle [--grants 1000 | --full] [--concurrency 25] [--deadlines seed|none]
 *   npx tsx bench/lifecycle.ts --help
 */
import { Client, Connection } from '@temporalio/client';
import { stockholmDate, type CalendarDate } from '../domain/dates';
import { countQuery, minimalWorkflow, pokeUpdate, type MinimalInput } from './workflows/minimal';
import { startLocalRegister } from '../register/local';
import { registerLag, registerReport, registerSteps } from './lib/registerLoad';
import { ArgsError, parseArgs, runAsCommand, usage } from './lib/args';
import { SQLITE_OPTION, sqliteArgs } from './lib/devServer';
import { TEMPORAL_OPTION, checkTemporalOption, processTree, startBenchServer } from './lib/server';
import { cpuSeconds, loadMeter } from './lib/proc';
import { metricsDiff, startWorkerProcess, type WorkerProcess } from './lib/workerProcess';
import { lifecyclePlan, startGrant } from './lib/plans';
import { approveRound, newCounts, openRoundOf, recordFact, waitState, type DriveCounts } from './lib/drive';
import { addCounts, historyChain } from './lib/history';
import { resultHeader, writeResult } from './lib/results';
import { fmt, pool, sleep, summarize, table, verdict } from './lib/stats';
import { twoYearPart, twoYearReport } from './lib/twoYears';

export const SPEC = {
  grants: { default: 200, full: 1000, help: 'grants driven through the lifecycle (and as many minimal workflows)' },
  concurrency: { default: 20, help: 'grants (or minimal workflows) in flight at once' },
  warmup: { default: 10, full: 50, help: 'unmeasured grants and minimal workflows first (JIT, caches, the server warming up)' },
  rounds: { default: 1, full: 4, help: 'ABBA rounds (grant, minimal, minimal, grant), the grants split evenly: more, smaller blocks spread the drift of a growing SQLite file over both sides' },
  deadlines: { default: 'seed', help: "'seed': deadlines months ahead (timers armed, then cancelled by answers); 'none': no deadlines" },
  historySample: { default: 200, help: 'measured grants whose histories are fetched and counted' },
  twoYears: { default: true, help: 'also run the two-year reminder grant on the time-skipping server (--no-two-years to skip)' },
  sqlite: SQLITE_OPTION,
  temporal: TEMPORAL_OPTION,
  workers: { default: 1, help: 'grant worker processes (1 or more; the SDK metrics are the first one\'s, CPU is all of theirs)' },
  register: { default: true, help: 'the register on a real PostgreSQL (a private cluster): grants write their records, the minimal workflow writes the same batches (--no-register: both only acknowledge)' },
  historyLimit: { default: 0, help: "the two-year grant's historyLimit input (0: the workflow's default, 10 000)" },
};

const TARGET_RATIO = 0.8;
const TARGET_EVENTS = 200;
const sum = (x: Record<string, number>) => Object.values(x).reduce((a, b) => a + b, 0);

interface GrantRun {
  id: string;
  firstRunId: string;
  ms: number;
}


// ------------------------------------------------------------------------------------------------
// Part 1

async function driveGrant(client: Client, today: CalendarDate, caseNumber: string, taskQueue: string, deadlines: 'seed' | 'none', counts: DriveCounts): Promise<GrantRun> {
  const t0 = performance.now();
  const plan = lifecyclePlan(today, caseNumber, deadlines);
  const handle = await startGrant(client, plan, taskQueue);
  const s0 = await waitState(handle, (s) => !!openRoundOf(s, 'anchoring', 'lifo') && !!openRoundOf(s, 'anchoring', 'fredagsgruppen'), counts, 'anchoring rounds');
  // Both groups are asked at once; their members answer one at a time, as the minimal workflow's
  // driver sends its updates (the same concurrency on both sides of the ratio).
  await approveRound(handle, openRoundOf(s0, 'anchoring', 'lifo')!, counts);
  await approveRound(handle, openRoundOf(s0, 'anchoring', 'fredagsgruppen')!, counts);
  const s1 = await waitState(handle, (s) => !!openRoundOf(s, 'decision'), counts, 'decision round');
  const outcome = await approveRound(handle, openRoundOf(s1, 'decision')!, counts);
  if (outcome !== 'approved') throw new Error(`${caseNumber}: decision ${outcome}`);
  for (const part of plan.parts) await recordFact(handle, { type: 'requisitioned', partId: part.id }, counts, part.requisition?.unit);
  await recordFact(handle, { type: 'requirementsPublished', reportId: 'aterredovisning', requirements: 'Redovisning enligt Socialstyrelsens mall' }, counts);
  await recordFact(handle, { type: 'reportSubmitted', reportId: 'aterredovisning' }, counts, 'Elin Ring');
  const final = await handle.result();
  if (final.status !== 'closed') throw new Error(`${caseNumber}: ended ${final.status}`);
  return { id: handle.workflowId, firstRunId: handle.firstExecutionRunId, ms: performance.now() - t0 };
}

async function driveMinimal(client: Client, id: string, taskQueue: string, shape: { updates: number; activities: number; queries: number; steps?: MinimalInput['steps'] }, counts: DriveCounts): Promise<GrantRun> {
  const t0 = performance.now();
  const handle = await client.workflow.start(minimalWorkflow, { workflowId: id, taskQueue, args: [{ updates: shape.updates, activities: shape.activities, steps: shape.steps }] });
  // The same number of queries as a grant's driver makes, spread the same way (first one at start).
  const queryAfter = new Set(Array.from({ length: shape.queries }, (_, j) => Math.floor((j * shape.updates) / Math.max(1, shape.queries))));
  const query = async () => {
    for (let attempt = 0; ; attempt++) {
      counts.queries += 1;
      try {
        return await handle.query(countQuery);
      } catch (e) {
        if (attempt > 200) throw e;
        counts.retries += 1;
        await sleep(Math.min(5 * 2 ** attempt, 200));
      }
    }
  };
  for (let i = 0; i < shape.updates; i++) {
    if (queryAfter.has(i)) await query();
    await handle.executeUpdate(pokeUpdate, { args: ['approve'] });
    counts.updates += 1;
  }
  await handle.result();
  return { id, firstRunId: handle.firstExecutionRunId, ms: performance.now() - t0 };
}

interface Block {
  kind: 'grant' | 'minimal';
  n: number;
  ms: number;
  runs: GrantRun[];
  /** CPU seconds used during the block by the worker process, the Temporal server, the register's PostgreSQL and this (driving) process. */
  cpu: { worker: number; server: number; register: number; driver: number };
  /** The worker's SDK metrics over the block. */
  metrics: Record<string, number>;
  taskNotFound: number;
  /** Share of the machine's cores used by other processes (others share this machine) during the block. */
  othersShare: number;
}

/** CPU seconds so far of the worker, the server and this process. */
type CpuProbe = () => Block['cpu'];

async function timed(kind: Block['kind'], ids: string[], concurrency: number, cpu: CpuProbe, worker: WorkerProcess, ourPids: () => number[], fn: (id: string) => Promise<GrantRun>): Promise<Block> {
  const m0 = await worker.metrics();
  const w0 = worker.warnings.taskNotFound;
  const c0 = cpu();
  const load = loadMeter(ourPids);
  const t0 = performance.now();
  const runs = await pool(ids, concurrency, fn);
  const ms = performance.now() - t0;
  const c1 = cpu();
  const { othersShare } = load();
  const metrics = metricsDiff(m0, await worker.metrics());
  return { kind, n: ids.length, ms, runs, cpu: { worker: c1.worker - c0.worker, server: c1.server - c0.server, register: c1.register - c0.register, driver: c1.driver - c0.driver }, metrics, taskNotFound: worker.warnings.taskNotFound - w0, othersShare };
}

async function throughputPart(opts: { grants: number; concurrency: number; warmup: number; rounds: number; deadlines: 'seed' | 'none'; historySample: number; sqlite: string; temporal: string; workers: number; register: boolean }) {
  const server = await startBenchServer(opts);
  const reg = opts.register ? await startLocalRegister() : undefined;
  const registerPids = () => (reg?.pg.process?.pid ? processTree(reg.pg.process.pid) : []);
  const grantQueue = 'bench-lifecycle-grant';
  const minimalQueue = 'bench-lifecycle-minimal';
  const startWorker = () => startWorkerProcess({ address: server.address, registerUrl: reg?.appUrl, grantQueue, minimalQueue });
  const worker = await startWorker();
  const more = await Promise.all(Array.from({ length: Math.max(0, opts.workers - 1) }, startWorker));
  const ourPids = () => [worker.pid, ...more.map((w) => w.pid), ...server.pids(), ...registerPids()];
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace });
  const cpu: CpuProbe = () => {
    const self = process.cpuUsage();
    return {
      worker: [worker, ...more].reduce((a, w) => a + cpuSeconds(w.pid), 0),
      server: server.cpuSeconds(),
      register: registerPids().reduce((a, p) => a + (cpuSeconds(p) || 0), 0),
      driver: (self.user + self.system) / 1e6,
    };
  };
  try {
    const today = stockholmDate(Date.now());
    const gCounts = newCounts();
    const mCounts = newCounts();
    const grantIds = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `BENCH/${prefix}/${String(i + 1).padStart(5, '0')}/${today.slice(0, 4)}`);
    const minimalIds = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `minimal:${prefix}-${i + 1}`);

    // Warm-up: JIT, bundles, sticky caches; also learns the shape the minimal workflow copies.
    const warmCounts = newCounts();
    const warm = await pool(grantIds('W', opts.warmup), opts.concurrency, (id) => driveGrant(client, today, id, grantQueue, opts.deadlines, warmCounts));
    const warmHist = await Promise.all(warm.map((r) => historyChain(client, r.id, r.firstRunId)));
    const activitiesPerGrant = warmHist.map((runs) => runs.reduce((a, r) => a + (r.byType.ACTIVITY_TASK_SCHEDULED ?? 0), 0));
    // With the register, the minimal workflow copies a warm-up grant's activities one by one (its
    // register writes and the sizes of its inputs); the worker writes the same batches.
    const steps = reg ? await registerSteps(client, warm[0]!, [worker, ...more]) : undefined;
    const shape = {
      updates: Math.round(warmCounts.updates / opts.warmup),
      activities: steps?.length ?? Math.round(activitiesPerGrant.reduce((a, b) => a + b, 0) / opts.warmup),
      queries: Math.max(1, Math.round(warmCounts.queries / opts.warmup)),
      steps,
    };
    await pool(minimalIds('W', opts.warmup), opts.concurrency, (id) => driveMinimal(client, id, minimalQueue, shape, newCounts()));

    // Measured, in ABBA rounds: grant, minimal, minimal, grant; the grants split evenly over 2 × rounds blocks.
    const nBlocks = 2 * Math.max(1, Math.min(opts.rounds, Math.floor(opts.grants / 2)));
    const sizes = Array.from({ length: nBlocks }, (_, i) => Math.floor(opts.grants / nBlocks) + (i < opts.grants % nBlocks ? 1 : 0));
    const blocks: Block[] = [];
    for (let r = 0; r < nBlocks / 2; r++) {
      const [a, b] = [sizes[2 * r]!, sizes[2 * r + 1]!];
      const tag = (x: string) => `${x}${r + 1}`;
      blocks.push(await timed('grant', grantIds(tag('A'), a), opts.concurrency, cpu, worker, ourPids, (id) => driveGrant(client, today, id, grantQueue, opts.deadlines, gCounts)));
      blocks.push(await timed('minimal', minimalIds(tag('A'), a), opts.concurrency, cpu, worker, ourPids, (id) => driveMinimal(client, id, minimalQueue, shape, mCounts)));
      blocks.push(await timed('minimal', minimalIds(tag('B'), b), opts.concurrency, cpu, worker, ourPids, (id) => driveMinimal(client, id, minimalQueue, shape, mCounts)));
      blocks.push(await timed('grant', grantIds(tag('B'), b), opts.concurrency, cpu, worker, ourPids, (id) => driveGrant(client, today, id, grantQueue, opts.deadlines, gCounts)));
    }
    // Each round's own ratio (its two grant blocks against its two minimal blocks): how much the figure moves within one run.
    const roundRatios = Array.from({ length: nBlocks / 2 }, (_, r) => {
      const bs = blocks.slice(4 * r, 4 * r + 4);
      const perSecond = (kind: Block['kind']) => bs.filter((b) => b.kind === kind).reduce((a, b) => a + b.n, 0) / (bs.filter((b) => b.kind === kind).reduce((a, b) => a + b.ms, 0) / 1000);
      return perSecond('grant') / perSecond('minimal');
    });

    const rate = (kind: Block['kind']) => {
      const bs = blocks.filter((b) => b.kind === kind);
      const n = bs.reduce((a, b) => a + b.n, 0);
      const ms = bs.reduce((a, b) => a + b.ms, 0);
      const cpuMs = (k: keyof Block['cpu']) => (bs.reduce((a, b) => a + b.cpu[k], 0) * 1000) / n;
      return {
        n,
        seconds: ms / 1000,
        perSecond: n / (ms / 1000),
        perBlock: bs.map((b) => b.n / (b.ms / 1000)),
        cpuMsPerWorkflow: { worker: cpuMs('worker'), server: cpuMs('server'), register: cpuMs('register'), driver: cpuMs('driver') },
        workerPerWorkflow: Object.fromEntries(Object.keys(bs[0]!.metrics).map((k) => [k, bs.reduce((a, b) => a + b.metrics[k]!, 0) / n])),
        taskNotFoundWarnings: bs.reduce((a, b) => a + b.taskNotFound, 0),
        othersShare: bs.map((b) => b.othersShare),
      };
    };
    const grant = rate('grant');
    const minimal = rate('minimal');

    // Histories of a sample of the measured grants (and of a few minimal workflows, for scale).
    const measured = blocks.filter((b) => b.kind === 'grant').flatMap((b) => b.runs);
    const step = Math.max(1, Math.floor(measured.length / opts.historySample));
    const sample = measured.filter((_, i) => i % step === 0).slice(0, opts.historySample);
    const chains = await pool(sample, 8, (r) => historyChain(client, r.id, r.firstRunId));
    const eventsPerGrant = chains.map((runs) => runs.reduce((a, r) => a + r.events, 0));
    const bytesPerGrant = chains.map((runs) => runs.reduce((a, r) => a + r.bytes, 0));
    const byType: Record<string, number> = {};
    const bytesByType: Record<string, number> = {};
    for (const runs of chains) for (const r of runs) addCounts(byType, r.byType);
    for (const runs of chains) for (const r of runs) addCounts(bytesByType, r.bytesByType);
    for (const k of Object.keys(byType)) byType[k] = byType[k]! / chains.length;
    for (const k of Object.keys(bytesByType)) bytesByType[k] = bytesByType[k]! / chains.length;
    const minimalRuns = blocks.filter((b) => b.kind === 'minimal').flatMap((b) => b.runs).slice(0, 20);
    const minimalChains = await pool(minimalRuns, 8, (r) => historyChain(client, r.id, r.firstRunId));
    const minimalEvents = minimalChains.map((runs) => runs.reduce((a, r) => a + r.events, 0));
    const minimalBytes = minimalChains.map((runs) => runs.reduce((a, r) => a + r.bytes, 0));
    const minimalByType: Record<string, number> = {};
    for (const runs of minimalChains) for (const r of runs) addCounts(minimalByType, r.byType);
    for (const k of Object.keys(minimalByType)) minimalByType[k] = minimalByType[k]! / minimalChains.length;
    const workerStats = await worker.stats();
    const register = reg ? await registerLag(reg.owner, measured.length) : undefined;

    return {
      server: server.version,
      grant: { ...grant, latencyMs: summarize(measured.map((r) => r.ms)), perGrant: { updates: gCounts.updates / grant.n, queries: gCounts.queries / grant.n, retries: gCounts.retries / grant.n } },
      minimal: { ...minimal, shape, perWorkflow: { updates: mCounts.updates / minimal.n, queries: mCounts.queries / minimal.n, retries: mCounts.retries / minimal.n }, eventsPerWorkflow: summarize(minimalEvents), historyBytesPerWorkflow: summarize(minimalBytes), eventsByType: minimalByType },
      ratio: grant.perSecond / minimal.perSecond,
      /** Each ABBA round's own ratio. */
      roundRatios,
      /** Load-independent: the CPU (worker + server + driver) a minimal workflow costs over what a grant costs. */
      cpuRatio: sum(minimal.cpuMsPerWorkflow) / sum(grant.cpuMsPerWorkflow),
      events: { sampled: chains.length, perGrant: summarize(eventsPerGrant), bytesPerGrant: summarize(bytesPerGrant), byType, bytesByType, continuedAsNew: chains.filter((c) => c.length > 1).length },
      workerRssMiB: worker.rss().rss / 1048576,
      workerCounts: workerStats.counts,
      register,
    };
  } finally {
    await connection.close().catch(() => undefined);
    await worker.stop().catch(() => undefined);
    for (const w of more) await w.stop().catch(() => undefined);
    await server.stop();
    await reg?.stop();
  }
}

// ------------------------------------------------------------------------------------------------

export async function run(argv: string[]) {
  const { values: o, help, full } = parseArgs(SPEC, argv, process.env);
  if (help) {
    process.stdout.write(usage('bench/lifecycle.ts: lifecycle throughput beside a minimal workflow; history per grant; two years of reminders', SPEC));
    return undefined;
  }
  sqliteArgs(o.sqlite); // an unknown --sqlite is a usage error before anything starts
  checkTemporalOption(o.temporal);
  if (o.deadlines !== 'seed' && o.deadlines !== 'none') throw new ArgsError('--deadlines is seed or none');
  process.stdout.write(`lifecycle: ${o.grants} grants and ${o.grants} minimal workflows, ${o.concurrency} at a time, deadlines ${o.deadlines}${full ? ' (--full)' : ''}\n`);
  const t0 = Date.now();
  const tp = o.grants > 0 ? await throughputPart({ grants: o.grants, concurrency: o.concurrency, warmup: o.warmup, rounds: o.rounds, deadlines: o.deadlines, historySample: o.historySample, sqlite: o.sqlite, temporal: o.temporal, workers: o.workers, register: o.register }) : undefined;
  const twoYears = o.twoYears ? await twoYearPart({ historyLimit: o.historyLimit }) : undefined;
  const result = { ...resultHeader('lifecycle', o, t0), ...tp, twoYears, targets: { ratio: TARGET_RATIO, eventsPerGrant: TARGET_EVENTS } };
  const file = writeResult('lifecycle', result);
  process.stdout.write(`${[...(tp ? throughputReport(tp, o.concurrency) : []), ...(twoYears ? twoYearReport(twoYears) : []), `\nresults: ${file}\n`].join('\n')}\n`);
  return result;
}

const pct = (xs: number[]) => xs.map((x) => `${Math.round(x * 100)}%`).join(' / ');

function throughputReport(tp: Awaited<ReturnType<typeof throughputPart>>, concurrency: number): string[] {
  const out: string[] = [];
  out.push(`\nLifecycle throughput (${tp.server}; ${concurrency} in flight; ${tp.roundRatios.length} ABBA round${tp.roundRatios.length > 1 ? 's' : ''})`);
  out.push(
    table(
      ['workflow', 'n', 'seconds', 'per second', 'blocks (per second)', 'other load', 'updates', 'activities', 'queries'],
      [
        ['grant (seed-004 shape)', tp.grant.n, tp.grant.seconds, tp.grant.perSecond, tp.grant.perBlock.map((x) => fmt(x)).join(' / '), pct(tp.grant.othersShare), tp.grant.perGrant.updates, fmt(tp.events.byType.ACTIVITY_TASK_SCHEDULED ?? 0), tp.grant.perGrant.queries],
        ['minimal', tp.minimal.n, tp.minimal.seconds, tp.minimal.perSecond, tp.minimal.perBlock.map((x) => fmt(x)).join(' / '), pct(tp.minimal.othersShare), tp.minimal.perWorkflow.updates, tp.minimal.shape.activities, tp.minimal.perWorkflow.queries],
      ],
    ),
  );
  out.push(`ratio grant/minimal: ${fmt(tp.ratio)} (target ≥ ${TARGET_RATIO}: ${verdict(tp.ratio >= TARGET_RATIO)}); by CPU cost: ${fmt(tp.cpuRatio)}${tp.roundRatios.length > 1 ? `; per ABBA round: ${tp.roundRatios.map((x) => fmt(x)).join(' / ')}` : ''}`);
  if (tp.register) out.push(...registerReport(tp.register));
  out.push(`grant end-to-end: p50 ${fmt(tp.grant.latencyMs.p50)} ms, p95 ${fmt(tp.grant.latencyMs.p95)} ms`);
  const c = (x: Block['cpu']) => `worker ${fmt(x.worker)}, server ${fmt(x.server)}, register ${fmt(x.register)}, driver ${fmt(x.driver)}`;
  out.push(`CPU ms per workflow: grant ${c(tp.grant.cpuMsPerWorkflow)}; minimal ${c(tp.minimal.cpuMsPerWorkflow)}`);
  const w = (x: Record<string, number>) =>
    `${fmt(x.workflow_task_execution_latency_count)} tasks, ${fmt(x.workflow_task_execution_latency_sum! / x.workflow_task_execution_latency_count!)} ms each, ${fmt(x.sticky_cache_miss)} cache misses, ${fmt(x.workflow_task_replay_latency_count)} replays`;
  out.push(`worker per workflow: grant ${w(tp.grant.workerPerWorkflow)}; minimal ${w(tp.minimal.workerPerWorkflow)}; "task not found" warnings: grant ${tp.grant.taskNotFoundWarnings}, minimal ${tp.minimal.taskNotFoundWarnings}`);
  const ev = tp.events.perGrant;
  out.push(`history events per grant (${tp.events.sampled} sampled): mean ${fmt(ev.mean)}, min ${ev.min}, max ${ev.max} (target ≤ ${TARGET_EVENTS}: ${verdict(ev.max <= TARGET_EVENTS)}); minimal workflow: mean ${fmt(tp.minimal.eventsPerWorkflow.mean)}`);
  out.push(
    `  by type: ${Object.entries(tp.events.byType)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')}`,
  );
  out.push(
    `history bytes per grant: mean ${fmt(tp.events.bytesPerGrant.mean / 1024)} KiB (minimal ${fmt(tp.minimal.historyBytesPerWorkflow.mean / 1024)} KiB); largest: ${Object.entries(tp.events.bytesByType)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, v]) => `${k} ${fmt(v / 1024)} KiB`)
      .join(', ')}`,
  );
  return out;
}

if (require.main === module) runAsCommand(run);
