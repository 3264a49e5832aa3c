/**
 * `npm run bench`: runs the benchmarks one after the other, each in its own process with its own
 * Temporal dev server, then prints a summary of their figures (never a pass/fail exit code: the
 * figures are read, not asserted). Figures are written to bench/results/ (git-ignored).
 *
 *   npm run bench                          all three with their defaults (a few minutes each)
 *   npm run bench -- --full                all three at the issues' target sizes
 *   npm run bench -- list                  one (or several: lifecycle approval list)
 *   npm run bench -- list --grants 10000   one, with its own options (see npx tsx bench/list.ts --help)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../common/tools';
import { readLatest, writeResult, context } from './lib/results';
import { fmt, table, verdict } from './lib/stats';

const BENCHES = ['lifecycle', 'approval', 'list'] as const;
type Name = (typeof BENCHES)[number];

function runChild(name: Name, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', `${name}.ts`), ...args], { cwd: ROOT, stdio: 'inherit' });
    const forward = (sig: NodeJS.Signals) => () => child.pid && child.kill(sig);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    child.once('exit', (code) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? 1);
    });
  });
}

type Row = [string, string, string, string, string];

/* eslint-disable @typescript-eslint/no-explicit-any -- reads the JSON the benchmarks wrote */
function summaryRows(name: Name, r: any): Row[] {
  if (name === 'lifecycle') {
    const rows: Row[] = [];
    if (r.grant) {
      rows.push(['lifecycle', `grant throughput (${r.grant.n} grants)`, `${fmt(r.grant.perSecond)}/s`, '', '']);
      rows.push(['lifecycle', 'minimal workflow throughput', `${fmt(r.minimal.perSecond)}/s`, '', '']);
      rows.push(['lifecycle', 'ratio grant/minimal', fmt(r.ratio), '≥ 0.8', verdict(r.ratio >= 0.8)]);
      rows.push(['lifecycle', 'ratio by CPU cost', fmt(r.cpuRatio), '', '']);
      rows.push(['lifecycle', 'history events per grant (max)', `${fmt(r.events.perGrant.mean)} (${r.events.perGrant.max})`, '≤ 200', verdict(r.events.perGrant.max <= 200)]);
    }
    for (const t of r.twoYears ?? []) {
      rows.push(['lifecycle', `two years, ${t.schedules.split(':')[0]} reminders: events, runs`, `${t.eventsTotal}, ${t.runs}`, 'bounded', t.continuedAsNew ? 'continued as new' : 'no continue-as-new']);
    }
    return rows;
  }
  if (name === 'approval') {
    return (['spread', 'group'] as const).flatMap((k): Row[] => [
      ['approval', `${k}: p50 POST / bare Update`, `${fmt(r[k].post.p50)} / ${fmt(r[k].bare.p50)} ms = ${fmt(r.ratios[k].p50)}`, '≤ 1.2', verdict(r.ratios[k].p50 <= 1.2)],
      ['approval', `${k}: p99 POST`, `${fmt(r[k].post.p99)} ms`, '≤ 150 ms', verdict(r[k].post.p99 <= 150)],
    ]);
  }
  const worst = Math.max(...r.filters.map((f: any) => f.latency.p95));
  return [
    ['list', `list p95, worst filter (${r.options.grants} grants in the register, via the API)`, `${fmt(worst)} ms`, '≤ 50 ms', verdict(worst <= 50)],
    ['list', 'API RSS peak (lists and the CSV of every grant)', `${fmt(r.api.afterCsv.hwmMiB)} MiB`, '≤ 200 MiB', verdict(r.api.afterCsv.hwmMiB <= 200)],
  ];
}
/* eslint-enable @typescript-eslint/no-explicit-any */

async function main() {
  const argv = process.argv.slice(2);
  const named = argv.filter((a): a is Name => (BENCHES as readonly string[]).includes(a));
  const rest = argv.filter((a) => !(BENCHES as readonly string[]).includes(a));
  const chosen: Name[] = named.length ? named : [...BENCHES];
  const own = rest.filter((a) => a !== '--full');
  if (own.length && chosen.length !== 1) {
    process.stderr.write(`options other than --full go to one benchmark: name it (npm run bench -- list ${own.join(' ')})\n`);
    process.exit(2);
  }
  const started = Date.now();
  const codes: Record<string, number> = {};
  for (const name of chosen) {
    process.stdout.write(`\n=== ${name} ===\n`);
    const before = readLatest<{ context: { at: string } }>(name)?.context.at;
    codes[name] = await runChild(name, rest);
    if (codes[name] === 0 && readLatest<{ context: { at: string } }>(name)?.context.at === before) codes[name] = -1;
  }
  const rows: Row[] = [];
  for (const name of chosen) {
    if (codes[name] !== 0) {
      rows.push([name, 'did not finish', `exit ${codes[name]}`, '', '']);
      continue;
    }
    const r = readLatest<Record<string, unknown>>(name)!;
    rows.push(...summaryRows(name, r));
  }
  process.stdout.write(`\n=== summary (${fmt((Date.now() - started) / 60000)} min) ===\n`);
  process.stdout.write(`${table(['bench', 'figure', 'value', 'target', ''], rows, ['l', 'l', 'r', 'l', 'l'])}\n`);
  const file = writeResult('summary', { context: context(), args: argv, exitCodes: codes, rows });
  process.stdout.write(`\nresults: ${file}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
