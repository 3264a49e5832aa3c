/**
 * What people read in mail: every purpose rendered from real workflow runs, in Swedish and English,
 * and every amount in it checked against the grant's state: a payment mail names its tranche's
 * amount and no other, an extract its parts and total, a lapse its tranche. One event sends one mail
 * per recipient (återremiss: one mail to the coordinators, with the reasons).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { renderMail } from '../../activities/templates';
import { cancelUpdate, recordFactUpdate, stateQuery, type GrantState, type MailPurpose, type MailRequest } from '../../workflows/grant/contract';
import { endOfDay, formatDate } from '../../domain/calendar';
import { formatSek } from '../../domain/sek';
import { answer, DAY, finalState, makeWorker, MailRecorder, recordHistory, seedPlan, settleRound, sleepUntil, startGrant, useTimeSkippingEnv, waitRound, waitState } from '../helpers/workflowEnv';

let env!: TestWorkflowEnvironment;
// A test server per test: the tests skip time (months, years) and each starts on a clock of its own.
useTimeSkippingEnv((e) => (env = e), { perTest: true });
let n = 0;
const queue = () => `mail-figures-${++n}`;

/** Every amount written in a text, as öre ("1 150 000,00 kr" → 115000000). */
function amountsIn(text: string): number[] {
  return [...text.matchAll(/(\d{1,3}(?:[\s\u00a0]\d{3})*),(\d{2})\s?kr/g)].map((m) => Number(m[1]!.replace(/[\s\u00a0]/g, '')) * 100 + Number(m[2]));
}

/** Funds used as the grant's state records them: the sum over its parts. */
const usedOre = (s: GrantState) => s.parts.reduce((a, p) => a + (p.usedOre ?? 0), 0);

/**
 * The amounts a mail may name, from the grant's state: what concerns its reader. `s` is the state
 * when the mail was sent (for a repayment: while the repayment is due, before it is recorded).
 */
