/**
 * Issue 3, explained: what each thing a grant must do, besides its updates and activities, costs the
 * server, the worker and the driver, measured on the minimal workflow of the lifecycle benchmark.
 *
 * Variants (each the lifecycle benchmark's minimal workflow: 11 updates, 3 activities, 2 queries):
 *   minimal       as the lifecycle benchmark runs it;
 *   attributes    started with the search attributes the API gives a grant (initialSearchAttributes);
 *   upserts       4 search-attribute upserts, as a seed-004 grant makes (one per stage it reaches);
 *   timers        4 timers armed and cancelled by the next, as a grant's alarm is;
 *   payload       each activity's input padded to the size of a grant's mail batch;
 *   all           all four together: what the issue requires of a grant, without the grant's logic.
 * Blocks run in rounds, the order reversed every other round, so that a slowing server favours none.
 * Printed: CPU ms per workflow (server, worker, driver, total), each variant's extra over minimal,
 * and the ratio minimal/variant by CPU: the ceiling the lifecycle ratio has with that feature alone.
 *
 *   npx tsx bench/costs.ts [--workflows 150] [--rounds 3] [--sqlite wal|journal|fast]
 */
import { Client, Connection } from '@temporalio/client';
import { stockholmDate } from '../domain/dates';
import { initialSearchAttributes } from '../workflows/grant/contract';
import { countQuery, minimalWorkflow, pokeUpdate, type MinimalInput } from './workflows/minimal';
import { parseArgs, runAsCommand, usage } from './lib/args';
import { SQLITE_OPTION, sqliteArgs, startDevServer } from './lib/devServer';
import { cpuSeconds } from './lib/proc';
import { startWorkerProcess } from './lib/workerProcess';
import { lifecyclePlan } from './lib/plans';
import { resultHeader, writeResult } from './lib/results';
import { fmt, pool, table } from './lib/stats';

export const SPEC = {
  workflows: { default: 150, full: 300, help: 'workflows per variant and round' },
  rounds: { default: 3, help: 'rounds over all variants, the order reversed every other round' },
  concurrency: { default: 20, help: 'workflows in flight at once (as the lifecycle benchmark)' },
  activityPadding: { default: 3100, help: "bytes added to each activity's input by the payload variant (a seed-004 grant's mail batch is ≈ 3.2 KiB)" },
  sqlite: SQLITE_OPTION,
};

const SHAPE = { updates: 11, activities: 3, queries: 2 };

interface Variant {
  name: string;
  what: string;
  input: Partial<MinimalInput>;
  attributes?: boolean;
}

function variants(padding: number): Variant[] {
  return [
    { name: 'minimal', what: 'the lifecycle benchmark’s baseline', input: {} },
    { name: 'attributes', what: "started with a grant's search attributes", input: {}, attributes: true },
    { name: 'upserts', what: '+ 4 search-attribute upserts', input: { upserts: 4 } },
    { name: 'timers', what: '+ 4 timers armed and cancelled', input: { timers: 4 } },
    { name: 'payload', what: `+ ${padding} bytes in each activity's input`, input: { activityPadding: padding } },
    { name: 'all', what: 'all four: a grant without its logic', input: { upserts: 4, timers: 4, activityPadding: padding }, attributes: true },
  ];
}

type Cpu = { server: number; worker: number; driver: number };

