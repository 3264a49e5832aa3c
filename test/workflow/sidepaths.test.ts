/**
 * The unhappy paths and the human waits: rejection, återremiss and a second round, missed
 * deadlines, reminders and escalation, cancellation, refused amendments and late answers,
 * delegation, and an SMTP outage.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { amendUpdate, cancelUpdate, decideUpdate, recordFactUpdate, reviseUpdate, stateQuery, GRANT_WORKFLOW_VERSION } from '../../workflows/grant/contract';
import { addDays, endOfDay, stockholmDate, stockholmWallToUtc } from '../../domain/dates';
import { SEED_PLANS, shiftYears, yearsToShift } from '../../domain/fixtures/plans';
import type { GrantPlan } from '../../domain/plan';
import {
  answer,
  useTimeSkippingEnv,
  currentTime,
  DAY,
  makeWorker,
  MailRecorder,
  recordHistory,
  refusal,
  seedPlan,
  settleRound,
  sleepUntil,
  startGrant,
  waitRound,
  waitState,
  finalState,
} from '../helpers/workflowEnv';

let env!: TestWorkflowEnvironment;
useTimeSkippingEnv((e) => (env = e), { perTest: true });

let n = 0;
const queue = () => `side-${++n}`;

async function run(test: (ctx: { mail: MailRecorder; taskQueue: string }) => Promise<void>) {
  const mail = new MailRecorder();
  const taskQueue = queue();
  const worker = await makeWorker(env, mail, taskQueue);
  await worker.runUntil(() => test({ mail, taskQueue }));
}

/** A small plan decided by a board of three (majority) 30 days from now. */
async function boardPlan(caseNumber: string, edit?: (p: Record<string, unknown>) => void): Promise<GrantPlan> {
  const today = stockholmDate(await currentTime(env));
  const raw: Record<string, unknown> = {
    caseNumber,
    title: 'Testärende',
    year: Number(today.slice(0, 4)),
    coordinators: [{ id: 'samordnare', name: 'Samordnare', email: 'samordnare@example.se' }],
    parts: [
      { id: 'A', name: 'Del A', amountOre: 60_000_00 },
      { id: 'B', name: 'Del B', amountOre: 40_000_00 },
    ],
    totalOre: 100_000_00,
    decision: {
      body: 'Regionstyrelsen',
      group: {
        id: 'rs',
        name: 'Regionstyrelsen',
        rule: { type: 'majority' },
        chairId: 'm1',
        deadline: addDays(today, 30),
        members: [
          { id: 'm1', name: 'Ordförande', email: 'm1@example.se', substitutes: [{ id: 'e1', name: 'Ersättare Ett', email: 'e1@example.se' }] },
          { id: 'm2', name: 'Ledamot Två', email: 'm2@example.se' },
          { id: 'm3', name: 'Ledamot Tre', email: 'm3@example.se' },
        ],
      },
      motions: ['Att godkänna förslaget.'],
    },
    // Something after the decision keeps the grant running (a closed workflow takes no updates).
    reports: [{ id: 'rapport', what: 'Redovisning', to: 'Styrgruppen', due: addDays(today, 120) }],
    distribution: [{ name: 'Registrator', email: 'registrator@example.se' }],
  };
  edit?.(raw);
  const { GrantPlan: Schema } = await import('../../domain/plan');
  return Schema.parse(raw);
}

