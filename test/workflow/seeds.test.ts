/**
 * The four source cases, end to end through real timers on the time-skipping server, with the
 * figures from the seeds.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { recordFactUpdate, stateQuery } from '../../workflows/grant/contract';
import { formatSek } from '../../domain/money';
import { endOfDay } from '../../domain/dates';
import {
  answer,
  useTimeSkippingEnv,
  makeWorker,
  MailRecorder,
  recordHistory,
  seedPlan,
  settleRound,
  startGrant,
  waitRound,
  waitState,
  DAY,
  sleepUntil,
  finalState,
} from '../helpers/workflowEnv';

let env!: TestWorkflowEnvironment;
useTimeSkippingEnv((e) => (env = e));

let n = 0;
const queue = () => `seeds-${++n}`;

describe('seed 000: IOP with NSPH (RS/728/2024)', () => {
  async function signedGrant(mail: MailRecorder, taskQueue: string) {
    const plan = await seedPlan(env, 'seed000');
    const handle = await startGrant(env, plan, taskQueue);
    expect(await settleRound(handle, 'decision', 'approve')).toBe('approved');
    expect(await settleRound(handle, 'signature', 'approve')).toBe('approved');
    // 800 000 kr falls due on signature; finance confirms the payment through its link.
    const pay = await waitRound(handle, 'payment');
    expect(pay.subject).toContain('800 000,00 kr');
    await answer(handle, pay, 'ekonomi', 'approve');
    await waitState(handle, (s) => s.tranches.find((t) => t.id === 'fast')?.status === 'paid', 'the fixed tranche paid');
    return { plan, handle };
  }

  it('pays 800 000 kr on signature and 350 000 kr when the state decision arrives during 2025', async () => {
    const mail = new MailRecorder();
    const taskQueue = queue();
    const worker = await makeWorker(env, mail, taskQueue);
    await worker.runUntil(async () => {
      const { handle } = await signedGrant(mail, taskQueue);
      let s = await handle.query(stateQuery);
      expect(s.tranches.find((t) => t.id === 'villkorad-2025')?.status).toBe('waiting');
      expect(s.money.paidOre).toBe(80_000_000);

      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'stateDecision', trancheId: 'villkorad-2025', met: true, reference: 'S2025/01234' }, actor: 'Charlotte Funseth' }] });
      const pay = await waitRound(handle, 'payment');
      expect(pay.subject).toContain('350 000,00 kr');
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'paymentMade', trancheId: 'villkorad-2025' }, actor: 'Ekonomienheten' }] });

      const final = await finalState(handle); // skips through the use period 2025–2026
      expect(final.status).toBe('closed');
      expect(final.money.paidOre).toBe(115_000_000);
      expect(formatSek(final.money.paidOre)).toBe('1 150 000,00 kr');
      expect(final.money.lapsedOre).toBe(0);
      expect(final.signedAt).toBeDefined();
      expect(final.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['signed', 'stateDecision', 'paymentMade', 'usePeriodEnded', 'closed']));
      // The decision's extract went to the three recipients of "Utdrag till".
      const extract = mail.purpose('extract')[0]!;
      expect(extract.to.map((t) => t.name)).toEqual(['Chef hälso- och sjukvårdspolitiska avdelningen', 'Chef Folkhälsoenheten', 'NSPH']);
      s = final;
      await recordHistory(handle, 'seed-000-conditional-paid');
    });
  });

  it('records that the 350 000 kr tranche lapsed when no state decision arrives before the end of 2025', async () => {
    const mail = new MailRecorder();
    const taskQueue = queue();
    const worker = await makeWorker(env, mail, taskQueue);
    await worker.runUntil(async () => {
      const { handle } = await signedGrant(mail, taskQueue);
      const final = await finalState(handle);
      const lapsed = final.tranches.find((t) => t.id === 'villkorad-2025')!;
      expect(lapsed.status).toBe('lapsed');
      expect(final.money.paidOre).toBe(80_000_000);
      expect(final.money.lapsedOre).toBe(35_000_000);
      // It lapsed at the end of its deadline day, Stockholm time, not before.
      const deadline = (lapsed.trigger as { deadline: string }).deadline;
      expect(new Date(lapsed.lapsedAt!).getTime()).toBeGreaterThan(Date.parse(`${deadline}T22:59:59Z`));
      expect(mail.sent.some((m) => m.key.endsWith('/tranche/villkorad-2025/lapsed'))).toBe(true);
      await recordHistory(handle, 'seed-000-conditional-lapsed');
    });
  });
});

describe('seed 002: user collaboration in Västra Götaland (2018)', () => {
  it('runs decision by the chair, payment, two reports and a decision to continue', async () => {
    const mail = new MailRecorder();
    const taskQueue = queue();
    const worker = await makeWorker(env, mail, taskQueue);
    await worker.runUntil(async () => {
      const plan = await seedPlan(env, 'seed002');
      const handle = await startGrant(env, plan, taskQueue);
      // Rule "chair": the chair's answer alone settles the steering group's round.
      const round = await waitRound(handle, 'decision');
      const res = await answer(handle, round, 'sg-1', 'approve');
      expect(res.roundOutcome).toBe('approved');

      await answer(handle, await waitRound(handle, 'payment'), 'ekonomi', 'approve');
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'requisitioned', partId: '1' }, actor: 'VästKom' }] });
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'reportSubmitted', reportId: 'rekrytering', comment: 'Två koordinatorer anställda' }, actor: 'Processledare' }] });
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'reportSubmitted', reportId: 'redovisning' }, actor: 'Processledare' }] });
      // The use period ends in October 2019; then the steering group decides on continuation.
      await sleepUntil(env, endOfDay(plan.usePeriod!.to) + DAY);
      const cont = await waitRound(handle, 'continuation');
      await answer(handle, cont, 'sg-1', 'approve');
      const final = await finalState(handle);
      expect(final.status).toBe('closed');
      expect(final.continuation).toBe('continue');
      expect(final.money.paidOre).toBe(200_000_000);
      expect(final.reports.every((r) => r.status === 'submitted' && !r.overdue)).toBe(true);
      await recordHistory(handle, 'seed-002-continuation');
    });
  });
});

describe('seed 003: regional resource centre (RS/1585/2017)', () => {
  it('records the delegated decision, has the board confirm it, and the intermediary requisition the money', async () => {
    const mail = new MailRecorder();
    const taskQueue = queue();
    const worker = await makeWorker(env, mail, taskQueue);
    await worker.runUntil(async () => {
      const plan = await seedPlan(env, 'seed003');
      const handle = await startGrant(env, plan, taskQueue);
      const s0 = await waitState(handle, (s) => s.timeline.some((e) => e.type === 'delegatedDecision'), 'the delegated decision');
      expect(s0.timeline.find((e) => e.type === 'delegatedDecision')?.actor).toBe('Regionstyrelsens ordförande och tf regiondirektör');
      expect(await settleRound(handle, 'decision', 'approve')).toBe('approved');
      const s1 = await waitState(handle, (s) => s.stage === 'requisition', 'requisition');
      expect(s1.decision).toMatchObject({ outcome: 'approved', body: 'Regionstyrelsen', delegated: true });
      expect(s1.parts[0]).toMatchObject({ unit: 'Norrlandstingens regionförbund', amountOre: 600_000_000 });
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'decisionParagraph', paragraph: '§ 245' }, actor: 'Ingela Jönsson' }] });
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'requisitioned', partId: 'RRC' }, actor: 'Norrlandstingens regionförbund' }] });
      const final = await finalState(handle);
      expect(final.status).toBe('closed');
      expect(final.decision?.paragraph).toBe('§ 245');
      expect(final.money.requisitionedOre).toBe(600_000_000);
      expect(final.plan.intermediary?.name).toContain('Norrlandstingens regionförbund');
      await recordHistory(handle, 'seed-003-delegated');
    });
  });
});

describe('seed 004: county funds 2020 under the national agreement', () => {
  it('anchors in LIFO and Fredagsgruppen, decides in SVOM, requisitions four parts and reports after requirements are published', async () => {
    const mail = new MailRecorder();
    const taskQueue = queue();
    const worker = await makeWorker(env, mail, taskQueue);
    await worker.runUntil(async () => {
      const plan = await seedPlan(env, 'seed004');
      expect(plan.parts.map((p) => formatSek(p.amountOre))).toEqual(['6 203 183,05 kr', '1 000 000,00 kr', '2 533 016,95 kr', '1 800 956,91 kr']);
      expect(formatSek(plan.totalOre)).toBe('11 537 156,91 kr');
      const handle = await startGrant(env, plan, taskQueue);

      // Both groups are asked at once; each by its own rule.
      await waitRound(handle, 'anchoring', 'lifo');
      await waitRound(handle, 'anchoring', 'fredagsgruppen');
      expect(await settleRound(handle, 'anchoring', 'approve', 'lifo')).toBe('approved');
      expect(await settleRound(handle, 'anchoring', 'approve', 'fredagsgruppen')).toBe('approved');
      expect(await settleRound(handle, 'decision', 'approve')).toBe('approved');

      const s1 = await waitState(handle, (s) => s.stage === 'requisition', 'requisition');
      expect(s1.money.decidedOre).toBe(1_153_715_691);
      const units = s1.parts.map((p) => p.unit);
      expect(new Set(units).size).toBe(3);
      for (const part of s1.parts) {
        await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'requisitioned', partId: part.id }, actor: part.unit! }] });
      }
      const s2 = await waitState(handle, (s) => s.stage === 'inUse', 'use period');
      expect(s2.money.requisitionedOre).toBe(1_153_715_691);

      // The reporting requirements were "not yet published" when the money was decided.
      expect(s2.reports[0]).toMatchObject({ requirementsPublished: false });
      await handle.executeUpdate(recordFactUpdate, {
        args: [{ fact: { type: 'requirementsPublished', reportId: 'aterredovisning', requirements: 'Redovisning enligt Socialstyrelsens mall' }, actor: 'Jan Persson' }],
      });
      await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'reportSubmitted', reportId: 'aterredovisning' }, actor: 'Elin Ring' }] });
      const final = await finalState(handle);
      expect(final.status).toBe('closed');
      expect(final.reports[0]).toMatchObject({ status: 'submitted', requirementsPublished: true });
      expect(final.timeline.some((e) => e.type === 'usePeriodEnded')).toBe(true);

      // A seed-004-sized grant stays within the history budget.
      const history = await handle.fetchHistory();
      expect(history.events?.length).toBeLessThanOrEqual(250);
      await recordHistory(handle, 'seed-004-full');
    });
  });
});
