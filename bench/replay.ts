/**
 * The worker's CPU for the grant's own code, without a server: recorded histories replayed with the
 * current workflow bundle (Worker.runReplayHistories, the SDK's default workflow threads), many times,
 * in rounds. One replay re-runs everything a grant's life ran in the worker's sandbox — handlers,
 * validators, rounds, waits, the SDK's per-promise bookkeeping — so this is the figure to read when a
 * change to workflow code is meant to make it cheaper: it moves by a few per cent between rounds, where
 * the lifecycle benchmark's ratio moves by ±0.05.
 *
 *   npx tsx bench/replay.ts [--replays 300] [--rounds 3] [--histories test/histories/seed-004-full.json,...]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { ROOT } from '../common/tools';
import { workflowsPath } from '../worker/createWorker';
import { ArgsError, parseArgs, runAsCommand, usage } from './lib/args';
import { resultHeader, writeResult } from './lib/results';
import { fmt, table } from './lib/stats';

export const SPEC = {
  histories: { default: 'test/histories/seed-004-full.json', help: 'recorded histories to replay, comma-separated paths (relative to the project)' },
  replays: { default: 300, help: 'replays per round (the histories taken in turn)' },
  rounds: { default: 3, help: 'rounds (the first includes warming up)' },
};

export async function run(argv: string[]) {
  const { values: o, help } = parseArgs(SPEC, argv, process.env);
  if (help) {
    process.stdout.write(usage('bench/replay.ts: worker CPU per replayed grant history (no server)', SPEC));
    return undefined;
  }
  const files = o.histories.split(',').map((f) => path.resolve(ROOT, f.trim()));
  for (const f of files) if (!fs.existsSync(f)) throw new ArgsError(`--histories: no such file ${path.relative(ROOT, f)}`);
  if (!(o.replays >= 1 && o.rounds >= 1)) throw new ArgsError('--replays and --rounds must be at least 1');
  const t0 = Date.now();
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const bundle = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quiet });
  const histories = files.map((f) => temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(f, 'utf8'))));
  const events = histories.map((h) => h.events.length);
  const rounds: { cpuMs: number; wallMs: number; failed: number }[] = [];
  for (let r = 0; r < o.rounds; r++) {
    const batch = Array.from({ length: o.replays }, (_, i) => ({ workflowId: `replay-${r}-${i}`, history: histories[i % histories.length]! }));
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    let failed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, batch)) if (result.error) failed += 1;
    const c = process.cpuUsage(c0);
    rounds.push({ cpuMs: (c.user + c.system) / 1000 / o.replays, wallMs: (performance.now() - w0) / o.replays, failed });
  }
  const result = { ...resultHeader('replay', o, t0), events, rounds };
  const file = writeResult('replay', result);
  process.stdout.write(
    `\nReplays of ${files.map((f) => path.relative(ROOT, f)).join(', ')} (${events.join(', ')} events), ${o.replays} per round\n${table(
      ['round', 'CPU ms per replay', 'wall ms per replay', 'failed'],
      rounds.map((x, i) => [String(i + 1), fmt(x.cpuMs), fmt(x.wallMs), x.failed]),
    )}\n\nresults: ${file}\n`,
  );
  if (rounds.some((x) => x.failed > 0)) throw new Error('a history did not replay: run the replay test (test/replay) to see why');
  return result;
}

if (require.main === module) runAsCommand(run);
