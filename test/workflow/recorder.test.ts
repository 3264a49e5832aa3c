/**
 * Version 3 keeps the register current (workflows/grant/recorder.ts): what the workflow hands the
 * recordGrant activity, seen from the activity's side. The register itself (the writer, the chain)
 * is tested against PostgreSQL in test/register, and a register down for a minute end to end in
 * test/e2e/registerOutage.test.ts.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { grantWorkflow } from '../../workflows';
import { grantWorkflowId, newGrantInput, recordFactUpdate, registerSummary, stateQuery, type GrantState, type RegisterBatch } from '../../workflows/grant/contract';
import {
  useTimeSkippingEnv,
  answer,
  finalState,
  makeWorker,
  MailRecorder,
  recordHistory,
  seedPlan,
  settleRound,
  startGrant,
  waitRound,
  waitState,
} from '../helpers/workflowEnv';

let env!: TestWorkflowEnvironment;
useTimeSkippingEnv((e) => (env = e));

/** Every event number the batches carried, in order (a number twice means a resend). */
function eventNumbers(batches: RegisterBatch[]): number[] {
  return batches.flatMap((b) => b.events.map((_, i) => b.firstEvent + i));
}

async function runSeed004(mail: MailRecorder, taskQueue: string, opts: { historyLimit?: number; version?: number; during?: (h: Awaited<ReturnType<typeof startGrant>>) => Promise<void> } = {}) {
  // A case number of its own per test: a grant one test leaves running never blocks the next.
  const plan = await seedPlan(env, 'seed004', (p) => (p.caseNumber = `${String(p.caseNumber)}-${taskQueue}`));
  const handle = await env.client.workflow.start(grantWorkflow, {
    workflowId: grantWorkflowId(plan.caseNumber),
    taskQueue,
    args: [newGrantInput(plan, 'Testsamordnare', { ...(opts.historyLimit ? { historyLimit: opts.historyLimit } : {}), ...(opts.version ? { version: opts.version } : {}) })],
  });
  await settleRound(handle, 'anchoring', 'approve', 'lifo');
  await opts.during?.(handle);
  const anchored = (await handle.query(stateQuery)).rounds.some((r) => r.groupId === 'fredagsgruppen' && r.outcome);
  if (!anchored) await settleRound(handle, 'anchoring', 'approve', 'fredagsgruppen');
  expect(await settleRound(handle, 'decision', 'approve')).toBe('approved');
  // The decision stage follows the round in the workflow's own time (after a continue-as-new, in the next run).
  await waitState(handle, (s) => !!s.decision, 'the decision');
  for (const part of plan.parts) {
    await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'requisitioned', partId: part.id }, actor: 'Enhet' }] });
  }
  await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'reportSubmitted', reportId: 'aterredovisning' }, actor: 'Elin Ring' }] });
  return { plan, handle, final: await finalState(handle) };
}

function expectRecordMatches(mail: MailRecorder, final: GrantState) {
  const batches = mail.register.of(final.caseNumber);
  // Every event once, in order, nothing missing: the register's copy is the timeline.
  expect(eventNumbers(batches)).toEqual(final.timeline.map((_, i) => i + 1));
  expect(mail.register.events(final.caseNumber)).toEqual(final.timeline);
  // The last summary is the grant as it ended.
  expect(batches.at(-1)!.summary).toEqual(registerSummary(final));
  // Every revision once; every round with every seat as it ended; no link nonce ever.
  expect(batches.flatMap((b) => b.revisions.map((r) => r.revision))).toEqual((final.revisions ?? []).map((r) => r.revision));
  for (const round of final.rounds) {
    for (const seat of round.seats) {
      const last = batches
        .flatMap((b) => b.rounds.filter((r) => r.id === round.id).flatMap((r) => r.seats))
        .filter((x) => x.memberId === seat.memberId)
        .at(-1);
      const { nonce: _nonce, ...rest } = seat;
      expect(last).toEqual({ ...rest, position: round.seats.indexOf(seat) });
    }
  }
  expect(JSON.stringify(batches)).not.toContain('nonce');
  // The lists as they ended, and every mail that went out, with its Message-ID.
  expect(batches.filter((b) => b.tranches).at(-1)!.tranches).toEqual(final.tranches);
  expect(batches.filter((b) => b.parts).at(-1)!.parts).toEqual(final.parts);
  expect(batches.filter((b) => b.reports).at(-1)!.reports).toEqual(final.reports);
  const logged = batches.flatMap((b) => b.mail);
  const sent = mail.sent.filter((m) => m.caseNumber === final.caseNumber);
  expect(logged.map((m) => m.key).sort()).toEqual(sent.map((m) => m.key).sort());
  expect(logged.every((m) => m.messageId === `<${m.key}>` && m.to.length > 0)).toBe(true);
}

