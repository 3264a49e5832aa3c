/**
 * What an approver reads on their page, by the kind of round they are in, from a real run of seed 000
 * (decision, signature, payment): a signatory is asked to sign and a finance officer to confirm the
 * payment, never to "ta ställning i" their own name; the page after the answer names the outcome in
 * the words of its kind ("utbetalningen bekräftad", not "bifall"); both languages.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { approvalPage, receiptPage } from '../../api/views/approval';
import { stateQuery, type DecideResult, type DecisionReceipt, type GrantState, type Round } from '../../workflows/grant/contract';
import { pageText } from '../helpers/stack';
import { answer, makeWorker, MailRecorder, seedPlan, startGrant, useTimeSkippingEnv, waitRound, type GrantHandle } from '../helpers/workflowEnv';

let env!: TestWorkflowEnvironment;
useTimeSkippingEnv((e) => (env = e));

const asked = (s: GrantState, round: Round, lang: 'sv' | 'en') => pageText(approvalPage({ lang, grant: s, round, seat: round.seats[0]!, path: '/a/t', formToken: 'f' }));
const receipt = (result: DecideResult, lang: 'sv' | 'en') => pageText(receiptPage({ lang, result: result as DecideResult & { receipt: DecisionReceipt }, path: '/a/t' }));

/** The round of `kind` as it stands, and the page its first seat sees. */
async function open(handle: GrantHandle, kind: Round['kind']) {
  const round = await waitRound(handle, kind);
  return { round, s: await handle.query(stateQuery) };
}

it('asks each kind of round for what it does, and names its outcome in its own words (seed 000, sv and en)', async () => {
  const taskQueue = 'approval-words';
  await (await makeWorker(env, new MailRecorder(), taskQueue)).runUntil(async () => {
    const handle = await startGrant(env, await seedPlan(env, 'seed000'), taskQueue);

    const decision = await open(handle, 'decision');
    expect(asked(decision.s, decision.round, 'sv')).toContain(`${decision.round.seats[0]!.actingName}, du ombeds ta ställning i ${decision.round.name}.`);
    let last: DecideResult | undefined;
    for (const seat of decision.round.seats) {
      last = await answer(handle, decision.round, seat.memberId, 'approve');
      if (last.roundOutcome) break;
    }
    expect(last!.roundOutcome).toBe('approved');
    expect(receipt(last!, 'sv')).toContain('Omgången är avgjord: bifall.');
    expect(receipt(last!, 'en')).toContain('The round is settled: approved.');

    const signature = await open(handle, 'signature');
    const signatory = signature.round.seats[0]!.actingName;
    expect(asked(signature.s, signature.round, 'sv')).toContain(`${signatory}, du ombeds underteckna beslutet.`);
    expect(asked(signature.s, signature.round, 'en')).toContain(`${signatory}, you are asked to sign the decision.`);
    expect(asked(signature.s, signature.round, 'sv')).not.toContain('ta ställning i');
    const signed = await answer(handle, signature.round, signature.round.seats[0]!.memberId, 'approve');
    expect(receipt(signed, 'sv')).toContain('Omgången är avgjord: undertecknat.');

    const payment = await open(handle, 'payment');
    const officer = payment.round.seats[0]!.actingName;
    expect(asked(payment.s, payment.round, 'sv')).toContain(`${officer}, du ombeds bekräfta när utbetalningen är gjord.`);
    expect(asked(payment.s, payment.round, 'en')).toContain(`${officer}, you are asked to confirm once the payment is made.`);
    const paid = await answer(handle, payment.round, payment.round.seats[0]!.memberId, 'approve');
    expect(receipt(paid, 'sv')).toContain('Omgången är avgjord: utbetalningen bekräftad.');
    expect(receipt(paid, 'sv')).not.toMatch(/bifall|tillstyrkt/);
    expect(receipt(paid, 'en')).toContain('The round is settled: payment confirmed.');
  });
});
