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
  // Recorded by the current code on the current version, or on an earlier one the name gives
  // (`-v3-`: a grant of version 3 running on today's code, such as one taking a patch).
  const current = files.filter((f) => !f.includes('/')).map((f) => ({ f, v: versionOf(f) })).filter((x) => x.v !== undefined);
  expect(current.filter((x) => x.v !== GRANT_WORKFLOW_VERSION && !x.f.includes(`-v${x.v}-`))).toEqual([]);
  expect(current.some((x) => x.v === GRANT_WORKFLOW_VERSION)).toBe(true);
  const all = new Set(files.map(versionOf).filter((v) => v !== undefined));
  expect([...all].sort()).toEqual(Array.from({ length: GRANT_WORKFLOW_VERSION }, (_, i) => i + 1));
});

describe('the history of a board answering at once on version 3 (test/incidents, 2026-12-02)', () => {
  // Recorded by the earlier version-3 code: live, the register's batch came after both Updates'
  // completions; rebuilt from history, that code ran it between them and the grant's task failed.
  const file = path.resolve(__dirname, '../incidents/2026-12-02-v3-board-answers-at-once.json');
  const withVersion = (version: number) => {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { events: { workflowExecutionStartedEventAttributes?: { input: { payloads: { data: string }[] } } }[] };
    const payload = raw.events[0]!.workflowExecutionStartedEventAttributes!.input.payloads[0]!;
    payload.data = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload.data, 'base64').toString()), version })).toString('base64');
    return temporal.api.history.v1.History.fromObject(raw);
  };
  const replay = async (version: number) => {
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, [{ workflowId: 'incident', history: withVersion(version) }])) return result.error?.message;
    return 'nothing replayed';
  };

  it('fails on version 3 as recorded, which takes no patch in a history that has none', async () => {
    expect(await replay(3)).toMatch(/Activity machine does not handle this event: HistoryEvent\(id: 24, WorkflowExecutionUpdateCompleted\)/);
  });

  it('replays on version 4: its batch waits until every Update of the task has completed', async () => {
    expect(await replay(4)).toBeUndefined();
  });
});
