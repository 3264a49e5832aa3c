/**
 * The grant workflow: one grant, one durable workflow, from anchoring to the final report. This
 * file only wires the parts: the run's state and services (run.ts), the message handlers
 * (handlers/), the search-attribute publisher, the outbox, and the lifecycle (lifecycle.ts).
 *
 * Its result is how the grant ended (GrantOutcome); the whole final state stays readable through
 * the state query.
 */
import { allHandlersFinished, condition } from '@temporalio/workflow';
import { outcomeOf, type GrantOutcome, type GrantWorkflowInput } from './contract';
import { registerHandlers } from './handlers';
import { lifecycle } from './lifecycle';
import { GrantCancelled, GrantRun, SYSTEM } from './run';

export async function grantWorkflow(input: GrantWorkflowInput): Promise<GrantOutcome> {
  const run = new GrantRun(input);
  registerHandlers(run);
  if (run.version >= 2) {
    void run.publisher.loop();
  }
  if (run.version >= 3) {
    void run.recorder.loop();
  }
  if (!input.state) {
    run.record('started', input.startedBy, { data: { totalOre: input.plan.totalOre } });
  } else {
    run.record('continuedAsNew', SYSTEM);
  }
  run.refresh();
  void run.outbox.loop();
  try {
    await lifecycle(run);
  } catch (e) {
    if (!(e instanceof GrantCancelled)) throw e;
  }
  await condition(() => run.outbox.idle());
  await condition(allHandlersFinished);
  if (run.version >= 2) await condition(() => !run.publisher.pending);
  // The grant ends only when the register has its last events (and the mail that went out).
  if (run.version >= 3) {
    await condition(() => run.outbox.idle() && run.recorder.idle() && allHandlersFinished());
    await run.recorder.flush();
  }
  return outcomeOf(run.state);
}
