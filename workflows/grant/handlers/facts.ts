/**
 * Facts from outside the workflow, recorded by coordinators (or finance): the state's decision on a
 * conditional tranche, a requisition, a payment, published requirements, a report, funds used, a
 * repayment, the decision's paragraph (§).
 */
import { compareDates } from '../../../domain/calendar';
import type { FactInput, SteerResult } from '../contract';
import { computeMoney } from '../derive';
import type { GrantRun } from '../run';
import { markPaid } from '../stages/money';
import { refuse } from './refuse';
import { steerResult } from './steer';

export function validateFact(run: GrantRun, { fact, actor }: FactInput): void {
  const s = run.state;
  if (!actor) refuse('ActorRequired');
  if (s.status === 'cancelled' || s.status === 'rejected' || s.status === 'closed') refuse('GrantNotActive', { status: s.status });
  const tranche = (id: string) => s.tranches.find((t) => t.id === id) ?? refuse('UnknownTranche', { id });
  const part = (id: string) => s.parts.find((p) => p.id === id) ?? refuse('UnknownPart', { id });
  const report = (id: string) => s.reports.find((r) => r.id === id) ?? refuse('UnknownReport', { id });
  const approved = s.decision?.outcome === 'approved' && s.decision.revision === s.revision;
  switch (fact.type) {
    case 'stateDecision': {
      const t = tranche(fact.trancheId);
      if (t.trigger.on !== 'condition') refuse('NotConditional', { id: t.id });
      if (t.status !== 'waiting' || t.condition) refuse('AlreadySettled', { id: t.id, status: t.status });
      return;
    }
    case 'requisitioned': {
      const p = part(fact.partId);
      if (!approved) refuse('NotDecided');
      if (p.requisitionedAt) refuse('AlreadyRequisitioned', { id: p.id, at: p.requisitionedAt });
      return;
    }
    case 'paymentMade': {
      const t = tranche(fact.trancheId);
      if (t.status !== 'due') refuse('NotDue', { id: t.id, status: t.status });
      return;
    }
    case 'requirementsPublished': {
      const r = report(fact.reportId);
      if (r.status === 'submitted') refuse('AlreadySubmitted', { id: r.id });
      if (fact.due && compareDates(fact.due, run.today()) < 0) refuse('DateInPast', { date: fact.due });
      return;
    }
    case 'reportSubmitted': {
      const r = report(fact.reportId);
      if (r.status === 'submitted') refuse('AlreadySubmitted', { id: r.id });
      if (!approved) refuse('NotDecided');
      return;
    }
    case 'fundsUsed': {
      const p = part(fact.partId);
      if (!Number.isSafeInteger(fact.usedOre) || fact.usedOre < 0) refuse('BadAmount');
      if (fact.usedOre > p.amountOre) refuse('BadAmount', { maxOre: p.amountOre });
      return;
    }
    case 'repaid': {
      const due = computeMoney(s).toRepayOre;
      if (!Number.isSafeInteger(fact.amountOre) || fact.amountOre <= 0) refuse('BadAmount');
      if (fact.amountOre > due) refuse('BadAmount', { maxOre: due });
      return;
    }
    case 'decisionParagraph': {
      if (!s.decision) refuse('NotDecided');
      return;
    }
    default:
      refuse('UnknownFact');
  }
}

export function handleFact(run: GrantRun, { fact, actor }: FactInput): SteerResult {
  const s = run.state;
  const at = run.nowIso();
  switch (fact.type) {
    case 'stateDecision': {
      const t = s.tranches.find((x) => x.id === fact.trancheId)!;
      t.condition = { met: fact.met, at, by: actor, reference: fact.reference };
      break;
    }
    case 'requisitioned': {
      const p = s.parts.find((x) => x.id === fact.partId)!;
      p.requisitionedAt = at;
      p.requisitionedBy = actor;
      break;
    }
    case 'paymentMade':
      markPaid(run, s.tranches.find((x) => x.id === fact.trancheId)!, actor);
      break;
    case 'requirementsPublished': {
      const r = s.reports.find((x) => x.id === fact.reportId)!;
      r.requirementsPublished = true;
      r.requirements = fact.requirements;
      if (fact.due) {
        r.due = fact.due;
        r.notices = [];
        r.overdue = false;
        run.rescheduled();
      }
      break;
    }
    case 'reportSubmitted': {
      const r = s.reports.find((x) => x.id === fact.reportId)!;
      r.status = 'submitted';
      r.submittedAt = at;
      r.submittedBy = actor;
      break;
    }
    case 'fundsUsed':
      s.parts.find((x) => x.id === fact.partId)!.usedOre = fact.usedOre;
      break;
    case 'repaid':
      break;
    case 'decisionParagraph':
      s.decision!.paragraph = fact.paragraph;
      break;
  }
  const { comment, type, ...data } = fact as { comment?: string; type: string } & Record<string, unknown>;
  run.record(type, actor, { comment, data });
  run.refresh();
  return steerResult(run);
}