function allowedAmounts(m: MailRequest, s: GrantState): number[] {
  const f = m.facts;
  if (!f) return []; // mail written by older workflow code (subject and lines): no purpose of today's sends it
  switch (f.about) {
    case 'round':
      if (f.round.kind === 'payment') return [s.tranches.find((t) => t.id === f.tranche!.id)!.amountOre];
      return [s.plan.totalOre, ...s.parts.map((p) => p.amountOre)];
    case 'decision':
      return [s.plan.totalOre, ...s.parts.map((p) => p.amountOre)];
    case 'lapsed':
      return [s.tranches.find((t) => t.id === f.tranche.id)!.amountOre];
    case 'requisition':
      return [s.parts.find((p) => p.id === f.part.id)!.amountOre];
    case 'repayment':
      // What was paid out, what was used, what was repaid already, and what is to be repaid.
      return [s.money.paidOre, usedOre(s), s.money.repaidOre, s.money.toRepayOre];
    case 'overdueRound': // who is late and since when; no money
    case 'returned': // who returned it and why
    case 'report': // which report is due, to whom, by when
    case 'cancelled': // who cancelled and why
      return [];
    default: {
      const unknown: never = f;
      throw new Error(`no amounts decided for ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The purposes each test below renders from its run, every mail of it through checkFigures (each
 * test ends with expectCovered, which holds it to this list). Together they must be the whole
 * MailPurpose union but for LEGACY (the last test).
 */
const COVERED = {
  decisionPaymentLapse: ['invitation', 'outcome', 'extract', 'trancheLapsed'],
  returnedCancelled: ['invitation', 'extract', 'returned', 'cancelled'],
  approvedExtract: ['invitation', 'outcome', 'extract'],
  roundNotices: ['invitation', 'reminder', 'escalation', 'outcome', 'extract'],
  requisitionNotices: ['invitation', 'outcome', 'extract', 'requisitionReminder'],
  reportNotices: ['invitation', 'outcome', 'extract', 'reportReminder', 'reportEscalation'],
  repayment: ['invitation', 'outcome', 'extract', 'repayment'],
} as const satisfies Record<string, readonly MailPurpose[]>;

/**
 * Purposes of the union no run of today's workflow code sends: mail scheduled by workflow code
 * before 2026-12-02 (subject and lines written by the workflow, no facts), kept so that such mail
 * still in a running grant's outbox is delivered. They cannot be rendered from a real run here.
 */
const LEGACY: Partial<Record<MailPurpose, string>> = {
  notice: 'scheduled by workflow code before 2026-12-02; no code sends it since',
  paymentOrder: 'scheduled by workflow code before 2026-12-02; no code sends it since',
};

/** The mails (by key) checkFigures rendered in the running test (reset before each). */
const rendered = new Map<string, MailPurpose>();
beforeEach(() => rendered.clear());

/** The test's run sent exactly the purposes COVERED lists for it, and checkFigures rendered every mail it sent. */
function expectCovered(test: keyof typeof COVERED, mail: MailRecorder) {
  expect(mail.sent.filter((m) => rendered.get(m.key) !== m.purpose).map((m) => m.key)).toEqual([]);
  expect(new Set(mail.sent.map((m) => m.purpose))).toEqual(new Set(COVERED[test]));
  expect(new Set(rendered.values())).toEqual(new Set(COVERED[test]));
}

/** Renders a mail in both languages and checks that nothing is missing and every amount is the state's. */
function checkFigures(m: MailRequest, s: GrantState) {
  rendered.set(m.key, m.purpose);
  for (const lang of ['sv', 'en'] as const) {
    const r = renderMail({ ...m, lang }, m.link ? { url: 'https://grantflow.example.se/a/t', expires: '2030-01-01 12:00' } : undefined);
    for (const text of [r.subject, r.text]) {
      expect(text).not.toMatch(/undefined|NaN|\[object|null/);
      const allowed = allowedAmounts(m, s);
      for (const a of amountsIn(text)) expect(allowed).toContain(a);
    }
    expect(r.html).toContain(`lang="${lang}"`);
    expect(r.text.split('\n')[0]).toMatch(lang === 'sv' ? /^Hej/ : /^Hello/);
  }
}

it('asks finance for the tranche amount, tells the lapse with the coordinator’s comment, and reports the decision with its figures (seed 000)', async () => {
  const mail = new MailRecorder();
  const taskQueue = queue();
  await (await makeWorker(env, mail, taskQueue)).runUntil(async () => {
    const plan = await seedPlan(env, 'seed000');
    const handle = await startGrant(env, plan, taskQueue);
    const board = await waitRound(handle, 'decision');
    await answer(handle, board, 'rs-3', 'reject', { comment: 'Vill se en budget per år' });
    await answer(handle, board, 'rs-1', 'approve');
    await answer(handle, board, 'rs-2', 'approve');
    await settleRound(handle, 'signature', 'approve');
    const pay = await waitRound(handle, 'payment');
    await answer(handle, pay, 'ekonomi', 'approve');
    await waitState(handle, (s) => s.tranches.find((t) => t.id === 'fast')?.status === 'paid', 'the fixed tranche paid');
    await handle.executeUpdate(recordFactUpdate, {
      args: [{ fact: { type: 'stateDecision', trancheId: 'villkorad-2025', met: false, reference: 'S2025/77', comment: 'Regeringen avsatte inga medel för 2025' }, actor: 'Charlotte Funseth' }],
    });
    const s = await finalState(handle);

    const [payment] = mail.sent.filter((m) => m.facts?.about === 'round' && m.facts.round.kind === 'payment');
    const paymentText = renderMail(payment!).text;
    expect(amountsIn(paymentText)).toEqual([80_000_000, 80_000_000]); // the sentence and the table; never the total
    expect(renderMail(payment!).subject).toContain(formatSek(80_000_000));

    const signature = mail.sent.find((m) => m.facts?.about === 'round' && m.facts.round.kind === 'signature')!;
    expect(renderMail(signature).text).toContain('Du ombeds underteckna');
    expect(renderMail(signature).text).not.toContain('ta ställning i');

    const lapsed = mail.purpose('trancheLapsed');
    expect(lapsed).toHaveLength(1);
    const lapsedMail = renderMail(lapsed[0]!);
    expect(lapsedMail.subject).not.toMatch(/förfallen/);
    expect(lapsedMail.text).toContain('villkoret uppfylldes inte');
    expect(lapsedMail.text).toContain('Regeringen avsatte inga medel för 2025');
    expect(amountsIn(lapsedMail.text)).toContain(35_000_000);

    const extract = renderMail(mail.purpose('extract')[0]!).text;
    expect(extract.startsWith('Hej,\n')).toBe(true);
    expect(extract).toContain('Svar: 2 tillstyrker, 1 avstyrker, 0 återremitterar, 0 svarade inte (av 3).');
    expect(extract).toContain('Vill se en budget per år');
    expect(amountsIn(extract)).toContain(s.plan.totalOre);
    for (const motion of s.plan.decision.motions) expect(extract).toContain(motion);

    for (const m of mail.sent) checkFigures(m, s);
    expectCovered('decisionPaymentLapse', mail);
  });
});

/** A seed-004 grant anchored in both groups, its SVOM round open, with a worker recording mail. */
async function anchored004(test: (ctx: { mail: MailRecorder; handle: Awaited<ReturnType<typeof startGrant>> }) => Promise<void>) {
  const mail = new MailRecorder();
  const taskQueue = queue();
  await (await makeWorker(env, mail, taskQueue)).runUntil(async () => {
    const plan = await seedPlan(env, 'seed004');
    const handle = await startGrant(env, plan, taskQueue);
    for (const g of plan.anchoring!.groups) await settleRound(handle, 'anchoring', 'approve', g.id);
    await test({ mail, handle });
  });
}

it('tells the coordinators of a return once, with the reasons, and lists the parts in the extract (seed 004)', async () => {
  await anchored004(async ({ mail, handle }) => {
    const svom = await waitRound(handle, 'decision');
    for (const seat of svom.seats) {
      const res = await answer(handle, svom, seat.memberId, 'return', { comment: `Fördelningen behöver motiveras (${seat.memberId})` });
      if (res.roundOutcome) break;
    }
    const s = await waitState(handle, (x) => x.status === 'returned', 'the grant returned');
    const coordinatorEmails = s.plan.coordinators.map((c) => c.email);
    const toCoordinators = mail.sent.filter((m) => m.to.some((t) => coordinatorEmails.includes(t.email)) && m.key.includes('/r1/'));
    expect(toCoordinators.map((m) => m.purpose)).toEqual(['returned']);
    const returned = renderMail(toCoordinators[0]!).text;
    expect(returned).toContain('Fördelningen behöver motiveras');
    expect(returned).toContain('ny revision');

    const extract = mail.purpose('extract')[0]!;
    const text = renderMail(extract).text;
    for (const p of s.parts) expect(text).not.toContain(formatSek(p.amountOre)); // not approved: the motions, not the money
    expect(text).toContain('återremitterat');
    for (const m of mail.sent) checkFigures(m, s);

    await handle.executeUpdate(cancelUpdate, { args: [{ reason: 'Medlen drogs tillbaka', actor: 'Elin Ring' }] });
    const cancelled = await waitState(handle, (x) => x.status === 'cancelled', 'cancelled');
    await waitState(handle, () => mail.purpose('cancelled').length > 0, 'the cancellation mail', 5_000).catch(() => undefined);
    const [c] = mail.purpose('cancelled');
    expect(renderMail(c!).text).toContain('Medlen drogs tillbaka');
    checkFigures(c!, cancelled);
    await finalState(handle);
    await recordHistory(handle, 'side-decision-returned-cancelled');
    expectCovered('returnedCancelled', mail);
  });
});

it('writes each part’s amount and the total in an approved decision’s extract (seed 004)', async () => {
  await anchored004(async ({ mail, handle }) => {
    await settleRound(handle, 'decision', 'approve');
    const s = await waitState(handle, (x) => x.decision?.outcome === 'approved', 'the decision');
    const extract = renderMail(mail.purpose('extract')[0]!).text;
    for (const p of s.parts) expect(extract).toContain(`${p.id}. ${p.name}`);
    expect(amountsIn(extract).sort()).toEqual([...s.parts.map((p) => p.amountOre), s.plan.totalOre].sort());
    const invitation = mail.sent.find((m) => m.facts?.about === 'round' && m.facts.round.kind === 'decision')!;
    const invited = renderMail(invitation).text;
    expect(invited).toContain('Förslag till beslut:');
    expect(amountsIn(invited).sort()).toEqual([...s.parts.map((p) => p.amountOre), s.plan.totalOre].sort());
    for (const m of mail.sent) checkFigures(m, await handle.query(stateQuery));
    expectCovered('approvedExtract', mail);
  });
});

/** A worker of its own (its own task queue) for one test, with a recorder for the mail it sends. */
async function run(test: (ctx: { mail: MailRecorder; taskQueue: string }) => Promise<void>) {
  const mail = new MailRecorder();
  const taskQueue = queue();
  await (await makeWorker(env, mail, taskQueue)).runUntil(() => test({ mail, taskQueue }));
}

/** Waits until the recorder holds `count` mails of a purpose (mail goes out by activity, after the timer that caused it). */
const waitMail = (handle: Awaited<ReturnType<typeof startGrant>>, mail: MailRecorder, purpose: MailPurpose, count: number) =>
  waitState(handle, () => mail.purpose(purpose).length >= count, `${count} ${purpose} mail(s)`);

it('reminds the members who have not answered before a deadline and escalates after it, with the grant’s figures (seed 000)', async () => {
  await run(async ({ mail, taskQueue }) => {
    const plan = await seedPlan(env, 'seed000');
    const handle = await startGrant(env, plan, taskQueue);
    const board = await waitRound(handle, 'decision');
    await answer(handle, board, 'rs-2', 'approve');
    // The decision round: reminders 7 and 1 days before its deadline to the two who have not answered, an escalation one day after.
    await sleepUntil(env, endOfDay(board.deadline!) + 2 * DAY);
    await waitMail(handle, mail, 'reminder', 4);
    await waitMail(handle, mail, 'escalation', 1);
    let s = await handle.query(stateQuery);
    const pending = s.rounds.find((r) => r.id === board.id)!.seats.filter((x) => !x.answer);
    expect(mail.purpose('reminder').map((m) => m.to[0]!.email).sort()).toEqual(pending.flatMap((x) => [x.actingEmail, x.actingEmail]).sort());
    const [overdue] = mail.purpose('escalation');
    expect(overdue!.facts).toMatchObject({ about: 'overdueRound', round: { deadline: s.rounds.find((r) => r.id === board.id)!.deadline }, pending: pending.map((x) => x.actingName) });
    expect(renderMail(overdue!).text).toContain(formatDate(board.deadline!, 'sv'));

    // A late answer settles it; the signature round then reminds and escalates by its own deadline.
    await answer(handle, board, pending[0]!.memberId, 'approve');
    const sign = await waitRound(handle, 'signature');
    await sleepUntil(env, endOfDay(sign.deadline!) + 2 * DAY);
    await waitMail(handle, mail, 'reminder', 6);
    await waitMail(handle, mail, 'escalation', 2);
    s = await handle.query(stateQuery);
    const signReminders = mail.purpose('reminder').filter((m) => m.facts?.about === 'round' && m.facts.round.kind === 'signature');
    expect(signReminders).toHaveLength(2);
    for (const m of signReminders) expect(amountsIn(renderMail(m).text)).toEqual([s.plan.totalOre]);
    for (const m of mail.purpose('reminder').filter((x) => x.facts?.about === 'round' && x.facts.round.kind === 'decision')) {
      expect(amountsIn(renderMail(m).text)).toEqual([s.plan.totalOre]); // one part: the total, once
    }
    for (const m of mail.sent) checkFigures(m, s);
    expectCovered('roundNotices', mail);
  });
});

it('reminds of each part’s requisition with that part’s amount and escalates it after the deadline (seed 004)', async () => {
  await anchored004(async ({ mail, handle }) => {
    await settleRound(handle, 'decision', 'approve');
    let s = await waitState(handle, (x) => x.decision?.outcome === 'approved', 'the decision');
    await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'requisitioned', partId: 'I' }, actor: 'Regional utveckling' }] });
    const waiting = s.parts.filter((p) => p.id !== 'I' && p.requisitionDeadline);
    const last = waiting.map((p) => p.requisitionDeadline!).sort().at(-1)!;
    // 14 and 3 days before the deadline, and 1 day after it: three per part not yet requisitioned.
    await sleepUntil(env, endOfDay(last) + 2 * DAY);
    await waitMail(handle, mail, 'requisitionReminder', 3 * waiting.length);
    s = await handle.query(stateQuery);
    const reminders = mail.purpose('requisitionReminder');
    expect(new Set(reminders.map((m) => (m.facts?.about === 'requisition' ? m.facts.part.id : '')))).toEqual(new Set(s.parts.filter((p) => !p.requisitionedAt).map((p) => p.id)));
    for (const m of reminders) {
      const f = m.facts as Extract<MailRequest['facts'], { about: 'requisition' }>;
      const part = s.parts.find((p) => p.id === f.part.id)!;
      const text = renderMail(m).text;
      expect(amountsIn(text)).toEqual([part.amountOre]);
      expect(text).toContain(formatDate(part.requisitionDeadline!, 'sv'));
    }
    expect(reminders.filter((m) => m.facts?.about === 'requisition' && m.facts.notice === 'escalate')).toHaveLength(waiting.length);
    for (const m of mail.sent) checkFigures(m, s);
    expectCovered('requisitionNotices', mail);
  });
});

it('reminds of a report before it is due and escalates it after, and closes the grant when it is submitted (seed 004)', async () => {
  await anchored004(async ({ mail, handle }) => {
    await settleRound(handle, 'decision', 'approve');
    let s = await waitState(handle, (x) => x.decision?.outcome === 'approved', 'the decision');
    for (const p of s.parts) await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'requisitioned', partId: p.id }, actor: 'Enhet' }] });
    const report = s.reports[0]!;
    // 30 and 7 days before the due date, and 1 day after it.
    await sleepUntil(env, endOfDay(report.due) + 2 * DAY);
    await waitMail(handle, mail, 'reportReminder', 2);
    await waitMail(handle, mail, 'reportEscalation', 1);
    s = await handle.query(stateQuery);
    expect(s.reports[0]).toMatchObject({ status: 'pending', overdue: true });
    for (const m of [...mail.purpose('reportReminder'), ...mail.purpose('reportEscalation')]) {
      const text = renderMail(m).text;
      expect(text).toContain(formatDate(s.reports[0]!.due, 'sv'));
      expect(text).toContain(s.reports[0]!.what);
      expect(amountsIn(text)).toEqual([]);
    }
    await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'reportSubmitted', reportId: report.id }, actor: 'Elin Ring' }] });
    s = await finalState(handle);
    expect(s.status).toBe('closed');
    for (const m of mail.sent) checkFigures(m, s);
    expectCovered('reportNotices', mail);
  });
});

it('asks for the unused money back with what was paid, what was used and what is to be repaid, as the grant holds them (seed 000)', async () => {
  await run(async ({ mail, taskQueue }) => {
    const plan = await seedPlan(env, 'seed000');
    const handle = await startGrant(env, plan, taskQueue);
    await settleRound(handle, 'decision', 'approve');
    await settleRound(handle, 'signature', 'approve');
    const fixed = await waitRound(handle, 'payment');
    await answer(handle, fixed, 'ekonomi', 'approve');
    const conditional = plan.tranches.find((t) => t.trigger.on === 'condition')!;
    await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'stateDecision', trancheId: conditional.id, met: true, reference: 'S2025/12' }, actor: 'Charlotte Funseth' }] });
    await waitState(handle, (x) => !!x.rounds.find((r) => r.id === `payment:${conditional.id}` && !r.closedAt), 'the conditional tranche’s payment round');
    await answer(handle, (await handle.query(stateQuery)).rounds.find((r) => r.id === `payment:${conditional.id}`)!, 'ekonomi', 'approve');
    let s = await waitState(handle, (x) => x.tranches.every((t) => t.status === 'paid'), 'every tranche paid');
    // Less was used than was paid: 1 012 345,67 kr of the one part.
    await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'fundsUsed', partId: s.parts[0]!.id, usedOre: 101_234_567 }, actor: 'Charlotte Funseth' }] });
    // Some of it comes back early, before the use period ends: the mail must name it, or its figures do not add up.
    const early = 4_000_000;
    await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'repaid', amountOre: early }, actor: 'Ekonomienheten' }] });

    await sleepUntil(env, endOfDay(plan.usePeriod!.to) + DAY);
    await waitMail(handle, mail, 'repayment', 1);
    s = await waitState(handle, (x) => x.stage === 'repayment', 'the repayment stage');
    const [repayment] = mail.purpose('repayment');
    expect(repayment!.facts).toEqual({ about: 'repayment', paidOre: s.money.paidOre, usedOre: usedOre(s), repaidOre: early, amountOre: s.money.toRepayOre });
    expect(s.money.paidOre).toBe(s.tranches.reduce((a, t) => a + t.amountOre, 0));
    expect(s.money.repaidOre).toBe(early);
    expect(s.money.toRepayOre).toBe(s.money.paidOre - usedOre(s) - early);
    for (const lang of ['sv', 'en'] as const) {
      const r = renderMail({ ...repayment!, lang });
      expect(amountsIn(r.subject)).toEqual([s.money.toRepayOre]);
      expect(amountsIn(r.text)).toEqual([s.money.paidOre, usedOre(s), early, s.money.toRepayOre]);
    }
    for (const m of mail.sent) checkFigures(m, s); // the state while the repayment is due

    await handle.executeUpdate(recordFactUpdate, { args: [{ fact: { type: 'repaid', amountOre: s.money.toRepayOre }, actor: 'Ekonomienheten' }] });
    const closed = await finalState(handle);
    expect(closed.money).toMatchObject({ toRepayOre: 0, repaidOre: early + (repayment!.facts as { amountOre: number }).amountOre });
    expectCovered('repayment', mail);
  });
});

/** The MailPurpose union as workflows/grant/mail.ts declares it. */
function mailPurposes(): string[] {
  const source = fs.readFileSync(path.resolve(__dirname, '../../workflows/grant/mail.ts'), 'utf8');
  const union = /export type MailPurpose =([^;]*);/.exec(source)![1]!.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  return [...union.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

/** Every TypeScript file of the workflow code (what decides which mail is sent). */
function workflowSources(dir = path.resolve(__dirname, '../../workflows')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? workflowSources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

it('renders every mail purpose from a real run in the tests above, but for the legacy ones no workflow code sends any more', () => {
  const union = mailPurposes();
  expect(union).toEqual(expect.arrayContaining(['invitation', 'repayment', 'cancelled']));
  const covered = new Set<string>(Object.values(COVERED).flat());
  const legacy = Object.keys(LEGACY);
  expect([...covered].sort()).toEqual(union.filter((p) => !legacy.includes(p)).sort());
  expect(legacy.filter((p) => covered.has(p) || !union.includes(p))).toEqual([]);
  // A legacy purpose stays excused only while no workflow code sends it.
  for (const file of workflowSources().filter((f) => !f.endsWith(path.join('grant', 'mail.ts')))) {
    const source = fs.readFileSync(file, 'utf8');
    for (const p of legacy) expect({ file, sends: source.includes(`'${p}'`) || source.includes(`"${p}"`) }).toEqual({ file, sends: false });
  }
});
