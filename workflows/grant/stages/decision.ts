/**
 * From basis to a signed decision: anchoring (förankring) in the collaboration groups, the deciding
 * body's decision (beslut) with its extract (utdrag) to the distribution list, the signature
 * (undertecknande), and the return to the coordinators (återremiss) when any of them sends it back.
 */
import { patched } from '@temporalio/workflow';
import type { Group } from '../../../domain/plan';
import type { Outcome } from '../../../domain/rules';
import { openRound, reasonsGiven, runRound } from '../rounds';
import { SYSTEM, type GrantRun } from '../run';

export async function anchoring(run: GrantRun): Promise<Outcome> {
  const a = run.state.plan.anchoring;
  if (!a) return 'approved';
  if (a.order === 'parallel') {
    const rounds = a.groups.map((g) => openRound(run, 'anchoring', g));
    const outcomes = await Promise.all(rounds.map((r) => runRound(run, r)));
    return outcomes.every((o) => o === 'approved') ? 'approved' : 'returned';
  }
  for (const g of a.groups) {
    const o = await runRound(run, openRound(run, 'anchoring', g));
    if (o !== 'approved') return 'returned';
  }
  return 'approved';
}

export async function decision(run: GrantRun): Promise<Outcome> {
  const s = run.state;
  const d = s.plan.decision;
  if (d.delegated && !s.timeline.some((e) => e.type === 'delegatedDecision' && e.revision === s.revision)) {
    run.record('delegatedDecision', d.delegated.decidedBy, { comment: d.delegated.note, data: { date: d.delegated.date } });
  }
  const round = openRound(run, 'decision', d.group);
  const outcome = await runRound(run, round);
  if (!s.decision || s.decision.revision !== s.revision) {
    s.decision = { outcome, at: round.closedAt ?? run.nowIso(), body: d.body, revision: s.revision, delegated: !!d.delegated };
    sendExtract(run, outcome);
  }
  run.refresh();
  return outcome;
}

/**
 * Utdrag: the decision's extract goes to the distribution list, and the outcome to the coordinators.
 * A returned decision is told to the coordinators once, by the return's own mail (returnToCoordinators),
 * which carries the reasons; grants that were already waiting on this path before that change keep the
 * two mails they were recorded with.
 */
function sendExtract(run: GrantRun, outcome: Outcome): void {
  const s = run.state;
  const plan = s.plan;
  const round = s.rounds.find((r) => r.kind === 'decision' && r.revision === s.revision);
  const seats = round?.seats ?? [];
  const count = (a: string) => seats.filter((x) => x.answer === a).length;
  const facts = {
    about: 'decision' as const,
    body: plan.decision.body,
    outcome,
    decidedAt: s.decision?.at ?? run.nowIso(),
    revision: s.revision,
    ...(plan.decision.delegated ? { delegated: { decidedBy: plan.decision.delegated.decidedBy, date: plan.decision.delegated.date } } : {}),
    motions: plan.decision.motions,
    parts: s.parts.map((p) => ({ id: p.id, name: p.name, amountOre: p.amountOre })),
    totalOre: plan.totalOre,
    tally: { approve: count('approve'), reject: count('reject'), return: count('return'), unanswered: seats.filter((x) => !x.answer).length, seats: seats.length },
    reasons: reasonsGiven(run, ['decision']),
  };
  const coordinatorEmails = new Set(run.coordinators().map((c) => c.email.toLowerCase()));
  // Coordinators on the distribution list get the outcome mail only: one event, one mail each.
  const to = plan.distribution.filter((r): r is { name: string; email: string } => !!r.email && !coordinatorEmails.has(r.email.toLowerCase()));
  run.outbox.enqueue({ key: `${s.workflowId}/decision/r${s.revision}/extract`, purpose: 'extract', to, facts });
  if (outcome !== 'returned' || !patched('return-told-once')) {
    run.outbox.enqueue({ key: `${s.workflowId}/decision/r${s.revision}/outcome`, purpose: 'outcome', to: run.coordinators(), facts });
  }
  run.record('extractSent', SYSTEM, { data: { recipients: plan.distribution.map((r) => r.name) } });
}

export async function signature(run: GrantRun): Promise<Outcome> {
  const s = run.state;
  const sig = s.plan.signature;
  if (!sig || s.signedAt) return 'approved';
  const group: Group = {
    id: 'signatory',
    name: sig.signatory.title ? `${sig.signatory.name}, ${sig.signatory.title}` : sig.signatory.name,
    members: [{ ...sig.signatory, substitutes: [] }],
    rule: { type: 'all' },
    deadline: sig.deadline,
    schedule: sig.schedule,
  };
  const outcome = await runRound(run, openRound(run, 'signature', group, sig.document));
  if (outcome === 'approved') {
    s.signedAt = run.nowIso();
    run.record('signed', sig.signatory.name, { data: { document: sig.document } });
    run.refresh();
  }
  return outcome;
}

/** Återremiss: the basis needs a new revision before it is anchored and decided again. */
export function returnToCoordinators(run: GrantRun, from: 'anchoring' | 'decision' | 'signature'): void {
  const s = run.state;
  s.status = 'returned';
  run.record('returned', SYSTEM, { data: { from } });
  const rounds = s.rounds.filter((r) => r.revision === s.revision && r.kind === from && r.outcome && r.outcome !== 'approved');
  run.outbox.enqueue({
    key: `${s.workflowId}/returned/r${s.revision}/${from}`,
    purpose: 'returned',
    to: run.coordinators(),
    facts: { about: 'returned', from, by: rounds.map((r) => r.name), revision: s.revision, reasons: reasonsGiven(run, [from]) },
  });
  run.refresh();
}