describe('decisions', () => {
  it('ends the grant as rejected when the board rejects it, and sends the extract', async () => {
    await run(async ({ mail, taskQueue }) => {
      const handle = await startGrant(env, await boardPlan('TEST/REJECT/1'), taskQueue);
      expect(await settleRound(handle, 'decision', 'reject')).toBe('rejected');
      const final = await finalState(handle);
      expect(final.status).toBe('rejected');
      expect(final.reports[0]!.status).toBe('pending'); // a rejected grant asks for no report
      expect(final.stage).toBe('closed');
      expect(final.decision?.outcome).toBe('rejected');
      const extract = mail.purpose('extract')[0]!;
      expect(extract.to).toEqual([{ name: 'Registrator', email: 'registrator@example.se' }]);
      expect(mail.text(extract)).toContain('avslagit');
      await recordHistory(handle, 'side-rejected');
    });
  });

  it('sends a returned case back through anchoring with a new revision, keeping the first round in history', async () => {
    await run(async ({ taskQueue }) => {
      const plan = await seedPlan(env, 'seed004');
      const handle = await startGrant(env, plan, taskQueue);
      await settleRound(handle, 'anchoring', 'approve', 'lifo');
      await settleRound(handle, 'anchoring', 'approve', 'fredagsgruppen');
      expect(await settleRound(handle, 'decision', 'return')).toBe('returned');
      const returned = await waitState(handle, (s) => s.status === 'returned', 'returned');
      expect(returned.stage).toBe('anchoring');

      // A revision that does not add up is refused before it enters history.
      const bad = structuredClone(plan);
      bad.parts[0]!.amountOre += 1;
      expect(await refusal(handle.executeUpdate(reviseUpdate, { args: [{ plan: bad, actor: 'Elin Ring', comment: 'fel' }] }))).toBe('InvalidPlan');

      const revised = structuredClone(plan);
      revised.basis.summary = 'Reviderat underlag efter återremiss: tydligare fördelning mellan målområden.';
      await handle.executeUpdate(reviseUpdate, { args: [{ plan: revised, actor: 'Elin Ring', comment: 'Kompletterat enligt SVOM' }] });
      const r2 = await waitRound(handle, 'anchoring', 'lifo');
      expect(r2.id).toBe('anchoring:lifo:r2');
      await settleRound(handle, 'anchoring', 'approve', 'lifo');
      await settleRound(handle, 'anchoring', 'approve', 'fredagsgruppen');
      expect(await settleRound(handle, 'decision', 'approve')).toBe('approved');
      const s = await waitState(handle, (x) => x.decision?.outcome === 'approved', 'approved');
      expect(s.revision).toBe(2);
      expect(s.decision?.revision).toBe(2);
      expect(s.rounds.find((r) => r.id === 'decision:svom:r1')?.outcome).toBe('returned');
      expect(s.timeline.filter((e) => e.type === 'revised').map((e) => e.data)).toEqual([{ from: 1, to: 2 }]);
      expect(s.plan.basis.summary).toContain('Reviderat');
      // Both revisions of the basis stay readable, each as it was submitted.
      expect(s.revisions!.map((r) => [r.revision, r.by, r.comment])).toEqual([
        [1, 'Testsamordnare', undefined],
        [2, 'Elin Ring', 'Kompletterat enligt SVOM'],
      ]);
      expect(s.revisions![0]!.plan.basis.summary).toBe(plan.basis.summary);
      expect(s.revisions![1]!.plan.basis.summary).toContain('Reviderat');
      await recordHistory(handle, 'side-returned-revised');
    });
  });

  it('refuses an answer that arrives after its round has closed', async () => {
    await run(async ({ taskQueue }) => {
      const handle = await startGrant(env, await boardPlan('TEST/LATE/1'), taskQueue);
      const round = await waitRound(handle, 'decision');
      await answer(handle, round, 'm1', 'approve');
      const second = await answer(handle, round, 'm2', 'approve');
      expect(second.roundOutcome).toBe('approved');
      expect(await refusal(answer(handle, round, 'm3', 'reject', { comment: 'för sent' }))).toBe('RoundClosed');
      // …and a second answer from the same member is refused too.
      expect(await refusal(answer(handle, round, 'm1', 'approve'))).toBe('AlreadyAnswered');
      const s = await handle.query(stateQuery);
      expect(s.rounds[0]!.seats.find((x) => x.memberId === 'm3')?.answer).toBeUndefined();
    });
  });

  it('requires a reason to reject and refuses a forged nonce', async () => {
    await run(async ({ taskQueue }) => {
      const handle = await startGrant(env, await boardPlan('TEST/VALID/1'), taskQueue);
      const round = await waitRound(handle, 'decision');
      expect(await refusal(answer(handle, round, 'm1', 'reject'))).toBe('CommentRequired');
      expect(await refusal(handle.executeUpdate(decideUpdate, { args: [{ roundId: round.id, memberId: 'm1', nonce: 'forged-nonce-123', action: 'approve' }] }))).toBe('LinkReplaced');
      const s = await handle.query(stateQuery);
      expect(s.timeline.some((e) => e.type === 'answered')).toBe(false);
    });
  });

  it('hands a seat to the named substitute, whose answer counts while the old link stops working', async () => {
    await run(async ({ mail, taskQueue }) => {
      const handle = await startGrant(env, await boardPlan('TEST/DELEGATE/1'), taskQueue);
      const round = await waitRound(handle, 'decision');
      const oldNonce = round.seats[0]!.nonce;
      expect(await refusal(answer(handle, round, 'm1', 'delegate', { substituteId: 'nobody' }))).toBe('UnknownSubstitute');
      await answer(handle, round, 'm1', 'delegate', { substituteId: 'e1', comment: 'Jäv' });
      const s = await handle.query(stateQuery);
      const seat = s.rounds[0]!.seats[0]!;
      expect(seat).toMatchObject({ actingId: 'e1', actingName: 'Ersättare Ett' });
      expect(seat.nonce).not.toBe(oldNonce);
      expect(await refusal(handle.executeUpdate(decideUpdate, { args: [{ roundId: round.id, memberId: 'm1', nonce: oldNonce, action: 'approve' }] }))).toBe('LinkReplaced');
      await waitState(handle, () => mail.to('e1@example.se', 'invitation').length === 1, 'the substitute’s invitation');
      expect(mail.to('e1@example.se', 'invitation')[0]!.link).toMatchObject({ memberId: 'm1', nonce: seat.nonce });
      await answer(handle, round, 'm1', 'approve');
      const after = await handle.query(stateQuery);
      const answered = after.timeline.find((e) => e.type === 'answered')!;
      expect(answered.actor).toBe('Ersättare Ett');
      expect(answered.data?.onBehalfOf).toBe('Ordförande');
    });
  });
});

