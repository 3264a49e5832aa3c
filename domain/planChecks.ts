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
import { problem, type Problem } from './text';

export type { Problem };

export function groupProblems(g: Group, path: string): Problem[] {
  const out: Problem[] = [];
  const ids = new Set<string>();
  g.members.forEach((m, i) => {
    if (ids.has(m.id)) out.push(problem(`${path}.members.${i}.id`, `ledamot-id "${m.id}" förekommer två gånger`, `member id "${m.id}" appears twice`));
    ids.add(m.id);
    for (const s of m.substitutes) {
      if (s.id === m.id) out.push(problem(`${path}.members.${i}.substitutes`, 'en ledamot kan inte vara sin egen ersättare', 'a member cannot be their own substitute'));
    }
  });
  if (g.chairId && !ids.has(g.chairId)) {
    out.push(problem(`${path}.chairId`, `ordförande "${g.chairId}" är inte ledamot i ${g.name}`, `chair "${g.chairId}" is not a member of ${g.name}`));
  }
  if (g.rule.type === 'chair' && !g.chairId) {
    out.push(problem(`${path}.rule`, `regeln "chair" kräver en chairId i ${g.name}`, `rule "chair" needs a chairId in ${g.name}`));
  }
  if (g.rule.type === 'kOfN' && g.rule.k > g.members.length) {
    out.push(
      problem(
        `${path}.rule.k`,
        `${g.name} kräver ${g.rule.k} av ${g.members.length} ledamöter: inget svar kan uppfylla det`,
        `${g.name} needs ${g.rule.k} of ${g.members.length} members: no answer can satisfy it`,
      ),
    );
  }
  return out;
}

const passed = (path: string, what: { sv: string; en: string }, date: string, today?: string) =>
  problem(path, `${what.sv} ${date} har redan passerat${today ? ` (i dag är det ${today})` : ''}`, `${what.en} ${date} has already passed${today ? ` (today is ${today})` : ''}`);
const DEADLINE = { sv: 'sista dagen', en: 'deadline' };
const beforeDecision = (path: string, date: string, decision: string, sv: string, en: string) =>
  problem(path, `${sv} ska ske senast ${date}, före beslutets sista dag ${decision}`, `${en} is due ${date}, before the decision is due ${decision}`);

function before(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && compareDates(a, b) < 0;
}

