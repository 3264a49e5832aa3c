/**
 * The benchmarks' baseline (bench/workflows/minimal.ts) does what bench/costs.ts says it measures:
 * without extras, only its updates and activities (the lifecycle benchmark's baseline); with them,
 * exactly that many upserts, timers armed and cancelled, and bytes added to each activity's input;
 * given a grant's steps, those activities in that order (the register writes the lifecycle copies).
 */
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { countQuery, minimalWorkflow, noopUpdate, pokeUpdate, recordingWorkflow, type MinimalInput } from '../../bench/workflows/minimal';
import { useTimeSkippingEnv } from '../helpers/workflowEnv';

const EventType = temporal.api.enums.v1.EventType;

let env!: TestWorkflowEnvironment;
useTimeSkippingEnv((e) => (env = e));

const inputs: string[] = [];
const activities = {
  async noop(payload: { n: number; padding?: string }) {
    inputs.push(JSON.stringify(payload));
    return { n: payload.n };
  },
  async record(payload: { n: number; padding?: string }) {
    inputs.push(JSON.stringify({ record: payload.n, bytes: payload.padding?.length }));
    return { n: payload.n };
  },
};

async function runBaseline(id: string, input: MinimalInput) {
  const taskQueue = `baseline-${id}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: path.resolve(__dirname, '../../bench/workflows/minimal.ts'), activities });
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start(minimalWorkflow, { workflowId: id, taskQueue, args: [input] });
    for (let i = 0; i < input.updates; i++) await handle.executeUpdate(pokeUpdate, { args: ['approve'] });
    expect(await handle.query(countQuery)).toBe(input.updates);
    expect(await handle.result()).toBe(input.updates);
    const { events } = await handle.fetchHistory();
    const count = (t: temporal.api.enums.v1.EventType) => events!.filter((e) => e.eventType === t).length;
    return {
      upserts: count(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES),
      timersStarted: count(EventType.EVENT_TYPE_TIMER_STARTED),
      timersCancelled: count(EventType.EVENT_TYPE_TIMER_CANCELED),
      timersFired: count(EventType.EVENT_TYPE_TIMER_FIRED),
      activities: count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
      updates: count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED),
      stage: (await handle.describe()).searchAttributes.GrantStage,
    };
  });
}

it('runs only its updates and activities when given no extras (the lifecycle baseline)', async () => {
  inputs.length = 0;
  const h = await runBaseline('plain', { updates: 11, activities: 3 });
  expect(h).toEqual({ upserts: 0, timersStarted: 0, timersCancelled: 0, timersFired: 0, activities: 3, updates: 11, stage: undefined });
  expect(inputs.map((x) => JSON.parse(x) as unknown)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
});

it('adds exactly the upserts, cancelled timers and activity bytes it is asked for', async () => {
  inputs.length = 0;
  const h = await runBaseline('extras', { updates: 11, activities: 3, upserts: 4, timers: 4, activityPadding: 3100 });
  // Every timer is cancelled (by the next, the last at the end): none fires, none is left behind.
  expect(h).toEqual({ upserts: 4, timersStarted: 4, timersCancelled: 4, timersFired: 0, activities: 3, updates: 11, stage: ['step-3'] });
  expect(inputs).toHaveLength(3);
  for (const x of inputs) expect((JSON.parse(x) as { padding: string }).padding).toHaveLength(3100);
});

it("copies a grant's activity sequence step by step: register writes numbered in order, each input padded to its size", async () => {
  inputs.length = 0;
  const steps = [
    { record: true, bytes: 900 },
    { record: false, bytes: 3100 },
    { record: true, bytes: 40 },
    { record: true, bytes: 1200 },
  ];
  const h = await runBaseline('steps', { updates: 5, activities: 99, steps });
  expect(h.activities).toBe(4);
  expect(inputs.map((x) => JSON.parse(x) as unknown)).toEqual([{ record: 0, bytes: 900 }, { n: 1, padding: 'x'.repeat(3100) }, { record: 1, bytes: 40 }, { record: 2, bytes: 1200 }]);
});

it('makes each bare Update as durable as a decision: one register write after each, in order, one at a time', async () => {
  inputs.length = 0;
  const taskQueue = 'baseline-recording';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: path.resolve(__dirname, '../../bench/workflows/minimal.ts'), activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(recordingWorkflow, { workflowId: 'recording', taskQueue, args: [{ bytes: [700, 300, 20] }] });
    for (let i = 0; i < 3; i++) expect(await handle.executeUpdate(noopUpdate)).toBeNull();
    for (let i = 0; i < 100 && (await handle.query(countQuery)) < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await handle.query(countQuery)).toBe(3);
    const { events } = await handle.fetchHistory();
    expect(events!.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toHaveLength(3);
    await handle.terminate();
  });
  expect(inputs.map((x) => JSON.parse(x) as unknown)).toEqual([{ record: 0, bytes: 700 }, { record: 1, bytes: 300 }, { record: 2, bytes: 20 }]);
});
