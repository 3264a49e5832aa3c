/**
 * The money after the decision: each part requisitioned (rekvisition) by its unit, with reminders;
 * tranches paid (utbetalning) on a date, on signing, or only if an external decision comes in time
 * (otherwise they lapse); unused money repaid (återbetalning).
 */
import type { Group } from '../../../domain/plan';
import { endOfDay, stockholmWallToUtc } from '../../../domain/calendar';
import { formatSek } from '../../../domain/sek';
import type { TrancheState } from '../contract';
import { computeMoney } from '../derive';
import { closeRound, openRound, runRound } from '../rounds';
import { SYSTEM, type GrantRun } from '../run';
import { noticesFor } from '../scheduling';

export async function requisitions(run: GrantRun): Promise<void> {
  const s = run.state;
  await Promise.all(
    s.parts.filter((p) => p.unit).map(async (part) => {
      const notices: string[] = [];
      for (;;) {
        if (part.requisitionedAt) return;
        const d = part.requisitionDeadline;
        const next = d ? noticesFor(d, [14, 3], [1, 14]).find((n) => !notices.includes(n.key) && n.at > Date.now() - 1) : undefined;
        if (await run.scheduler.waitFor(() => !!part.requisitionedAt, next?.at)) return;
        if (!next || Date.now() < next.at) continue;
        notices.push(next.key);
        if (next.kind === 'overdue') {
          part.requisitionOverdue = true;
          run.record('requisitionOverdue', SYSTEM, { data: { partId: part.id, unit: part.unit } });
        } else {
          run.outbox.enqueue({
            key: `${s.workflowId}/requisition/${part.id}/${next.key}`,
            purpose: 'requisitionReminder',
            to: run.coordinators(),
            facts: { about: 'requisition', part: { id: part.id, name: part.name, amountOre: part.amountOre, unit: part.unit! }, deadline: d!, notice: next.kind, days: next.days },
          });
        }
        run.refresh();
      }
    }),
  );
}

export async function payments(run: GrantRun): Promise<void> {
  await Promise.all(run.state.tranches.map((t) => payTranche(run, t)));
}

async function payTranche(run: GrantRun, t: TrancheState): Promise<void> {
  const s = run.state;
  const trigger = t.trigger;
  if (t.status === 'paid' || t.status === 'lapsed') return;
  if (t.status === 'waiting') {
    if (trigger.on === 'date') {
      const payday = stockholmWallToUtc(trigger.date, 0);
      while (Date.now() < payday) await run.scheduler.waitFor(() => false, payday);
    } else if (trigger.on === 'condition') {
      // Waits, possibly for a year, for the external decision; lapses at the end of the deadline day.
      while (!t.condition && Date.now() <= endOfDay(trigger.deadline)) {
        await run.scheduler.waitFor(() => !!t.condition, endOfDay(trigger.deadline) + 1);
      }
      if (!t.condition?.met) {
        lapse(run, t, trigger);
        return;
      }
    }
    t.status = 'due';
    t.dueAt = run.nowIso();
    run.record('trancheDue', SYSTEM, { data: { trancheId: t.id, amountOre: t.amountOre, payee: t.payee } });
    run.refresh();
  }
  // Finance is told to pay, and confirms through its own link (or a coordinator records the payment).
  const group: Group = {
    id: `finance-${t.id}`,
    name: run.lang === 'sv' ? 'Ekonomi' : 'Finance',
    members: s.plan.finance.map((f) => ({ ...f, substitutes: [] })),
    rule: { type: 'any' },
    schedule: { remindDaysBefore: [], escalateDaysAfter: [] },
  };
  const round = openRound(run, 'payment', group, `${t.id}: ${formatSek(t.amountOre)} till ${t.payee}`, `payment:${t.id}`);
  await runRound(run, round);
  if (!isPaid(t)) markPaid(run, t, round.seats.find((x) => x.answer === 'approve')?.actingName ?? SYSTEM);
}

/** A finance answer or a coordinator's fact may have paid it while the round ran. */
const isPaid = (t: TrancheState) => t.status === 'paid';

/** The condition was not met, or no decision came before its deadline: the money lapses. */
function lapse(run: GrantRun, t: TrancheState, trigger: Extract<TrancheState['trigger'], { on: 'condition' }>): void {
  const s = run.state;
  t.status = 'lapsed';
  t.lapsedAt = run.nowIso();
  const reason = t.condition ? 'notMet' : 'noDecision';
  // The coordinator's words when the state's decision was recorded (why it was not met).
  const said = [...s.timeline].reverse().find((e) => e.type === 'stateDecision' && e.data?.trancheId === t.id);
  const comment = said?.comment ?? t.condition?.reference;
  run.record('trancheLapsed', SYSTEM, {
    comment: t.condition ? 'villkoret uppfylldes inte' : `inget beslut före ${trigger.deadline}`,
    data: { trancheId: t.id, amountOre: t.amountOre, condition: trigger.condition },
  });
  run.outbox.enqueue({
    key: `${s.workflowId}/tranche/${t.id}/lapsed`,
    purpose: 'trancheLapsed',
    to: run.coordinators(),
    facts: { about: 'lapsed', tranche: { id: t.id, amountOre: t.amountOre, payee: t.payee }, condition: trigger.condition, deadline: trigger.deadline, reason, ...(comment ? { comment } : {}) },
  });
  run.refresh();
}

export function markPaid(run: GrantRun, t: TrancheState, by: string): void {
  t.status = 'paid';
  t.paidAt = run.nowIso();
  t.paidBy = by;
  run.record('paymentMade', by, { data: { trancheId: t.id, amountOre: t.amountOre, payee: t.payee } });
  const round = run.state.rounds.find((r) => r.id === `payment:${t.id}`);
  if (round && !round.outcome) closeRound(run, round, 'approved');
  run.refresh();
}

/** With usage recorded for every part, unused paid money is to be repaid. */
export async function repayment(run: GrantRun): Promise<void> {
  const s = run.state;
  while (computeMoney(s).toRepayOre > 0) {
    if (!s.timeline.some((e) => e.type === 'repaymentDue')) {
      const money = computeMoney(s);
      run.record('repaymentDue', SYSTEM, { data: { amountOre: money.toRepayOre } });
      run.outbox.enqueue({
        key: `${s.workflowId}/repayment`,
        purpose: 'repayment',
        to: run.coordinators(),
        facts: { about: 'repayment', amountOre: money.toRepayOre, paidOre: money.paidOre, usedOre: s.parts.reduce((a, p) => a + (p.usedOre ?? 0), 0), ...(money.repaidOre ? { repaidOre: money.repaidOre } : {}) },
      });
      run.refresh();
    }
    await run.scheduler.waitFor(() => computeMoney(s).toRepayOre === 0);
  }
}
