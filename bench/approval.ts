/**
 * Issue 4: the approval POST round trip beside a bare Update.
 *
 * The POST goes through the real express app (createApp) with a real Client: link check,
 * form-token check, the form, the decide Update (with its validator), and the page rendered from
 * the Update's receipt (the state is read only to explain a refusal). The baseline is a bare no-op Update (no validator, no state) on a trivial workflow
 * (bench/workflows/minimal.ts). Same server, same worker process, same run, same concurrency.
 *
 * Two layouts, each with `approvers` concurrent approvers (default 50), each approver with a seat of
 * their own (links signed with common/links.ts signLink from the nonces in the state, as the mail
 * activity signs them):
 *   spread: one grant per approver, whose decision group has `seats` members; each approver
 *     answers their grant's seats one after the other. Baseline: one trivial workflow per caller.
 *   group:  one grant whose decision group has `approvers` members, all answering at once (a board
 *     after its meeting); repeated for `groupRounds` grants. Baseline: `approvers` concurrent
 *     Updates on one trivial workflow.
 * Measured in ABBA order (bare, POST, POST, bare) so drift does not favour either.
 *
 * A grant's decision is also written to the register (issue 12: one recordGrant activity after the
 * Update, PostgreSQL with --register, the default). The spread layout therefore has a second
 * baseline, measured in the same ABBA blocks: the bare Update made as durable (recordingWorkflow,
 * one `record` activity after each Update writing a grant's batch through the same writer).
 *
 *   npm run bench -- approval [--approvers 50] [--seats 10] [--group-rounds 6] [--temporal dev|postgres]
 */
import { Client, Connection } from '@temporalio/client';
import { formToken, signLink } from '../common/links';
import { stockholmDate } from '../domain/dates';
import { decideUpdate, stateQuery, type GrantState } from '../workflows/grant/contract';
import { idleWorkflow, noopUpdate, recordingWorkflow } from './workflows/minimal';
import { startLocalRegister } from '../register/local';
import { activitySteps } from './lib/history';
import { processTree } from './lib/server';
import { parseArgs, runAsCommand, usage } from './lib/args';
import { startApi, type Api } from './lib/api';
import { SQLITE_OPTION, sqliteArgs } from './lib/devServer';
import { TEMPORAL_OPTION, checkTemporalOption, startBenchServer } from './lib/server';
import { cpuSeconds, loadMeter } from './lib/proc';
import { startWorkerProcess } from './lib/workerProcess';
import { decisionPlan, startGrant } from './lib/plans';
import { newCounts, openRoundOf, waitState } from './lib/drive';
import { resultHeader, writeResult } from './lib/results';
import { fmt, pool, summarize, table, verdict, type Summary } from './lib/stats';

export const SPEC = {
  approvers: { default: 50, help: 'concurrent approvers' },
  seats: { default: 10, help: 'seats per approver in the spread layout (samples = approvers × seats)' },
  groupRounds: { default: 6, help: 'grants in the group layout, each answered by every approver at once' },
  logLevel: { default: 'info', help: "the API's request log level (written to /dev/null); 'silent' leaves logging out" },
  sqlite: SQLITE_OPTION,
  temporal: TEMPORAL_OPTION,
  register: { default: true, help: 'the register on a real PostgreSQL (a private cluster), written by the worker (--no-register: its activities only acknowledge)' },
};

const TARGET_P50_RATIO = 1.2;
const TARGET_P99_MS = 150;

interface Link {
  workflowId: string;
  url: string;
  form: string;
}

function linksOf(api: Api, s: GrantState): Link[] {
  const round = openRoundOf(s, 'decision')!;
  const e = Math.floor(Date.now() / 1000) + 60 * 86400;
  return round.seats.map((seat) => {
    const token = signLink(api.config.LINK_SECRET, { w: s.workflowId, r: round.id, m: seat.memberId, n: seat.nonce, e });
    return { workflowId: s.workflowId, url: `${api.baseUrl}/a/${token}`, form: formToken(api.config.LINK_SECRET, token) };
  });
}

const statuses: Record<string, number> = {};
/** What the page said when a POST was not answered 200 (first few, as text). */
const failures: string[] = [];

function pageMessage(html: string): string {
  const main = /<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? html;
  return main.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
}

async function post(api: Api, link: Link): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(link.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: api.baseUrl, 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ form: link.form, action: 'approve' }).toString(),
  });
  const body = await res.text();
  const ms = performance.now() - t0;
  statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  if (res.status !== 200 && failures.length < 10) failures.push(`${res.status}: ${pageMessage(body)}`);
  return ms;
}

