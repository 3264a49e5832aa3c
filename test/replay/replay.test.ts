/**
 * Grants run for years: every recorded history (the four source cases, the side paths, an
 * agreement) must replay against the current workflow code. A change that alters the command
 * sequence of a running grant fails here; give it a new workflow version (GRANT_WORKFLOW_VERSION in
 * workflows/grant/contract.ts, keeping the old path) or put it behind `patched()` and record new histories for the new path.
 *
 * test/histories/*.json are recorded by the current code (`npm run record-histories` rewrites
 * them); test/histories/<date>/ keep what earlier code recorded, never rewritten, because grants
 * started then are still running. Before recording anew, copy the current ones into a dated folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { quietRuntime, workflowBundle } from '../helpers/workflowEnv';
import { GRANT_WORKFLOW_VERSION, GRANT_WORKFLOW_TYPE } from '../../workflows/grant/contract';

const DIR = path.resolve(__dirname, '../histories');
/** Every history, as a path below test/histories (current ones, then each dated folder's). */
function historyFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  return [
    ...entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => `${prefix}${e.name}`),
    ...entries.filter((e) => e.isDirectory()).flatMap((e) => historyFiles(path.join(dir, e.name), `${prefix}${e.name}/`)),
  ];
}
const files = historyFiles(DIR);

beforeAll(() => quietRuntime());

it('has a history recorded by the current code for each source case, the side paths and an agreement', () => {
  const current = files.filter((f) => !f.includes('/')).map((f) => f.replace(/\.json$/, ''));
  for (const required of [
    'seed-000-conditional-paid',
    'seed-000-conditional-lapsed',
    'seed-002-continuation',
    'seed-003-delegated',
    'seed-004-full',
    'side-rejected',
    'side-returned-revised',
    'side-decision-returned-cancelled',
    'side-amended',
    'side-cancelled',
    'side-reminders-escalation',
    'side-report-overdue',
    'side-continued-as-new-last-run',
    'agreement-retired',
  ]) {
    expect(current).toContain(required);
  }
  // And the histories earlier code recorded, for grants that started then.
  expect(files.filter((f) => f.startsWith('2026-11-22/')).length).toBeGreaterThanOrEqual(10);
});

it('replays every recorded history with the current workflow code', async () => {
  const histories = files.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'))) }));
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
    replayed += 1;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(files.length);
});

it('has histories of grants on every workflow version, the current one recorded by the current code', () => {
  const versionOf = (f: string) => {
    const history = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as { events: { eventType: string | number; workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string }; input?: { payloads?: { data: string }[] } } }[] };
    const started = history.events[0]!.workflowExecutionStartedEventAttributes!;
    if (started.workflowType?.name !== GRANT_WORKFLOW_TYPE) return undefined;
    const input = JSON.parse(Buffer.from(started.input!.payloads![0]!.data, 'base64').toString()) as { version?: number };
    return input.version ?? 1;
  };
  const current = new Set(files.filter((f) => !f.includes('/')).map(versionOf).filter((v) => v !== undefined));
  expect([...current]).toEqual([GRANT_WORKFLOW_VERSION]);
  const all = new Set(files.map(versionOf).filter((v) => v !== undefined));
  expect([...all].sort()).toEqual(Array.from({ length: GRANT_WORKFLOW_VERSION }, (_, i) => i + 1));
});