// The waits run on every behaviour a running grant may follow (workflows/shared.ts): version 1 arms
// a timer per wait, version 2 one shared alarm; reminders, overdue flags and escalations must be the same.
describe.each([GRANT_WORKFLOW_VERSION, 1])('waiting and deadlines (workflow version %i)', (version) => {
  const record = (handle: Parameters<typeof recordHistory>[0], name: string) => (version === GRANT_WORKFLOW_VERSION ? recordHistory(handle, name) : undefined);

  it('reminds pending members before the deadline and escalates to the chair and coordinators after it', async () => {
    await run(async ({ mail, taskQueue }) => {
      const plan = await boardPlan(`TEST/REMIND/V${version}`);
      const deadline = plan.decision.group.deadline!;
      const handle = await startGrant(env, plan, taskQueue, version);
      const round = await waitRound(handle, 'decision');
      await answer(handle, round, 'm2', 'approve');

      await sleepUntil(env, stockholmWallToUtc(addDays(deadline, -1), 12));
      let s = await handle.query(stateQuery);
      // Reminders at 09:00, 7 days and 1 day before, to the two who have not answered.
      expect(mail.to('m1@example.se', 'reminder')).toHaveLength(2);
      expect(mail.to('m3@example.se', 'reminder')).toHaveLength(2);
      expect(mail.to('m2@example.se', 'reminder')).toHaveLength(0);
      expect(mail.to('m1@example.se', 'reminder')[0]!.link?.nonce).toBe(s.rounds[0]!.seats[0]!.nonce);
      expect(s.overdue).toBe(false);

      await sleepUntil(env, endOfDay(deadline) + 3 * DAY);
      s = await handle.query(stateQuery);
      expect(s.overdue).toBe(true);
      expect(s.timeline.some((e) => e.type === 'roundOverdue')).toBe(true);
      const escalations = mail.purpose('escalation');
      expect(escalations).toHaveLength(1); // one day after; the next is at seven days
      expect(escalations[0]!.to.map((t) => t.email).sort()).toEqual(['m1@example.se', 'samordnare@example.se']);
      expect(mail.text(escalations[0]!)).toContain('Ordförande');

      // A late answer still settles an open round, and the overdue flag clears.
      await answer(handle, round, 'm3', 'approve');
      s = await waitState(handle, (x) => x.decision?.outcome === 'approved', 'approved');
      expect(s.overdue).toBe(false);
      await record(handle, 'side-reminders-escalation');
    });
  });

  it('flags a missed requisition deadline and tells the coordinators', async () => {
    await run(async ({ mail, taskQueue }) => {
      const plan = await seedPlan(env, 'seed004');
      const handle = await startGrant(env, plan, taskQueue, version);
      await settleRound(handle, 'anchoring', 'approve', 'lifo');
      await settleRound(handle, 'anchoring', 'approve', 'fredagsgruppen');
      await settleRound(handle, 'decision', 'approve');
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'requisitioned', partId: 'I' }, actor: 'Regional utveckling' }] });
      await sleepUntil(env, endOfDay(plan.parts[1]!.requisition!.deadline!) + 2 * DAY);
      const s = await handle.query(stateQuery);
      expect(s.parts.find((p) => p.id === 'I')?.requisitionOverdue).toBe(false);
      expect(s.parts.filter((p) => p.requisitionOverdue).map((p) => p.id)).toEqual(['II', 'III', 'IV']);
      expect(s.overdue).toBe(true);
      expect(s.deadlines.filter((d) => d.kind === 'requisition' && d.overdue)).toHaveLength(3);
      const reminders = mail.purpose('requisitionReminder');
      expect(reminders.some((m) => m.key.includes('/requisition/II/escalate:1'))).toBe(true);
      expect(reminders.every((m) => m.to.every((t) => ['jan.persson@example.se', 'elin.ring@example.se'].includes(t.email)))).toBe(true);
    });
  });

  it('escalates an overdue report and clears the flag when it is submitted', async () => {
    await run(async ({ mail, taskQueue }) => {
      const plan = await seedPlan(env, 'seed004');
      const handle = await startGrant(env, plan, taskQueue, version);
      await settleRound(handle, 'anchoring', 'approve', 'lifo');
      await settleRound(handle, 'anchoring', 'approve', 'fredagsgruppen');
      await settleRound(handle, 'decision', 'approve');
      for (const id of ['I', 'II', 'III', 'IV']) await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'requisitioned', partId: id }, actor: 'Enhet' }] });
      const due = plan.reports[0]!.due;
      await sleepUntil(env, endOfDay(due) + 2 * DAY);
      let s = await handle.query(stateQuery);
      expect(s.reports[0]).toMatchObject({ status: 'pending', overdue: true });
      expect(s.stage).toBe('reporting');
      expect(s.overdue).toBe(true);
      expect(mail.purpose('reportReminder')).toHaveLength(2); // 30 and 7 days before
      expect(mail.text(mail.purpose('reportReminder')[0]!)).toContain('ännu inte publicerade');
      expect(mail.purpose('reportEscalation')).toHaveLength(1);
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'reportSubmitted', reportId: 'aterredovisning' }, actor: 'Elin Ring' }] });
      s = await finalState(handle);
      expect(s.status).toBe('closed');
      expect(s.overdue).toBe(false);
      await record(handle, 'side-report-overdue');
    });
  });

});

