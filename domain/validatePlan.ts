/**
 * Parses a plan (zod) and checks that it can work (./planChecks), naming every problem at once:
 * the structural ones (zod) and, where the rest of the plan can still be read, the business ones
 * (sums, dates, rules) beside them.
 */
import { GrantPlan, type GrantPlanInput } from './plan';
import type { CalendarDate } from './dates';
import { planProblems, type Problem } from './planChecks';
import { problemsOf } from './zodText';
import { salvage } from './salvage';

export * from './planChecks';
export type { GrantPlanInput };

export type PlanResult = { ok: true; plan: GrantPlan } | { ok: false; problems: Problem[] };

/** Does a business problem at `b` concern a part of the plan that is structurally wrong already? */
function overlaps(b: string, structural: Problem[]): boolean {
  return structural.some(({ path: s, message }) => {
    // A sum over parts or tranches is unreliable once one of them could not be read (an unknown field leaves it readable).
    const unreadable = !message.startsWith('unknown field');
    return s === b || s.startsWith(`${b}.`) || b.startsWith(`${s}.`) || (unreadable && ((b === 'totalOre' && s.startsWith('parts')) || (b === 'tranches' && s.startsWith('tranches'))));
  });
}

/** Top-level fields the business checks never read: a fault in them need not hide the checks. */
const UNREAD = { caseNumber: 'X', title: 'X', organisation: 'X', year: 2000, coordinators: [], lang: 'sv' } as const;

/** The business checks on what can be read of a plan that fails to parse, or none. */
function businessProblems(input: unknown, structural: Problem[], today: CalendarDate): Problem[] {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return [];
  const paths = structural.map((p) => p.path);
  const patched = { ...(input as Record<string, unknown>) };
  for (const [key, placeholder] of Object.entries(UNREAD)) if (paths.some((p) => p === key || p.startsWith(`${key}.`))) patched[key] = placeholder;
  const salvaged = salvage(GrantPlan, patched);
  if (!salvaged.ok) return [];
  try {
    return planProblems(salvaged.value as GrantPlan, today).filter((p) => !overlaps(p.path, structural));
  } catch {
    return [];
  }
}

/** Parses (zod) and then checks the plan's internal consistency. `today` is a Stockholm date. */
export function checkPlan(input: unknown, today: CalendarDate, prefix: readonly string[] = []): PlanResult {
  const parsed = GrantPlan.safeParse(input);
  const at = (p: Problem): Problem => (prefix.length ? { ...p, path: [...prefix, p.path].join('.') } : p);
  if (!parsed.success) {
    const structural = problemsOf(parsed.error, [], '(plan)');
    return { ok: false, problems: [...structural, ...businessProblems(input, structural, today)].map(at) };
  }
  const problems = planProblems(parsed.data, today);
  return problems.length ? { ok: false, problems: problems.map(at) } : { ok: true, plan: parsed.data };
}
