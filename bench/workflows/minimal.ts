/**
 * Baselines for the benchmarks, bundled on their own (the worker loads this file as its
 * workflowsPath): the least a workflow can do with the same number of activities and updates as a
 * grant, and a trivial workflow that answers a bare no-op Update.
 *
 * Sandbox rules as in workflows/: only @temporalio/workflow, no Node built-ins.
 */
import { CancellationScope, condition, defineQuery, defineUpdate, proxyActivities, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** grantflow's stage attribute (workflows/searchAttributes.ts), named here to keep the baseline's bundle to the SDK. */
const STAGE = defineSearchAttributeKey('GrantStage', SearchAttributeType.KEYWORD);

export interface MinimalActivities {
  noop(payload: { n: number; padding?: string }): Promise<{ n: number; padding?: string }>;
  /** Writes the n-th template register batch under this workflow's id (bench/lib/workerMain.ts). */
  record(payload: { n: number; padding?: string }): Promise<{ n: number }>;
}

export interface MinimalInput {
  /** Updates to receive before completing. */
  updates: number;
  /** Activities to run, spread over the updates (the first at start, like a grant's invitations). */
  activities: number;
  /*
   * What a grant does besides (bench/costs.ts measures each on its own): search-attribute upserts,
   * timers armed (30 days) and cancelled by the next, and padding in each activity's input (bytes);
   * each spread over the updates the same way. Absent: none, as the lifecycle benchmark runs it.
   */
  upserts?: number;
  timers?: number;
  activityPadding?: number;
  /**
   * The grant's own activity sequence (the lifecycle benchmark learns it from a warm-up grant's
   * history): per activity, whether it is a register write (`record`, the k-th such write writes
   * the k-th template batch) or mail (`noop`), and its input's size in bytes, which the padding
   * copies. Overrides `activities` and `activityPadding` when given.
   */
  steps?: { record: boolean; bytes: number }[];
}

export const pokeUpdate = defineUpdate<number, [string]>('poke');
export const noopUpdate = defineUpdate<null>('noop');
export const countQuery = defineQuery<number>('count');

const { noop, record } = proxyActivities<MinimalActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Receives `updates` updates and runs `activities` activities, activity j after update ⌊j·U/A⌋. */
export async function minimalWorkflow(input: MinimalInput): Promise<number> {
  let received = 0;
  setHandler(pokeUpdate, () => ++received);
  setHandler(countQuery, () => received);
  /** Runs `step` n times, step j once ⌊j·U/n⌋ updates have arrived. */
  const spread = async (n: number, step: (j: number) => Promise<unknown> | void) => {
    for (let j = 0; j < n; j++) {
      const after = Math.floor((j * input.updates) / Math.max(1, n));
      await condition(() => received >= after);
      await step(j);
    }
  };
  let timer: CancellationScope | undefined;
  const arm = () => {
    timer?.cancel();
    timer = new CancellationScope();
    timer.run(() => sleep('30 days')).catch(() => undefined);
  };
  if (input.upserts) void spread(input.upserts, (j) => upsertSearchAttributes([{ key: STAGE, value: `step-${j}` }]));
  if (input.timers) void spread(input.timers, arm);
  if (input.steps) {
    const steps = input.steps;
    let records = 0;
    await spread(steps.length, (j) => {
      const { record: isRecord, bytes } = steps[j]!;
      const padding = 'x'.repeat(bytes);
      return isRecord ? record({ n: records++, padding }) : noop({ n: j, padding });
    });
  } else {
    const padding = input.activityPadding ? 'x'.repeat(input.activityPadding) : undefined;
    await spread(input.activities, (j) => noop(padding ? { n: j, padding } : { n: j }));
  }
  await condition(() => received >= input.updates);
  timer?.cancel();
  return received;
}

/**
 * The bare Update made as durable as a grant's decision: each `noop` Update returns at once and is
 * followed by one `record` activity (the k-th Update's writes the k-th template batch, its input
 * padded to `bytes[k]`), one in flight at a time, as the grant's recorder sends its batches
 * (workflows/grant/recorder.ts). The approval benchmark's second baseline.
 */
export async function recordingWorkflow(input: { bytes: number[] }): Promise<void> {
  let received = 0;
  let recorded = 0;
  setHandler(noopUpdate, () => {
    received += 1;
    return null;
  });
  setHandler(countQuery, () => recorded);
  for (;;) {
    await condition(() => received > recorded);
    const n = recorded;
    await record({ n, padding: 'x'.repeat(input.bytes[n] ?? 0) });
    recorded += 1;
  }
}

/** Waits until cancelled or terminated; its `noop` Update returns at once (no validator, no state). */
export async function idleWorkflow(): Promise<void> {
  setHandler(noopUpdate, () => null);
  setHandler(countQuery, () => 0);
  await condition(() => false);
}