describe('mail', () => {
  it('keeps every mail through an SMTP outage and delivers it when the server is back', async () => {
    await run(async ({ mail, taskQueue }) => {
      mail.failing = true;
      const handle = await startGrant(env, await boardPlan('TEST/SMTP/1'), taskQueue);
      const round = await waitRound(handle, 'decision');
      await sleepUntil(env, (await currentTime(env)) + 60_000);
      expect(mail.attempts).toBeGreaterThan(1);
      expect(mail.sent).toHaveLength(0);
      // Decisions keep working while mail is down.
      await answer(handle, round, 'm1', 'approve');
      mail.failing = false;
      await sleepUntil(env, (await currentTime(env)) + 15 * 60_000);
      expect(mail.purpose('invitation').map((m) => m.to[0]!.email).sort()).toEqual(['m1@example.se', 'm2@example.se', 'm3@example.se']);
    });
  });
});

describe('steering a grant', () => {
  it('cancels a grant with a reason, tells those still asked, and refuses later answers', async () => {
    await run(async ({ mail, taskQueue }) => {
      const handle = await startGrant(env, await boardPlan('TEST/CANCEL/1'), taskQueue);
      const round = await waitRound(handle, 'decision');
      await answer(handle, round, 'm1', 'approve');
      expect(await refusal(handle.executeUpdate(cancelUpdate, { args: [{ reason: '  ', actor: 'Samordnare' }] }))).toBe('ReasonRequired');
      await handle.executeUpdate(cancelUpdate, { args: [{ reason: 'Statsbidraget drogs in', actor: 'Samordnare' }] });
      const final = await finalState(handle);
      expect(final.status).toBe('cancelled');
      expect(final.cancelled).toMatchObject({ by: 'Samordnare', reason: 'Statsbidraget drogs in' });
      const notice = mail.sent.find((m) => m.key.endsWith('/cancelled'))!;
      expect(notice.to.map((t) => t.email).sort()).toEqual(['m2@example.se', 'm3@example.se', 'samordnare@example.se']);
      await recordHistory(handle, 'side-cancelled');
    });
  });

  it('records an amendment to a stage not yet over, and refuses one that does not add up or lies in the past', async () => {
    await run(async ({ taskQueue }) => {
      const plan = await boardPlan('TEST/AMEND/1');
      const handle = await startGrant(env, plan, taskQueue);
      await waitRound(handle, 'decision');
      const amend = (amendment: unknown, reason = 'Ändrat i testet') =>
        handle.executeUpdate(amendUpdate, { args: [{ amendment: amendment as never, reason, actor: 'Samordnare' }] });

      expect(await refusal(amend({ type: 'amounts', parts: [{ id: 'A', amountOre: 70_000_00 }] }))).toBe('DoesNotAddUp');
      expect(await refusal(amend({ type: 'deadline', target: 'round', groupId: 'rs', date: '2001-01-01' }))).toBe('DateInPast');
      expect(await refusal(amend({ type: 'amounts', parts: [{ id: 'Z', amountOre: 1 }] }))).toBe('UnknownPart');

      const later = addDays(plan.decision.group.deadline!, 14);
      const r1 = await amend({ type: 'deadline', target: 'round', groupId: 'rs', date: later }, 'Sammanträdet flyttat');
      let s = await handle.query(stateQuery);
      // The update answers small: the sequence number of the state it left, read here with the query.
      expect(r1).toEqual({ seq: s.seq, status: 'active', stage: 'decision' });
      expect(s.rounds[0]!.deadline).toBe(later);
      await amend({ type: 'amounts', parts: [{ id: 'A', amountOre: 50_000_00 }, { id: 'B', amountOre: 50_000_00 }] });
      s = await handle.query(stateQuery);
      expect(s.parts.map((p) => p.amountOre)).toEqual([50_000_00, 50_000_00]);
      expect(s.timeline.filter((e) => e.type === 'amended').map((e) => e.comment)).toEqual(['Sammanträdet flyttat', 'Ändrat i testet']);
      // Each amendment says what it changed: before and after.
      expect(s.timeline.filter((e) => e.type === 'amended').map((e) => e.data)).toEqual([
        { type: 'deadline', target: 'round', groupId: 'rs', date: later, before: { date: plan.decision.group.deadline } },
        { type: 'amounts', parts: [{ id: 'A', amountOre: 50_000_00 }, { id: 'B', amountOre: 50_000_00 }], before: { parts: [{ id: 'A', amountOre: plan.parts[0]!.amountOre }, { id: 'B', amountOre: plan.parts[1]!.amountOre }] } },
      ]);
      // The revision as submitted is not changed by the amendments.
      expect(s.revisions![0]!.plan.parts.map((p) => p.amountOre)).toEqual(plan.parts.map((p) => p.amountOre));

      await settleRound(handle, 'decision', 'approve');
      await waitState(handle, (x) => x.decision?.outcome === 'approved', 'approved');
      expect(await refusal(amend({ type: 'amounts', parts: [{ id: 'A', amountOre: 40_000_00 }, { id: 'B', amountOre: 60_000_00 }] }))).toBe('StageOver');
      await recordHistory(handle, 'side-amended');
    });
  });

  it('computes repayment of unused funds once use is recorded for every part', async () => {
    await run(async ({ taskQueue }) => {
      const today = stockholmDate(await currentTime(env));
      const plan = await boardPlan('TEST/REPAY/1', (p) => {
        p.tranches = [{ id: 't1', amountOre: 100_000_00, payee: 'Mottagare', trigger: { on: 'decision' } }];
        p.finance = [{ id: 'eko', name: 'Ekonomi', email: 'eko@example.se' }];
        p.usePeriod = { from: today, to: addDays(today, 60) };
        p.reports = [];
      });
      const handle = await startGrant(env, plan, taskQueue);
      await settleRound(handle, 'decision', 'approve');
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'paymentMade', trancheId: 't1' }, actor: 'Ekonomi' }] });
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'fundsUsed', partId: 'A', usedOre: 60_000_00 }, actor: 'Samordnare' }] });
      expect(await refusal(handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'fundsUsed', partId: 'B', usedOre: 50_000_00 }, actor: 'Samordnare' }] }))).toBe('BadAmount');
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'fundsUsed', partId: 'B', usedOre: 32_500_00 }, actor: 'Samordnare' }] });
      await sleepUntil(env, endOfDay(plan.usePeriod!.to) + DAY);
      let s = await waitState(handle, (x) => x.stage === 'repayment', 'repayment');
      expect(s.money.toRepayOre).toBe(7_500_00);
      expect(await refusal(handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'repaid', amountOre: 8_000_00 }, actor: 'Ekonomi' }] }))).toBe('BadAmount');
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'repaid', amountOre: 7_500_00 }, actor: 'Ekonomi' }] });
      s = await finalState(handle);
      expect(s.status).toBe('closed');
      expect(s.money).toMatchObject({ paidOre: 100_000_00, toRepayOre: 0, repaidOre: 7_500_00 });
      await recordHistory(handle, 'side-repaid');
    });
  });
});

describe('plans that cannot work', () => {
  it('are refused with every problem named, before anything starts', async () => {
    const { checkPlan } = await import('../../domain/validatePlan');
    const seed = SEED_PLANS.seed000;
    const k = yearsToShift(seed.registered, stockholmDate(await currentTime(env)));
    const raw = shiftYears(structuredClone(seed.plan) as Record<string, unknown>, k) as { totalOre: number; signature?: unknown; decision: { group: { rule: unknown } } };
    raw.totalOre += 1;
    delete raw.signature; // the 800 000 kr tranche is paid on signature
    raw.decision.group.rule = { type: 'kOfN', k: 5 };
    const result = checkPlan(raw, `${2024 + k}-12-03`);
    expect(result.ok).toBe(false);
    const paths = !result.ok ? result.problems.map((p) => p.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['totalOre', 'tranches.0.trigger', 'decision.group.rule.k']));
  });
});
