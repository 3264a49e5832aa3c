/**
 * What people read in mail: every purpose rendered from real workflow runs, in Swedish and English,
 * and every amount in it checked against the grant's state: a payment mail names its tranche's
 * amount and no other, an extract its parts and total, a lapse its tranche. One event sends one mail
 * per recipient (återremiss: one mail to the coordinators, with the reasons).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { renderMail } from '../../activities/templates';
import { cancelUpdate, recordFactUpdate, stateQuery, type GrantState, type MailRequest } from '../../workflows/grant/contract';
import { formatSek } from '../../domain/sek';
import { answer, finalState, makeWorker, MailRecorder, recordHistory, seedPlan, settleRound, startGrant, useTimeSkippingEnv, waitRound, waitState } from '../helpers/workflowEnv';

let env!: TestWorkflowEnvironment;
useTimeSkippingEnv((e) => (env = e));
let n = 0;
const queue = () => `mail-figures-${++n}`;

/** Every amount written in a text, as öre ("1 150 000,00 kr" → 115000000). */
function amountsIn(text: string): number[] {
  return [...text.matchAll(/(\d{1,3}(?:[\s\u00a0]\d{3})*),(\d{2})\s?kr/g)].map((m) => Number(m[1]!.replace(/[\s\u00a0]/g, '')) * 100 + Number(m[2]));
}

/** The amounts a mail may name, from the grant's state: what concerns its reader. */
function allowedAmounts(m: MailRequest, s: GrantState): number[] {
  const f = m.facts!;
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
    default:
      return [];
  }
}

/** Renders a mail in both languages and checks that nothing is missing and every amount is the state's. */
function checkFigures(m: MailRequest, s: GrantState) {
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
  });
});
