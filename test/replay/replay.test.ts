/**
 * Grants run for years: every recorded history (the four source cases and the side paths) must
 * replay against the current workflow code. A change that alters the command sequence of a running
 * grant fails here; put it behind patched() and record a new history for the new path.
 * Record with `npm run record-histories`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { quietRuntime, workflowBundle } from '../helpers/workflowEnv';

const DIR = path.resolve(__dirname, '../histories');
const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort() : [];

beforeAll(() => quietRuntime());

it('has a recorded history for each source case and the side paths', () => {
  const names = files.map((f) => f.replace(/\.json$/, ''));
  for (const required of ['seed-000-conditional-paid', 'seed-000-conditional-lapsed', 'seed-002-continuation', 'seed-003-delegated', 'seed-004-full', 'side-rejected', 'side-cancelled', 'side-reminders-escalation', 'side-report-overdue']) {
    expect(names).toContain(required);
  }
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
