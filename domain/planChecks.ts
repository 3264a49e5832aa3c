/**
 * Checks that a parsed plan can work before anything starts, naming every problem:
 * parts that do not add up, deadlines before their stage can start, rules no group can satisfy,
 * references to things the plan does not have. And the projected timeline of a plan.
 *
 * zod-free (types only from ./plan), so the grant workflow re-checks a revision with the same
 * rules without evaluating zod in every cached workflow. Parsing is ./validatePlan's checkPlan.
 */
import type { GrantPlan, Group } from './plan';
import { compareDates, type CalendarDate } from './calendar';
import { formatSek, sumOre } from './sek';

export interface Problem {
  path: string;
  message: string;
}

export function groupProblems(g: Group, path: string): Problem[] {
  const out: Problem[] = [];
  const ids = new Set<string>();
  g.members.forEach((m, i) => {
    if (ids.has(m.id)) out.push({ path: `${path}.members.${i}.id`, message: `member id "${m.id}" appears twice` });
    ids.add(m.id);
    for (const s of m.substitutes) {
      if (s.id === m.id) out.push({ path: `${path}.members.${i}.substitutes`, message: 'a member cannot be their own substitute' });
    }
  });
  if (g.chairId && !ids.has(g.chairId)) {
    out.push({ path: `${path}.chairId`, message: `chair "${g.chairId}" is not a member of ${g.name}` });
  }
  if (g.rule.type === 'chair' && !g.chairId) {
    out.push({ path: `${path}.rule`, message: `rule "chair" needs a chairId in ${g.name}` });
  }
  if (g.rule.type === 'kOfN' && g.rule.k > g.members.length) {
    out.push({
      path: `${path}.rule.k`,
      message: `${g.name} needs ${g.rule.k} of ${g.members.length} members: no answer can satisfy it`,
    });
  }
  return out;
}

function before(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && compareDates(a, b) < 0;
}

export function planProblems(plan: GrantPlan, today: CalendarDate): Problem[] {
  const p: Problem[] = [];
  const partsSum = sumOre(plan.parts.map((x) => x.amountOre));
  if (partsSum !== plan.totalOre) {
    p.push({
      path: 'totalOre',
      message: `the parts add up to ${formatSek(partsSum)}, not the total ${formatSek(plan.totalOre)}`,
    });
  }
  const partIds = new Set<string>();
  plan.parts.forEach((part, i) => {
    if (partIds.has(part.id)) p.push({ path: `parts.${i}.id`, message: `part id "${part.id}" appears twice` });
    partIds.add(part.id);
  });

  const groupIds = new Set<string>();
  const checkGroup = (g: Group, path: string) => {
    if (groupIds.has(g.id)) p.push({ path: `${path}.id`, message: `group id "${g.id}" appears twice` });
    groupIds.add(g.id);
    p.push(...groupProblems(g, path));
    if (g.deadline && compareDates(g.deadline, today) < 0) {
      p.push({ path: `${path}.deadline`, message: `deadline ${g.deadline} has already passed (today is ${today})` });
    }
  };
  plan.anchoring?.groups.forEach((g, i) => checkGroup(g, `anchoring.groups.${i}`));
  checkGroup(plan.decision.group, 'decision.group');
  if (plan.continuation) checkGroup(plan.continuation.group, 'continuation.group');

  const lastAnchoring = plan.anchoring?.groups
    .map((g) => g.deadline)
    .filter((d): d is string => !!d)
    .sort()
    .at(-1);
  const decisionDeadline = plan.decision.group.deadline;
  if (before(decisionDeadline, lastAnchoring)) {
    p.push({
      path: 'decision.group.deadline',
      message: `the decision is due ${decisionDeadline}, before anchoring ends ${lastAnchoring}`,
    });
  }
  if (plan.decision.delegated && compareDates(plan.decision.delegated.date, today) > 0) {
    p.push({ path: 'decision.delegated.date', message: 'a decision taken under delegation must lie in the past' });
  }
  if (plan.signature && before(plan.signature.deadline, decisionDeadline)) {
    p.push({ path: 'signature.deadline', message: `signature is due ${plan.signature.deadline}, before the decision is due ${decisionDeadline}` });
  }
  if (plan.signature?.deadline && compareDates(plan.signature.deadline, today) < 0) {
    p.push({ path: 'signature.deadline', message: `deadline ${plan.signature.deadline} has already passed` });
  }
  plan.parts.forEach((part, i) => {
    const d = part.requisition?.deadline;
    if (d && compareDates(d, today) < 0) p.push({ path: `parts.${i}.requisition.deadline`, message: `deadline ${d} has already passed` });
    if (before(d, decisionDeadline)) {
      p.push({ path: `parts.${i}.requisition.deadline`, message: `requisition is due ${d}, before the decision is due ${decisionDeadline}` });
    }
  });

  let trancheSum = 0;
  const trancheIds = new Set<string>();
  plan.tranches.forEach((t, i) => {
    trancheSum += t.amountOre;
    if (trancheIds.has(t.id)) p.push({ path: `tranches.${i}.id`, message: `tranche id "${t.id}" appears twice` });
    trancheIds.add(t.id);
    if (t.partId && !partIds.has(t.partId)) p.push({ path: `tranches.${i}.partId`, message: `unknown part "${t.partId}"` });
    if (t.trigger.on === 'signature' && !plan.signature) {
      p.push({ path: `tranches.${i}.trigger`, message: 'paid on signature, but the plan has no signature' });
    }
    if (t.trigger.on === 'condition' && compareDates(t.trigger.deadline, today) < 0) {
      p.push({ path: `tranches.${i}.trigger.deadline`, message: `deadline ${t.trigger.deadline} has already passed` });
    }
    if (t.trigger.on === 'date' && compareDates(t.trigger.date, today) < 0) {
      p.push({ path: `tranches.${i}.trigger.date`, message: `payment date ${t.trigger.date} has already passed` });
    }
    if (t.trigger.on === 'date' && before(t.trigger.date, decisionDeadline)) {
      p.push({ path: `tranches.${i}.trigger.date`, message: `payment date ${t.trigger.date} is before the decision is due ${decisionDeadline}` });
    }
  });
  if (trancheSum > plan.totalOre) {
    p.push({ path: 'tranches', message: `the tranches add up to ${formatSek(trancheSum)}, more than the total ${formatSek(plan.totalOre)}` });
  }
  if (plan.tranches.length > 0 && plan.finance.length === 0) {
    p.push({ path: 'finance', message: 'tranches are paid by finance: name at least one finance contact' });
  }
  if (plan.usePeriod && compareDates(plan.usePeriod.from, plan.usePeriod.to) > 0) {
    p.push({ path: 'usePeriod', message: `the use period ends ${plan.usePeriod.to}, before it starts ${plan.usePeriod.from}` });
  }
  const reportIds = new Set<string>();
  plan.reports.forEach((r, i) => {
    if (reportIds.has(r.id)) p.push({ path: `reports.${i}.id`, message: `report id "${r.id}" appears twice` });
    reportIds.add(r.id);
    if (compareDates(r.due, today) < 0) p.push({ path: `reports.${i}.due`, message: `due date ${r.due} has already passed` });
    if (before(r.due, decisionDeadline)) {
      p.push({ path: `reports.${i}.due`, message: `report is due ${r.due}, before the decision is due ${decisionDeadline}` });
    }
  });
  return p;
}

