/**
 * A group under each rule, decided in the workflow: the round closes at the answer that settles
 * it, and the next answer is told the round has closed.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { type ApplicationFailure } from '@temporalio/common';
import { addDays, stockholmDate } from '../../domain/dates';
import { GrantPlan, type Rule } from '../../domain/plan';
import { answer, useTimeSkippingEnv, currentTime, makeWorker, MailRecorder, startGrant, waitRound } from '../helpers/workflowEnv';

let env!: TestWorkflowEnvironment;
useTimeSkippingEnv((e) => (env = e));

type Step = ['m1' | 'm2' | 'm3', 'approve' | 'reject' | 'return'];
const cases: { name: string; rule: Rule; steps: Step[]; settlesAt: number; outcome: string }[] = [
  { name: 'all: approved only when every member approves', rule: { type: 'all' }, steps: [['m1', 'approve'], ['m2', 'approve'], ['m3', 'approve']], settlesAt: 2, outcome: 'approved' },
  // (A rejection would end the grant and its workflow; a return keeps it open for the late answer.)
  { name: 'all: returned once the open seat cannot outweigh the returns', rule: { type: 'all' }, steps: [['m1', 'return'], ['m2', 'return'], ['m3', 'approve']], settlesAt: 1, outcome: 'returned' },
  { name: 'majority: approved at the second approval', rule: { type: 'majority' }, steps: [['m1', 'approve'], ['m2', 'reject'], ['m3', 'approve']], settlesAt: 2, outcome: 'approved' },
  { name: 'k of n (2 of 3): approved at the second approval', rule: { type: 'kOfN', k: 2 }, steps: [['m3', 'approve'], ['m1', 'approve'], ['m2', 'reject']], settlesAt: 1, outcome: 'approved' },
  { name: 'any: approved at the first approval', rule: { type: 'any' }, steps: [['m2', 'reject'], ['m3', 'approve'], ['m1', 'approve']], settlesAt: 1, outcome: 'approved' },
  { name: 'chair: the chair alone decides, others do not settle it', rule: { type: 'chair' }, steps: [['m2', 'approve'], ['m3', 'approve'], ['m1', 'return']], settlesAt: 2, outcome: 'returned' },
];

let i = 0;
it.each(cases)('$name', async ({ rule, steps, settlesAt, outcome }) => {
  const mail = new MailRecorder();
  const taskQueue = `rules-${++i}`;
  const worker = await makeWorker(env, mail, taskQueue);
  await worker.runUntil(async () => {
    const today = stockholmDate(await currentTime(env));
    const plan = GrantPlan.parse({
      caseNumber: `RULE/${i}`,
      title: 'Regeltest',
      year: Number(today.slice(0, 4)),
      coordinators: [{ id: 'c', name: 'Samordnare', email: 'c@example.se' }],
      parts: [{ id: 'A', name: 'Del', amountOre: 100 }],
      totalOre: 100,
      decision: {
        body: 'Gruppen',
        group: { id: 'g', name: 'Gruppen', rule, chairId: 'm1', deadline: addDays(today, 20), members: ['m1', 'm2', 'm3'].map((id) => ({ id, name: id, email: `${id}@example.se` })) },
      },
      reports: [{ id: 'r', what: 'Rapport', to: 'Styrgrupp', due: addDays(today, 90) }],
    });
    const handle = await startGrant(env, plan, taskQueue);
    const round = await waitRound(handle, 'decision');
    for (const [k, [member, action]] of steps.entries()) {
      const run = answer(handle, round, member, action, action === 'approve' ? {} : { comment: 'skäl' });
      if (k <= settlesAt) {
        const res = await run;
        expect(res.roundOutcome).toBe(k === settlesAt ? outcome : undefined);
      } else {
        const err: unknown = await run.then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(((err as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('RoundClosed');
      }
    }
  });
});
