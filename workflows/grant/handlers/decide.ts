/**
 * An approver's answer through their link: approve, reject, return (återremiss) or delegate to a
 * named substitute. The validator refuses a stale or invalid answer without it entering history.
 */
import { uuid4 } from '@temporalio/workflow';
import { settle } from '../../../domain/rules';
import type { DecideInput, DecideResult, DecisionReceipt, Round, Seat } from '../contract';
import { closeRound, invite } from '../rounds';
import type { GrantRun } from '../run';
import { markPaid } from '../stages/money';
import { refuse } from './refuse';

function findSeat(run: GrantRun, input: DecideInput): { round: Round; seat: Seat } {
  const round = run.state.rounds.find((r) => r.id === input.roundId);
  if (!round) refuse('UnknownRound');
  const seat = round.seats.find((s) => s.memberId === input.memberId);
  if (!seat) refuse('UnknownSeat');
  return { round, seat };
}

export function validateDecide(run: GrantRun, input: DecideInput): void {
  const { round, seat } = findSeat(run, input);
  if (seat.nonce !== input.nonce) refuse('LinkReplaced');
  if (seat.answer) refuse('AlreadyAnswered', { answer: seat.answer, by: seat.answeredBy, at: seat.answeredAt });
  if (round.closedAt) refuse('RoundClosed', { at: round.closedAt, outcome: round.outcome });
  if (run.state.status !== 'active') refuse('GrantNotActive', { status: run.state.status });
  if ((input.action === 'reject' || input.action === 'return') && !input.comment?.trim()) refuse('CommentRequired');
  if (input.action === 'reject' && (round.kind === 'signature' || round.kind === 'payment')) refuse('ActionNotAllowed', { action: input.action, round: round.kind });
  if (input.action === 'return' && round.kind === 'payment') refuse('ActionNotAllowed', { action: input.action, round: round.kind });
  if (input.action === 'delegate') {
    if (!seat.substitutes.some((s) => s.id === input.substituteId)) refuse('UnknownSubstitute');
    if (seat.delegations.length > 0) refuse('AlreadyDelegated');
  }
}

export function handleDecide(run: GrantRun, input: DecideInput): DecideResult {
  const { round, seat } = findSeat(run, input);
  const actor = seat.actingName;
  if (input.action === 'delegate') {
    const sub = seat.substitutes.find((s) => s.id === input.substituteId)!;
    seat.delegations.push({ from: seat.actingName, to: sub.name, at: run.nowIso(), comment: input.comment });
    seat.actingId = sub.id;
    seat.actingName = sub.name;
    seat.actingEmail = sub.email;
    seat.nonce = uuid4();
    run.record('delegated', actor, { comment: input.comment, data: { roundId: round.id, to: sub.name } });
    invite(run, round, seat, 'invitation');
    run.refresh();
    return { roundId: round.id, action: input.action, actor, receipt: receiptOf(run, round, seat) };
  }
  seat.answer = input.action;
  seat.comment = input.comment?.trim() || undefined;
  seat.answeredAt = run.nowIso();
  seat.answeredBy = actor;
  run.record('answered', actor, { comment: seat.comment, data: { roundId: round.id, kind: round.kind, answer: input.action, onBehalfOf: seat.actingId !== seat.memberId ? seat.name : undefined } });
  const outcome = settle(round.rule, round.seats, round.chairId);
  if (outcome) closeRound(run, round, outcome);
  if (round.kind === 'payment' && outcome === 'approved') {
    const t = run.state.tranches.find((x) => `payment:${x.id}` === round.id);
    if (t && t.status !== 'paid') markPaid(run, t, actor);
  }
  run.refresh();
  return { roundId: round.id, action: input.action, roundOutcome: outcome, actor, receipt: receiptOf(run, round, seat) };
}

/** What the approver's page shows after the answer: a few hundred bytes, kept in history. */
function receiptOf(run: GrantRun, round: Round, seat: Seat): DecisionReceipt {
  const s = run.state;
  return {
    caseNumber: s.caseNumber,
    title: s.plan.title,
    organisation: s.plan.organisation,
    lang: s.plan.lang,
    roundName: round.name,
    roundKind: round.kind,
    actingName: seat.actingName,
    answeredAt: seat.answeredAt,
    comment: seat.comment,
    answered: round.seats.filter((x) => x.answer).length,
    seats: round.seats.length,
    closedAt: round.closedAt,
  };
}
