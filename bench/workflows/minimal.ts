/**
 * Baselines for the benchmarks, bundled on their own (the worker loads this file as its
 * workflowsPath): the least a workflow can do with the same number of activities and updates as a
 * grant, and a trivial workflow that answers a bare no-op Update.
 *
 * Sandbox rules as in workflows/: only @temporalio/workflow, no Node built-ins.
 */
import { condition, defineQuery, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

export interface MinimalActivities {
  noop(payload: { n: number }): Promise<{ n: number }>;
}

export interface MinimalInput {
  /** Updates to receive before completing. */
  updates: number;
  /** Activities to run, spread over the updates (the first at start, like a grant's invitations). */
  activities: number;
}

export const pokeUpdate = defineUpdate<number, [string]>('poke');
export const noopUpdate = defineUpdate<null>('noop');
export const countQuery = defineQuery<number>('count');

const { noop } = proxyActivities<MinimalActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Receives `updates` updates and runs `activities` activities, activity j after update ⌊j·U/A⌋. */
export async function minimalWorkflow(input: MinimalInput): Promise<number> {
  let received = 0;
  setHandler(pokeUpdate, () => ++received);
  setHandler(countQuery, () => received);
  for (let j = 0; j < input.activities; j++) {
    const after = Math.floor((j * input.updates) / Math.max(1, input.activities));
    await condition(() => received >= after);
    await noop({ n: j });
  }
  await condition(() => received >= input.updates);
  return received;
}

/** Waits until cancelled or terminated; its `noop` Update returns at once (no validator, no state). */
export async function idleWorkflow(): Promise<void> {
  setHandler(noopUpdate, () => null);
  setHandler(countQuery, () => 0);
  await condition(() => false);
}
