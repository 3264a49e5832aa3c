/**
 * Grants wait for years; history must stay bounded. The workflow continues as new when the server
 * suggests it (or past a history limit, forced low here) and resumes from the state it carried:
 * nothing is sent twice and no answer is lost.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { grantWorkflow } from '../../workflows';
import { GRANT_WORKFLOW_VERSION, grantWorkflowId, newGrantInput, recordFactUpdate, stateQuery } from '../../workflows/grant/contract';
import { endOfDay } from '../../domain/dates';
import {
  useTimeSkippingEnv,
  DAY,
  makeWorker,
  MailRecorder,
  recordHistory,
  seedPlan,
  settleRound,
  sleepUntil,
  waitRound,
  finalState,
} from '../helpers/workflowEnv';

let env!: TestWorkflowEnvironment;
useTimeSkippingEnv((e) => (env = e));

// Version 1 (a grant started before version 2) as well: its next run starts on the current version.
it.each([GRANT_WORKFLOW_VERSION, 1])('continues as new with its state and finishes seed 004 without sending any mail twice (started on version %i)', async (version) => {
  const mail = new MailRecorder();
  const taskQueue = `can-${version}`;
  const worker = await makeWorker(env, mail, taskQueue);
  await worker.runUntil(async () => {
    const plan = await seedPlan(env, 'seed004');
    const handle = await env.client.workflow.start(grantWorkflow, {
      workflowId: grantWorkflowId(plan.caseNumber),
      taskQueue,
      args: [{ ...newGrantInput(plan, 'Testsamordnare', { historyLimit: 40 }), version }],
    });
    await settleRound(handle, 'anchoring', 'approve', 'lifo');
    await settleRound(handle, 'anchoring', 'approve', 'fredagsgruppen');
    await waitRound(handle, 'decision');
    // Let reminders fire across the decision deadline: each wakes the workflow and grows history.
    await sleepUntil(env, endOfDay(plan.decision.group.deadline!) + 2 * DAY);
    expect(await settleRound(handle, 'decision', 'approve')).toBe('approved');
    for (const part of plan.parts) {
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'requisitioned', partId: part.id }, actor: 'Enhet' }] });
    }
    await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'reportSubmitted', reportId: 'aterredovisning' }, actor: 'Elin Ring' }] });
    const final = await finalState(handle);

    expect(final.status).toBe('closed');
    const runs = final.timeline.filter((e) => e.type === 'continuedAsNew').length;
    expect(runs).toBeGreaterThanOrEqual(1);
    // Every answer survived the hand-overs.
    expect(final.rounds.map((r) => [r.id, r.outcome])).toEqual([
      ['anchoring:lifo:r1', 'approved'],
      ['anchoring:fredagsgruppen:r1', 'approved'],
      ['decision:svom:r1', 'approved'],
    ]);
    expect(final.parts.every((p) => p.requisitionedAt)).toBe(true);
    // No mail went out twice across runs (keys are the Message-ID seeds).
    const keys = mail.sent.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(mail.purpose('invitation')).toHaveLength(8);
    // Each run's history stayed near the limit instead of growing with the grant.
    const last = await env.client.workflow.getHandle(handle.workflowId).fetchHistory();
    expect(last.events!.length).toBeLessThan(120);
    const lastInput = JSON.parse(Buffer.from(last.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!.data!).toString()) as { version?: number };
    expect(lastInput.version).toBe(GRANT_WORKFLOW_VERSION);
    // The state a later run queried is the whole grant's, not only the last run's.
    const s = await handle.query(stateQuery);
    expect(s.timeline.filter((e) => e.type === 'answered').length).toBe(final.rounds.flatMap((r) => r.seats).filter((x) => x.answer).length);
    expect(s.timeline[0]!.type).toBe('started');
    if (version === GRANT_WORKFLOW_VERSION) await recordHistory(handle, 'side-continued-as-new-last-run');
  });
});
