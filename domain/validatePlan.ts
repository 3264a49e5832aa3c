/**
 * Parses a plan (zod) and checks that it can work (./planChecks), naming every problem.
 */
import { GrantPlan, type GrantPlanInput } from './plan';
import type { CalendarDate } from './dates';
import { planProblems, type Problem } from './planChecks';

export * from './planChecks';
export type { GrantPlanInput };

export type PlanResult = { ok: true; plan: GrantPlan } | { ok: false; problems: Problem[] };

/** Parses (zod) and then checks the plan's internal consistency. `today` is a Stockholm date. */
export function checkPlan(input: unknown, today: CalendarDate): PlanResult {
  const parsed = GrantPlan.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(plan)', message: i.message })),
    };
  }
  const problems = planProblems(parsed.data, today);
  return problems.length ? { ok: false, problems } : { ok: true, plan: parsed.data };
}