/** A projected timeline of stages and deadlines, for "validate without starting". */
export interface ProjectedStep {
  stage: string;
  what: string;
  date?: CalendarDate;
}

export function projectTimeline(plan: GrantPlan): ProjectedStep[] {
  const steps: ProjectedStep[] = [];
  for (const g of plan.anchoring?.groups ?? []) {
    steps.push({ stage: 'anchoring', what: `Förankring i ${g.name}`, date: g.deadline });
  }
  steps.push({
    stage: 'decision',
    what: plan.decision.delegated ? `${plan.decision.body} bekräftar delegationsbeslut` : `Beslut i ${plan.decision.body}`,
    date: plan.decision.group.deadline,
  });
  if (plan.signature) steps.push({ stage: 'signature', what: `Undertecknande: ${plan.signature.signatory.name}`, date: plan.signature.deadline });
  for (const part of plan.parts) {
    if (part.requisition) steps.push({ stage: 'requisition', what: `Rekvisition ${part.id}: ${part.requisition.unit}`, date: part.requisition.deadline });
  }
  for (const t of plan.tranches) {
    const date = t.trigger.on === 'date' ? t.trigger.date : t.trigger.on === 'condition' ? t.trigger.deadline : undefined;
    steps.push({ stage: 'payment', what: `Utbetalning ${t.id}: ${formatSek(t.amountOre)}`, date });
  }
  if (plan.usePeriod) steps.push({ stage: 'inUse', what: `Nyttjandeperiod ${plan.usePeriod.from} – ${plan.usePeriod.to}`, date: plan.usePeriod.to });
  for (const r of plan.reports) steps.push({ stage: 'reporting', what: `${r.what} till ${r.to}`, date: r.due });
  if (plan.continuation) steps.push({ stage: 'review', what: `Beslut om fortsatt arbete i ${plan.continuation.group.name}`, date: plan.continuation.group.deadline });
  return steps;
}