export async function run(argv: string[]) {
  const { values: o, help, full } = parseArgs(SPEC, argv, process.env);
  if (help) {
    process.stdout.write(usage('bench/costs.ts: what a grant’s search attributes, upserts, timers and payload cost, on the minimal workflow', SPEC));
    return undefined;
  }
  sqliteArgs(o.sqlite);
  const vs = variants(o.activityPadding);
  process.stdout.write(`costs: ${vs.length} variants × ${o.rounds} rounds × ${o.workflows} workflows, ${o.concurrency} at a time${full ? ' (--full)' : ''}, sqlite ${o.sqlite}\n`);
  const t0 = Date.now();
  const server = await startDevServer({ sqlite: o.sqlite });
  const taskQueue = 'bench-costs';
  const worker = await startWorkerProcess({ address: server.address, minimalQueue: taskQueue });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace });
  const today = stockholmDate(Date.now());
  let seq = 0;
  const cpu = (): Cpu => {
    const self = process.cpuUsage();
    return { server: cpuSeconds(server.pid), worker: cpuSeconds(worker.pid), driver: (self.user + self.system) / 1e6 };
  };
  const one = async (v: Variant) => {
    const id = `costs-${v.name}-${++seq}`;
    const handle = await client.workflow.start(minimalWorkflow, {
      workflowId: id,
      taskQueue,
      args: [{ ...SHAPE, ...v.input }],
      ...(v.attributes ? { typedSearchAttributes: initialSearchAttributes(lifecyclePlan(today, `COSTS/${seq}/${today.slice(0, 4)}`, 'seed'), Date.now()) } : {}),
    });
    for (let i = 0; i < SHAPE.updates; i++) {
      // The same two queries as the lifecycle benchmark's minimal driver (before updates 0 and 5).
      if (i === 0 || i === Math.floor(SHAPE.updates / SHAPE.queries)) {
        for (let attempt = 0; ; attempt++) {
          try {
            await handle.query(countQuery);
            break;
          } catch (e) {
            if (attempt > 200) throw e;
            await new Promise((r) => setTimeout(r, 5));
          }
        }
      }
      await handle.executeUpdate(pokeUpdate, { args: ['approve'] });
    }
    await handle.result();
  };
  const block = async (v: Variant, n: number) => {
    const c0 = cpu();
    const started = performance.now();
    await pool(Array.from({ length: n }), o.concurrency, () => one(v));
    const seconds = (performance.now() - started) / 1000;
    const c1 = cpu();
    return { seconds, cpu: { server: c1.server - c0.server, worker: c1.worker - c0.worker, driver: c1.driver - c0.driver } };
  };
  const totals = new Map<string, { n: number; seconds: number; cpu: Cpu; perRound: number[] }>();
  try {
    for (const v of vs) await block(v, Math.min(20, o.workflows)); // warm-up: JIT, caches, the server's first tables
    for (let r = 0; r < o.rounds; r++) {
      for (const v of r % 2 === 0 ? vs : [...vs].reverse()) {
        const b = await block(v, o.workflows);
        const t = totals.get(v.name) ?? { n: 0, seconds: 0, cpu: { server: 0, worker: 0, driver: 0 }, perRound: [] };
        t.n += o.workflows;
        t.seconds += b.seconds;
        for (const k of ['server', 'worker', 'driver'] as const) t.cpu[k] += b.cpu[k];
        t.perRound.push(((b.cpu.server + b.cpu.worker + b.cpu.driver) * 1000) / o.workflows);
        totals.set(v.name, t);
      }
    }
  } finally {
    await connection.close().catch(() => undefined);
    await worker.stop().catch(() => undefined);
    await server.stop();
  }
  const perWorkflow = (name: string) => {
    const t = totals.get(name)!;
    const ms = (k: keyof Cpu) => (t.cpu[k] * 1000) / t.n;
    return { server: ms('server'), worker: ms('worker'), driver: ms('driver'), total: ms('server') + ms('worker') + ms('driver'), perSecond: t.n / t.seconds, perRound: t.perRound };
  };
  const base = perWorkflow('minimal');
  const rows = vs.map((v) => {
    const p = perWorkflow(v.name);
    return { name: v.name, what: v.what, ...p, extra: { server: p.server - base.server, worker: p.worker - base.worker, driver: p.driver - base.driver, total: p.total - base.total }, cpuRatio: base.total / p.total };
  });
  const result = { ...resultHeader('costs', o, t0, server.version), shape: SHAPE, variants: rows };
  const file = writeResult('costs', result);
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x)}`;
  process.stdout.write(
    `\nWhat a grant's required features cost (${server.version}; sqlite ${o.sqlite}; CPU ms per workflow)\n${table(
      ['variant', 'what', 'server', 'worker', 'driver', 'total', 'total per round', 'extra server', 'extra worker', 'extra total', 'minimal/variant', 'per second'],
      rows.map((r) => [r.name, r.what, r.server, r.worker, r.driver, r.total, r.perRound.map((x) => fmt(x)).join(' / '), signed(r.extra.server), signed(r.extra.worker), signed(r.extra.total), r.cpuRatio, r.perSecond]),
      ['l', 'l'],
    )}\n\nresults: ${file}\n`,
  );
  return result;
}

if (require.main === module) runAsCommand(run);
