/** The plan form checked as the API checks a plan: the fields' own problems first, then the plan's. */
import { problem } from '../../domain/text';
import { canSteer, type Principal } from '../auth';
import type { GrantPlan } from '../../domain/plan';
import { checkPlan, type Problem } from '../../domain/validatePlan';
import { planFromFields, type Fields } from './planForm';

export function planProblems(fields: Fields, principal: Principal, today: string): { ok: true; plan: GrantPlan } | { ok: false; problems: Problem[] } {
  const { plan, problems } = planFromFields(fields);
  const checked = checkPlan(plan, today);
  const taken = new Set(problems.map((p) => p.path));
  const all: Problem[] = [...problems, ...(checked.ok ? [] : checked.problems.filter((p) => !taken.has(p.path)))];
  // A part's amount missing or wrong leaves the total unknown: that is the amount's problem, said once.
  if (all.some((p) => /^parts\.\d+\.amountOre$/.test(p.path))) all.splice(0, all.length, ...all.filter((p) => p.path !== 'totalOre'));
  if (checked.ok && !canSteer(principal, checked.plan.organisation)) all.push(problem('organisation', `du samordnar bidrag för ${principal.org}`, `you coordinate grants of ${principal.org}`));
  if (all.length || !checked.ok) return { ok: false, problems: all };
  return { ok: true, plan: checked.plan };
}