export function planProblems(plan: GrantPlan, today: CalendarDate): Problem[] {
  const p: Problem[] = [];
  const partsSum = sumOre(plan.parts.map((x) => x.amountOre));
  if (partsSum !== plan.totalOre) {
    p.push(problem('totalOre', `delarna blir ${formatSek(partsSum)}, inte totalen ${formatSek(plan.totalOre)}`, `the parts add up to ${formatSek(partsSum)}, not the total ${formatSek(plan.totalOre)}`));
  }
  const partIds = new Set<string>();
  plan.parts.forEach((part, i) => {
    if (partIds.has(part.id)) p.push(problem(`parts.${i}.id`, `del-id "${part.id}" förekommer två gånger`, `part id "${part.id}" appears twice`));
    partIds.add(part.id);
  });

  const groupIds = new Set<string>();
  const checkGroup = (g: Group, path: string) => {
    if (groupIds.has(g.id)) p.push(problem(`${path}.id`, `grupp-id "${g.id}" förekommer två gånger`, `group id "${g.id}" appears twice`));
    groupIds.add(g.id);
    p.push(...groupProblems(g, path));
    if (g.deadline && compareDates(g.deadline, today) < 0) {
      p.push(passed(`${path}.deadline`, DEADLINE, g.deadline, today));
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
    p.push(problem('decision.group.deadline', `beslutet ska fattas senast ${decisionDeadline}, före förankringens slut ${lastAnchoring}`, `the decision is due ${decisionDeadline}, before anchoring ends ${lastAnchoring}`));
  }
  if (plan.decision.delegated && compareDates(plan.decision.delegated.date, today) > 0) {
    p.push(problem('decision.delegated.date', 'ett delegationsbeslut måste redan vara fattat', 'a decision taken under delegation must lie in the past'));
  }
  if (plan.signature && before(plan.signature.deadline, decisionDeadline)) {
    p.push(beforeDecision('signature.deadline', plan.signature.deadline!, decisionDeadline!, 'undertecknandet', 'signature'));
  }
  if (plan.signature?.deadline && compareDates(plan.signature.deadline, today) < 0) {
    p.push(passed('signature.deadline', DEADLINE, plan.signature.deadline));
  }
  plan.parts.forEach((part, i) => {
    const d = part.requisition?.deadline;
    if (d && compareDates(d, today) < 0) p.push(passed(`parts.${i}.requisition.deadline`, DEADLINE, d));
    if (before(d, decisionDeadline)) {
      p.push(beforeDecision(`parts.${i}.requisition.deadline`, d!, decisionDeadline!, 'rekvisitionen', 'requisition'));
    }
  });

  let trancheSum = 0;
  const trancheIds = new Set<string>();
  plan.tranches.forEach((t, i) => {
    trancheSum += t.amountOre;
    if (trancheIds.has(t.id)) p.push(problem(`tranches.${i}.id`, `utbetalnings-id "${t.id}" förekommer två gånger`, `tranche id "${t.id}" appears twice`));
    trancheIds.add(t.id);
    if (t.partId && !partIds.has(t.partId)) p.push(problem(`tranches.${i}.partId`, `okänd del "${t.partId}"`, `unknown part "${t.partId}"`));
    if (t.trigger.on === 'signature' && !plan.signature) {
      p.push(problem(`tranches.${i}.trigger`, 'betalas vid undertecknande, men planen har inget undertecknande', 'paid on signature, but the plan has no signature'));
    }
    if (t.trigger.on === 'condition' && compareDates(t.trigger.deadline, today) < 0) {
      p.push(passed(`tranches.${i}.trigger.deadline`, DEADLINE, t.trigger.deadline));
    }
    if (t.trigger.on === 'date' && compareDates(t.trigger.date, today) < 0) {
      p.push(passed(`tranches.${i}.trigger.date`, { sv: 'utbetalningsdagen', en: 'payment date' }, t.trigger.date));
    }
    if (t.trigger.on === 'date' && before(t.trigger.date, decisionDeadline)) {
      p.push(problem(`tranches.${i}.trigger.date`, `utbetalningsdagen ${t.trigger.date} ligger före beslutets sista dag ${decisionDeadline}`, `payment date ${t.trigger.date} is before the decision is due ${decisionDeadline}`));
    }
  });
  if (trancheSum > plan.totalOre) {
    p.push(problem('tranches', `utbetalningarna blir ${formatSek(trancheSum)}, mer än totalen ${formatSek(plan.totalOre)}`, `the tranches add up to ${formatSek(trancheSum)}, more than the total ${formatSek(plan.totalOre)}`));
  }
  if (plan.tranches.length > 0 && plan.finance.length === 0) {
    p.push(problem('finance', 'utbetalningar görs av ekonomi: ange minst en kontakt på ekonomi', 'tranches are paid by finance: name at least one finance contact'));
  }
  if (plan.usePeriod && compareDates(plan.usePeriod.from, plan.usePeriod.to) > 0) {
    p.push(problem('usePeriod', `nyttjandeperioden slutar ${plan.usePeriod.to}, innan den börjar ${plan.usePeriod.from}`, `the use period ends ${plan.usePeriod.to}, before it starts ${plan.usePeriod.from}`));
  }
  const reportIds = new Set<string>();
  plan.reports.forEach((r, i) => {
    if (reportIds.has(r.id)) p.push(problem(`reports.${i}.id`, `rapport-id "${r.id}" förekommer två gånger`, `report id "${r.id}" appears twice`));
    reportIds.add(r.id);
    if (compareDates(r.due, today) < 0) p.push(passed(`reports.${i}.due`, { sv: 'rapportdagen', en: 'due date' }, r.due));
    if (before(r.due, decisionDeadline)) {
      p.push(beforeDecision(`reports.${i}.due`, r.due, decisionDeadline!, 'rapporten', 'report'));
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

/** Every group of a plan that holds a round: anchoring groups, the deciding group, the continuation group. */
export function planGroups(plan: GrantPlan): Group[] {
  return [...(plan.anchoring?.groups ?? []), plan.decision.group, ...(plan.continuation ? [plan.continuation.group] : [])];
}