async function timedUpdate(handle: ReturnType<Client['workflow']['getHandle']>): Promise<number> {
  const t0 = performance.now();
  await handle.executeUpdate(noopUpdate);
  return performance.now() - t0;
}

export async function run(argv: string[]) {
  const { values: o, help } = parseArgs(SPEC, argv, process.env);
  if (help) {
    process.stdout.write(usage('bench/approval.ts: approval POST round trip beside a bare Update', SPEC));
    return undefined;
  }
  sqliteArgs(o.sqlite); // an unknown --sqlite is a usage error before anything starts
  checkTemporalOption(o.temporal);
  const A = o.approvers;
  process.stdout.write(`approval: ${A} concurrent approvers; spread ${A}×${o.seats} seats, group ${o.groupRounds}×${A} seats\n`);
  const t0 = Date.now();
  const server = await startBenchServer(o);
  const reg = o.register ? await startLocalRegister() : undefined;
  const registerPids = () => (reg?.pg.process?.pid ? processTree(reg.pg.process.pid) : []);
  const grantQueue = 'bench-approval-grant';
  const minimalQueue = 'bench-approval-minimal';
  const worker = await startWorkerProcess({ address: server.address, registerUrl: reg?.appUrl, grantQueue, minimalQueue });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace });
  const api = await startApi({ client, address: server.address, taskQueue: grantQueue, logLevel: o.logLevel });
  const cpu = () => ({ worker: cpuSeconds(worker.pid), server: server.cpuSeconds(), register: registerPids().reduce((a, p) => a + (cpuSeconds(p) || 0), 0), api: process.cpuUsage() });
  const cpuZero = () => ({ worker: 0, server: 0, register: 0, api: 0 });
  try {
    const today = stockholmDate(Date.now());
    const year = today.slice(0, 4);
    const counts = newCounts();
    const ready = async (caseNumber: string, members: number) => {
      const h = await startGrant(client, decisionPlan(today, caseNumber, members), grantQueue);
      return waitState(h, (s) => !!openRoundOf(s, 'decision'), counts, 'decision round');
    };

    // ---- set-up (not measured)
    const spreadStates = await pool(Array.from({ length: A }, (_, i) => `BENCH/AP/S${i + 1}/${year}`), 10, (c) => ready(c, o.seats));
    const spreadLinks = spreadStates.map((s) => linksOf(api, s));
    const groupStates = await pool(Array.from({ length: o.groupRounds }, (_, i) => `BENCH/AP/G${i + 1}/${year}`), 10, (c) => ready(c, A));
    const groupLinks = groupStates.map((s) => linksOf(api, s));
    const aloneStates = await pool(Array.from({ length: Math.max(1, Math.ceil(o.groupRounds / 3)) }, (_, i) => `BENCH/AP/D${i + 1}/${year}`), 10, (c) => ready(c, A));
    const idle = await Promise.all(Array.from({ length: A }, (_, i) => client.workflow.start(idleWorkflow, { workflowId: `idle:spread-${i + 1}`, taskQueue: minimalQueue })));
    const idleGroup = await Promise.all(Array.from({ length: o.groupRounds }, (_, i) => client.workflow.start(idleWorkflow, { workflowId: `idle:group-${i + 1}`, taskQueue: minimalQueue })));

    // ---- warm-up (not measured): one grant answered through the app, some bare Updates, some queries
    const warm = await ready(`BENCH/AP/W/${year}`, Math.max(A, 10));
    await pool(linksOf(api, warm), A, (l) => post(api, l));
    await pool(idle, A, async (h) => {
      for (let i = 0; i < 3; i++) await timedUpdate(h);
    });
    // The durable baseline writes the warm-up grant's register batches, in its order.
    const warmRun = (await client.workflow.getHandle(warm.workflowId).describe()).runId;
    const steps = (await activitySteps(client, warm.workflowId, warmRun)).filter((x) => x.type === 'recordGrant');
    await worker.templates(steps.map((x) => x.input));
    const durable = await Promise.all(Array.from({ length: A }, (_, i) => client.workflow.start(recordingWorkflow, { workflowId: `recording:spread-${i + 1}`, taskQueue: minimalQueue, args: [{ bytes: steps.map((x) => x.bytes) }] })));
    await pool(durable, A, (h) => timedUpdate(h));
    for (const k of Object.keys(statuses)) delete statuses[k];
    const load = loadMeter(() => [worker.pid, ...server.pids(), ...registerPids()]);
    const warnings0 = worker.warnings.taskNotFound;

    // ---- spread: ABBA over the halves of each approver's seats
    const halves = [Math.ceil(o.seats / 2), o.seats];
    const spread = { bare: [] as number[], durable: [] as number[], post: [] as number[], cpu: { bare: 0, durable: 0, post: 0 }, cpuParts: { bare: cpuZero(), durable: cpuZero(), post: cpuZero() }, seconds: { bare: 0, durable: 0, post: 0 } };
    const measure = async (kind: 'bare' | 'durable' | 'post', fn: () => Promise<number[]>) => {
      const c0 = cpu();
      const w0 = performance.now();
      const samples = await fn();
      spread.seconds[kind] += (performance.now() - w0) / 1000;
      const c1 = cpu();
      const parts = { worker: c1.worker - c0.worker, server: c1.server - c0.server, register: c1.register - c0.register, api: (c1.api.user + c1.api.system - c0.api.user - c0.api.system) / 1e6 };
      spread.cpu[kind] += parts.worker + parts.server + parts.register + parts.api;
      for (const [k, v] of Object.entries(parts)) spread.cpuParts[kind][k as keyof typeof parts] += v;
      spread[kind].push(...samples);
    };
    const updates = (kind: 'bare' | 'durable', handles: typeof idle) => (from: number, to: number) => measure(kind, async () => (await pool(handles, A, async (h) => {
      const out: number[] = [];
      for (let i = from; i < to; i++) out.push(await timedUpdate(h));
      return out;
    })).flat());
    const spreadBare = updates('bare', idle);
    const spreadDurable = updates('durable', durable);
    const spreadPost = (from: number, to: number) => measure('post', async () => (await pool(spreadLinks, A, async (links) => {
      const out: number[] = [];
      for (const l of links.slice(from, to)) out.push(await post(api, l));
      return out;
    })).flat());
    await spreadBare(0, halves[0]!);
    await spreadDurable(1, 1 + halves[0]!);
    await spreadPost(0, halves[0]!);
    await spreadPost(halves[0]!, halves[1]!);
    await spreadDurable(1 + halves[0]!, 1 + halves[1]!);
    await spreadBare(halves[0]!, halves[1]!);

    // ---- group: every approver at once on one grant; ABBA over the rounds
    const group = { bare: [] as number[], post: [] as number[] };
    const groupBare = async (i: number) => group.bare.push(...(await pool(Array.from({ length: A }), A, () => timedUpdate(idleGroup[i]!))));
    const groupPost = async (i: number) => group.post.push(...(await pool(groupLinks[i]!, A, (l) => post(api, l))));
    const R = o.groupRounds;
    const order: ('bare' | 'post')[] = Array.from({ length: R * 2 }, (_, k) => (['bare', 'post', 'post', 'bare'] as const)[k % 4]!);
    const next = { bare: 0, post: 0 };
    for (const kind of order) {
      const i = next[kind]++;
      if (i >= R) continue;
      if (kind === 'bare') await groupBare(i);
      else await groupPost(i);
    }

    const { othersShare } = load();
    const taskNotFound = worker.warnings.taskNotFound - warnings0;

    // ---- for the explanation: the parts of a POST, measured alone at the same concurrency
    const timedQuery = async (id: string) => {
      const t = performance.now();
      await client.workflow.getHandle(id).query(stateQuery);
      return performance.now() - t;
    };
    const queryAlone = (await pool(spreadStates, A, async (s) => {
      const out: number[] = [];
      for (let i = 0; i < 4; i++) out.push(await timedQuery(s.workflowId));
      return out;
    })).flat();
    const groupQueryAlone: number[] = [];
    for (const s of groupStates) groupQueryAlone.push(...(await pool(Array.from({ length: A }), A, () => timedQuery(s.workflowId))));
    const groupDecideAlone: number[] = [];
    for (const s of aloneStates) {
      const h = client.workflow.getHandle(s.workflowId);
      const round = openRoundOf(s, 'decision')!;
      groupDecideAlone.push(
        ...(await pool(round.seats, A, async (seat) => {
          const t = performance.now();
          await h.executeUpdate(decideUpdate, { args: [{ roundId: round.id, memberId: seat.memberId, nonce: seat.nonce, action: 'approve' }] });
          return performance.now() - t;
        })),
      );
    }
    const stateBytes = JSON.stringify(spreadStates[0]).length;
    const pageRes = await fetch(spreadLinks[0]![0]!.url);
    const pageBytes = (await pageRes.text()).length;

    const s = {
      spread: {
        bare: summarize(spread.bare),
        durable: summarize(spread.durable),
        post: summarize(spread.post),
        cpuMsPerRequest: { bare: (spread.cpu.bare * 1000) / spread.bare.length, durable: (spread.cpu.durable * 1000) / spread.durable.length, post: (spread.cpu.post * 1000) / spread.post.length },
        cpuMsPerRequestByProcess: Object.fromEntries((['bare', 'durable', 'post'] as const).map((k) => [k, Object.fromEntries(Object.entries(spread.cpuParts[k]).map(([p, v]) => [p, (v * 1000) / spread[k].length]))])),
        perSecond: { bare: spread.bare.length / spread.seconds.bare, durable: spread.durable.length / spread.seconds.durable, post: spread.post.length / spread.seconds.post },
      },
      group: { bare: summarize(group.bare), post: summarize(group.post) },
      stateQueryAlone: summarize(queryAlone),
      groupStateQueryAlone: summarize(groupQueryAlone),
      groupDecideAlone: summarize(groupDecideAlone),
    };
    const ratio = (x: { bare: Summary; post: Summary }) => ({ p50: x.post.p50 / x.bare.p50, p99: x.post.p99 / x.bare.p99 });
    const result = {
      ...resultHeader('approval', o, t0, server.version),
      ...s,
      ratios: { spread: ratio(s.spread), spreadDurable: ratio({ bare: s.spread.durable, post: s.spread.post }), group: ratio(s.group) },
      statuses,
      failures,
      othersShare,
      taskNotFoundWarnings: taskNotFound,
      stateBytes,
      pageBytes,
      targets: { p50Ratio: TARGET_P50_RATIO, p99Ms: TARGET_P99_MS },
    };
    const file = writeResult('approval', result);

    const out: string[] = [];
    out.push(`\nApproval round trip (${server.version}; ${A} concurrent approvers; ms)`);
    const row = (name: string, x: Summary) => [name, x.n, x.p50, x.p95, x.p99, x.max];
    out.push(
      table(
        ['', 'n', 'p50', 'p95', 'p99', 'max'],
        [
          row('spread: bare Update', s.spread.bare),
          row('spread: bare Update + register write', s.spread.durable),
          row('spread: approval POST', s.spread.post),
          row('group: bare Update', s.group.bare),
          row('group: approval POST', s.group.post),
          row('spread: state query alone', s.stateQueryAlone),
          row('group: state query alone', s.groupStateQueryAlone),
          row('group: decide Update alone', s.groupDecideAlone),
        ],
      ),
    );
    for (const [name, r, x] of [['spread', result.ratios.spread, s.spread], ['group', result.ratios.group, s.group]] as const) {
      out.push(
        `${name}: p50 ratio POST/bare ${fmt(r.p50)} (target ≤ ${TARGET_P50_RATIO}: ${verdict(r.p50 <= TARGET_P50_RATIO)}); POST p99 ${fmt(x.post.p99)} ms (target ≤ ${TARGET_P99_MS}: ${verdict(x.post.p99 <= TARGET_P99_MS)})`,
      );
    }
    out.push(`spread: p50 ratio POST / (bare Update + register write) ${fmt(result.ratios.spreadDurable.p50)}: the POST against a baseline as durable as a decision`);
    out.push(
      `spread throughput: bare ${fmt(s.spread.perSecond.bare)}/s, with register write ${fmt(s.spread.perSecond.durable)}/s, POST ${fmt(s.spread.perSecond.post)}/s; CPU ms per request (worker+server${reg ? '+register' : ''}+API): bare ${fmt(s.spread.cpuMsPerRequest.bare)}, with register write ${fmt(s.spread.cpuMsPerRequest.durable)}, POST ${fmt(s.spread.cpuMsPerRequest.post)}`,
    );
    const byProcess = (k: 'bare' | 'durable' | 'post') => Object.entries(s.spread.cpuMsPerRequestByProcess[k]!).map(([p, v]) => `${p} ${fmt(v)}`).join(', ');
    out.push(`  by process (ms per request): bare ${byProcess('bare')}; with register write ${byProcess('durable')}; POST ${byProcess('post')} (the API's column is this process: the app and the driver)`);
    out.push(`state ${fmt(stateBytes / 1024)} KiB as JSON (read by the GET page; a successful POST reads none); page ${fmt(pageBytes / 1024)} KiB; statuses ${JSON.stringify(statuses)}`);
    for (const f of failures) out.push(`  not 200: ${f}`);
    out.push(`other processes used ${Math.round(othersShare * 100)}% of the machine during the measurements; "workflow task not found" warnings from the worker: ${taskNotFound}`);
    out.push(`\nresults: ${file}\n`);
    process.stdout.write(`${out.join('\n')}\n`);
    return result;
  } finally {
    await api.stop().catch(() => undefined);
    await connection.close().catch(() => undefined);
    await worker.stop().catch(() => undefined);
    await server.stop();
    await reg?.stop();
  }
}

if (require.main === module) runAsCommand(run);
