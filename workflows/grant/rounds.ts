/**
 * Rounds: a group (or one signatory, or finance) is asked; each seat answers through its link; the
 * group's rule settles the outcome. Reminders before the deadline, an overdue mark at its end and
 * escalation after it, each sent once (the round remembers its notices across continue-as-new).
 */
import { uuid4 } from '@temporalio/workflow';
import type { Group, Person } from '../../domain/plan';
import { describeRule, type Outcome } from '../../domain/rules';
import type { MailFacts, Round, RoundKind, Seat } from './contract';
import { SYSTEM, type GrantRun } from './run';
import { noticesFor } from './scheduling';

export function roundId(run: GrantRun, kind: RoundKind, groupId: string): string {
  return `${kind}:${groupId}:r${run.state.revision}`;
}

function seatFor(m: Person & { substitutes?: Person[] }): Seat {
  return {
    memberId: m.id,
    name: m.name,
    email: m.email,
    title: m.title,
    actingId: m.id,
    actingName: m.name,
    actingEmail: m.email,
    nonce: uuid4(),
    substitutes: m.substitutes ?? [],
    delegations: [],
  };
}

/** Opens the round (or returns it, when this revision already opened it) and invites every seat. */
export function openRound(run: GrantRun, kind: RoundKind, group: Group, subject?: string, id = roundId(run, kind, group.id)): Round {
  const s = run.state;
  const existing = s.rounds.find((r) => r.id === id);
  if (existing) return existing;
  const round: Round = {
    id,
    kind,
    revision: s.revision,
    groupId: group.id,
    name: group.name,
    rule: group.rule,
    chairId: group.chairId,
    deadline: group.deadline,
    remindDaysBefore: group.schedule.remindDaysBefore,
    escalateDaysAfter: group.schedule.escalateDaysAfter,
    seats: group.members.map(seatFor),
    openedAt: run.nowIso(),
    notices: [],
    subject,
  };
  s.rounds.push(round);
  run.record('roundOpened', SYSTEM, { data: { roundId: id, kind, group: group.name, deadline: group.deadline, rule: describeRule(group.rule, group.members.length) } });
  for (const seat of round.seats) invite(run, round, seat, 'invitation');
  run.refresh();
  return round;
}

/** What a seat is asked, with the amount that concerns it: a payment round's tranche, else the total. */
function askFacts(run: GrantRun, round: Round, reminder?: number): MailFacts {
  const plan = run.state.plan;
  const tranche = round.kind === 'payment' ? run.state.tranches.find((t) => `payment:${t.id}` === round.id) : undefined;
  const parts = round.kind === 'payment' || round.kind === 'signature' ? undefined : run.state.parts.map((p) => ({ id: p.id, name: p.name, amountOre: p.amountOre }));
  return {
    about: 'round',
    round: { kind: round.kind, name: round.name, deadline: round.deadline },
    amountOre: tranche?.amountOre ?? plan.totalOre,
    ...(parts ? { parts } : {}),
    ...(round.kind === 'decision' ? { motions: plan.decision.motions } : {}),
    ...(round.kind === 'signature' && plan.signature ? { document: plan.signature.document } : {}),
    ...(tranche ? { tranche: { id: tranche.id, payee: tranche.payee, amountOre: tranche.amountOre, partId: tranche.partId } } : {}),
    ...(reminder ? { reminder } : {}),
  };
}

export function invite(run: GrantRun, round: Round, seat: Seat, purpose: 'invitation' | 'reminder'): void {
  run.outbox.enqueue({
    key: `${run.state.workflowId}/${round.id}/${seat.actingId}/${purpose}${purpose === 'reminder' ? `:${round.notices.length}` : ''}`,
    purpose,
    to: [{ name: seat.actingName, email: seat.actingEmail }],
    link: { roundId: round.id, memberId: seat.memberId, nonce: seat.nonce },
    facts: askFacts(run, round, purpose === 'reminder' ? round.notices.filter((k) => k.startsWith('remind:')).length : undefined),
  });
}

export function closeRound(run: GrantRun, round: Round, outcome: Outcome): void {
  round.outcome = outcome;
  round.closedAt = run.nowIso();
  run.record('roundClosed', SYSTEM, { data: { roundId: round.id, outcome } });
}

/** Waits for the round's outcome, sending its notices on the way. */
export async function runRound(run: GrantRun, round: Round): Promise<Outcome> {
  for (;;) {
    if (round.outcome) return round.outcome;
    const deadline = round.deadline;
    if (!deadline) {
      await run.scheduler.waitFor(() => round.outcome !== undefined);
      continue;
    }
    const next = noticesFor(deadline, round.remindDaysBefore, round.escalateDaysAfter).find((n) => !round.notices.includes(n.key));
    if (!next) {
      await run.scheduler.waitFor(() => round.outcome !== undefined);
      continue;
    }
    if (await run.scheduler.waitFor(() => round.outcome !== undefined, next.at)) continue;
    if (Date.now() < next.at) continue; // woken by a schedule change: recompute
    round.notices.push(next.key);
    const pending = round.seats.filter((s) => !s.answer);
    if (next.kind === 'remind' && new Date(round.openedAt).getTime() < next.at) {
      for (const seat of pending) invite(run, round, seat, 'reminder');
    } else if (next.kind === 'overdue') {
      run.record('roundOverdue', SYSTEM, { data: { roundId: round.id, pending: pending.map((s) => s.actingName) } });
    } else if (next.kind === 'escalate') {
      const chair = round.seats.find((s) => s.memberId === round.chairId);
      run.outbox.enqueue({
        key: `${run.state.workflowId}/${round.id}/escalation/${next.key}`,
        purpose: 'escalation',
        to: [...run.coordinators(), ...(chair ? [{ name: chair.actingName, email: chair.actingEmail }] : [])],
        facts: { about: 'overdueRound', round: { kind: round.kind, name: round.name, deadline }, pending: pending.map((s) => s.actingName), daysLate: next.days },
      });
      run.record('escalated', SYSTEM, { data: { roundId: round.id, after: next.days } });
    }
    run.refresh();
  }
}

/** The answers given with a reason in rounds of this revision (for the decision's and the return's mail). */
export function reasonsGiven(run: GrantRun, kinds: RoundKind[]): { name: string; answer: 'approve' | 'reject' | 'return'; comment?: string }[] {
  return run.state.rounds
    .filter((r) => r.revision === run.state.revision && kinds.includes(r.kind))
    .flatMap((r) => r.seats.filter((s) => s.answer && s.comment).map((s) => ({ name: s.answeredBy ?? s.actingName, answer: s.answer!, comment: s.comment })));
}
