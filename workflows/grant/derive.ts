/**
 * Pure functions over the grant state: derived money, deadlines, stage. Deterministic; used by
 * the workflow (on every change) and safe to unit test without a server.
 */
import type { GrantPlan } from '../../domain/plan';
import { compareDates, endOfDay, stockholmDate, type CalendarDate } from '../../domain/calendar';
import type { Deadline, GrantState, MoneySummary, Stage } from './model';

export function computeMoney(s: GrantState): MoneySummary {
  const totalOre = s.plan.totalOre;
  const approved = s.decision?.outcome === 'approved';
  const requisitionedOre = s.parts.filter((p) => p.requisitionedAt).reduce((a, p) => a + p.amountOre, 0);
  const paidOre = s.tranches.filter((t) => t.status === 'paid').reduce((a, t) => a + t.amountOre, 0);
  const lapsedOre = s.tranches.filter((t) => t.status === 'lapsed').reduce((a, t) => a + t.amountOre, 0);
  const allUsageKnown = s.parts.length > 0 && s.parts.every((p) => p.usedOre !== undefined);
  const usedOre = s.parts.reduce((a, p) => a + (p.usedOre ?? 0), 0);
  const repaidOre = s.timeline
    .filter((e) => e.type === 'repaid')
    .reduce((a, e) => a + Number(e.data?.amountOre ?? 0), 0);
  const toRepayOre = allUsageKnown ? Math.max(0, paidOre - usedOre - repaidOre) : 0;
  return { totalOre, decidedOre: approved ? totalOre : 0, requisitionedOre, paidOre, lapsedOre, toRepayOre, repaidOre };
}

export function computeDeadlines(s: GrantState, nowMs: number): Deadline[] {
  const out: Deadline[] = [];
  const overdue = (date: string) => nowMs > endOfDay(date);
  if (s.status === 'active') {
    for (const r of s.rounds) {
      if (!r.closedAt && r.deadline) {
        out.push({ what: r.name, kind: r.kind, ref: r.id, date: r.deadline, overdue: overdue(r.deadline) });
      }
    }
    for (const p of s.parts) {
      if (!p.requisitionedAt && p.requisitionDeadline && s.decision?.outcome === 'approved') {
        out.push({ what: `Rekvisition ${p.id}`, kind: 'requisition', ref: p.id, date: p.requisitionDeadline, overdue: overdue(p.requisitionDeadline) });
      }
    }
    for (const t of s.tranches) {
      if (t.status === 'waiting' && t.trigger.on === 'condition') {
        out.push({ what: `Villkor för utbetalning ${t.id}`, kind: 'condition', ref: t.id, date: t.trigger.deadline, overdue: false });
      }
    }
    for (const r of s.reports) {
      if (r.status === 'pending') out.push({ what: r.what, kind: 'report', ref: r.id, date: r.due, overdue: overdue(r.due) });
    }
  }
  return out.sort((a, b) => compareDates(a.date, b.date));
}

/**
 * The stage shown to people: the first stage of the lifecycle with work still open. After the
 * decision several things run side by side (requisition, payments, use, reports); the stage names
 * the earliest that is unfinished, and `deadlines` lists all of them.
 */
export function computeStage(s: GrantState, nowMs: number): Stage {
  if (s.status === 'closed' || s.status === 'cancelled' || s.status === 'rejected') return 'closed';
  const open = (kind: string) => s.rounds.some((r) => r.kind === kind && r.revision === s.revision && !r.closedAt);
  if (s.status === 'returned') return s.plan.anchoring ? 'anchoring' : 'decision';
  if (open('anchoring')) return 'anchoring';
  if (s.decision?.outcome !== 'approved' || s.decision.revision !== s.revision) {
    const anyRound = s.rounds.some((r) => r.revision === s.revision);
    if (!anyRound && s.plan.anchoring) return 'anchoring';
    return 'decision';
  }
  if (s.plan.signature && !s.signedAt) return 'signature';
  if (s.parts.some((p) => p.unit && !p.requisitionedAt)) return 'requisition';
  if (s.tranches.some((t) => t.status === 'waiting' || t.status === 'due')) return 'payment';
  const today = stockholmDate(nowMs);
  if (s.plan.usePeriod && compareDates(today, s.plan.usePeriod.to) <= 0) return 'inUse';
  if (s.reports.some((r) => r.status === 'pending')) return 'reporting';
  if (s.plan.continuation && !s.continuation) return 'review';
  if (computeMoney(s).toRepayOre > 0) return 'repayment';
  return 'closed';
}

/**
 * What the shown stage waits for when its period has not begun: a grant past its decision whose use
 * period starts later shows stage 'inUse' (kept for visibility's filters), and says it waits.
 */
export function computeWaitsFor(s: GrantState, nowMs: number): GrantState['waitsFor'] {
  const use = s.plan.usePeriod;
  if (s.stage !== 'inUse' || !use) return undefined;
  return compareDates(stockholmDate(nowMs), use.from) < 0 ? { kind: 'usePeriod', date: use.from } : undefined;
}

export function initialParts(plan: GrantPlan) {
  return plan.parts.map((p) => ({
    id: p.id,
    name: p.name,
    amountOre: p.amountOre,
    unit: p.requisition?.unit,
    requisitionDeadline: p.requisition?.deadline,
    requisitionOverdue: false,
  }));
}

/**
 * The next deadline a new grant has once its first workflow task has opened its first rounds (the
 * anchoring groups, or the first of them in order, or the deciding body), as computeDeadlines then
 * finds it: the earliest of those rounds' deadlines, the conditional tranches' and the reports'. The
 * API sets it among the search attributes a grant starts with, so that the workflow's first task has
 * nothing to upsert; were the two ever to differ, the workflow upserts its own value (and
 * test/workflow/versions.test.ts fails).
 */
export function initialNextDeadline(plan: Pick<GrantPlan, 'anchoring' | 'decision' | 'tranches' | 'reports'>): CalendarDate | undefined {
  const firstGroups = plan.anchoring ? (plan.anchoring.order === 'parallel' ? plan.anchoring.groups : plan.anchoring.groups.slice(0, 1)) : [plan.decision.group];
  const dates = [
    ...firstGroups.map((g) => g.deadline),
    ...plan.tranches.map((t) => (t.trigger.on === 'condition' ? t.trigger.deadline : undefined)),
    ...plan.reports.map((r) => r.due),
  ].filter((d): d is CalendarDate => !!d);
  return dates.sort(compareDates)[0];
}