it('hands the register every event once, in order, with revisions, rounds, lists and the mail log, and ends only when it has them', async () => {
  const mail = new MailRecorder();
  const taskQueue = 'recorder-full';
  const worker = await makeWorker(env, mail, taskQueue);
  await worker.runUntil(async () => {
    const { handle, final } = await runSeed004(mail, taskQueue);
    expect(final.status).toBe('closed');
    expectRecordMatches(mail, final);
    // One batch per workflow task that changed the grant, never one per event.
    const batches = mail.register.of(final.caseNumber);
    expect(batches.length).toBeLessThan(final.timeline.length);
    // Version 4 needs no patch: no marker, no TemporalChangeVersion in a new grant's history.
    expect(await patchMarkers(handle)).toEqual([]);
    await recordHistory(handle, 'seed-004-register');
  });
});

/** The patch ids whose markers a history holds. */
async function patchMarkers(handle: { fetchHistory(): Promise<{ events?: { markerRecordedEventAttributes?: { markerName?: string | null; details?: Record<string, { payloads?: { data?: Uint8Array | null }[] | null }> | null } | null }[] | null }> }) {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .map((e) => e.markerRecordedEventAttributes)
    .filter((m) => m?.markerName === 'core_patch')
    .map((m) => JSON.parse(Buffer.from(m!.details!['patch-data']!.payloads![0]!.data!).toString()) as { id: string })
    .map((d) => d.id);
}

it('takes the wait for every Update from the start on version 4, and behind a patch on a grant started on version 3', async () => {
  const mail = new MailRecorder();
  const taskQueue = 'recorder-v3';
  const worker = await makeWorker(env, mail, taskQueue);
  await worker.runUntil(async () => {
    const v3 = await runSeed004(mail, taskQueue, { version: 3 });
    expect(v3.final.status).toBe('closed');
    expectRecordMatches(mail, v3.final);
    // The marker is written once, at the first batch this code takes for the grant.
    expect(await patchMarkers(v3.handle)).toEqual(['register-batch-after-updates']);
    await recordHistory(v3.handle, 'seed-004-register-v3-patched');
  });
});

it('sends only the seat that changed when one member of a board answers', async () => {
  const mail = new MailRecorder();
  const taskQueue = 'recorder-seats';
  const worker = await makeWorker(env, mail, taskQueue);
  await worker.runUntil(async () => {
    const plan = await seedPlan(env, 'seed004', (p) => (p.caseNumber = `${String(p.caseNumber)}-${taskQueue}`));
    const handle = await startGrant(env, plan, taskQueue);
    const round = await waitRound(handle, 'anchoring', 'lifo');
    await waitState(handle, () => mail.register.of(plan.caseNumber).some((b) => b.rounds.some((r) => r.id === round.id)), 'the round in the register');
    const before = mail.register.of(plan.caseNumber).length;
    const member = round.seats[1]!;
    await answer(handle, round, member.memberId, 'approve');
    await waitState(handle, () => mail.register.of(plan.caseNumber).length > before, 'a batch after the answer');
    const batch = mail.register.of(plan.caseNumber).at(-1)!;
    expect(batch.rounds).toHaveLength(1);
    expect(batch.rounds[0]!.seats.map((s) => [s.memberId, s.answer, s.position])).toEqual([[member.memberId, 'approve', 1]]);
    expect(batch.events.map((e) => e.type)).toEqual(['answered']);
  });
});

it('starts again from what the register holds when it has lost events (restored from a backup)', async () => {
  const mail = new MailRecorder();
  const taskQueue = 'recorder-gap';
  const worker = await makeWorker(env, mail, taskQueue);
  await worker.runUntil(async () => {
    const plan = await seedPlan(env, 'seed004', (p) => (p.caseNumber = `${String(p.caseNumber)}-${taskQueue}`));
    const handle = await startGrant(env, plan, taskQueue);
    await settleRound(handle, 'anchoring', 'approve', 'lifo');
    await waitState(handle, (s) => mail.register.events(plan.caseNumber).length === s.timeline.length, 'the register current');
    mail.register.forget(plan.caseNumber, 2);
    await settleRound(handle, 'anchoring', 'approve', 'fredagsgruppen');
    const s = await waitState(handle, (x) => x.stage === 'decision' && mail.register.events(plan.caseNumber).length === x.timeline.length, 'the register caught up');
    expect(mail.register.events(plan.caseNumber)).toEqual(s.timeline);
    // The batch after the refused one started from the third event, with every round again.
    const batches = mail.register.of(plan.caseNumber);
    const resent = batches.find((b) => b.firstEvent === 3)!;
    expect(resent).toBeDefined();
    expect(resent.rounds.map((r) => r.id).sort()).toEqual(s.rounds.map((r) => r.id).sort());
  });
});
