/**
 * A plan as a coordinator sends it, a full GrantPlan or the QuickGrant short form, checked whole:
 * its structure and its business rules together, every problem in one 422 answer.
 */
import type { z } from 'zod';
import { salvage } from '../../domain/salvage';
import { checkPlan } from '../../domain/validatePlan';
import { problemsOf } from '../../domain/zodText';
import { problem, type Problem } from '../../domain/text';
import type { GrantPlan } from '../../domain/plan';
import type { CalendarDate } from '../../domain/dates';
import { canSteer, type Principal } from '../auth';
import { HttpError, t } from '../errors';
import { QuickGrant } from '../schemas/grants';

type Quick = z.infer<typeof QuickGrant>;

/** The short form as a full plan of the caller's organisation. */
export function expandQuick(q: Quick, p: Principal, today: CalendarDate): unknown {
  return {
    caseNumber: q.caseNumber,
    title: q.title,
    organisation: p.org,
    year: q.year ?? Number(today.slice(0, 4)),
    coordinators: [{ id: 'coordinator', name: p.name, email: p.email ?? 'coordinator@invalid.example' }],
    parts: [{ id: '1', name: q.title, amountOre: q.amountOre }],
    totalOre: q.amountOre,
    decision: {
      body: 'Beslutsfattare',
      group: { id: 'approver', name: 'Beslutsfattare', members: [{ id: 'approver', name: q.approver.name, email: q.approver.email }], rule: { type: 'all' }, deadline: q.deadline },
    },
  };
}

const isQuick = (body: unknown) => !!body && typeof body === 'object' && !Array.isArray(body) && !('parts' in body) && 'approver' in body;

/** Fields of the short form its expansion's business checks do not read, and stand-ins for them. */
const QUICK_STAND_INS: Record<string, unknown> = { caseNumber: 'X/1/2000', title: 'X', approver: { name: 'X', email: 'x@example.se' }, year: 2000, amountOre: 1 };
/** Where a business problem of the expanded plan lies in the short form. */
const QUICK_PATHS: Record<string, string> = { 'decision.group.deadline': 'deadline' };

/** The short form's problems: its structure, and the business checks of what can be read of it. */
function quickProblems(body: unknown, p: Principal, today: CalendarDate): { plan?: unknown; problems: Problem[] } {
  const q = QuickGrant.safeParse(body);
  if (q.success) return { plan: expandQuick(q.data, p, today), problems: [] };
  const structural = problemsOf(q.error);
  const patched = { ...(body as Record<string, unknown>) };
  for (const [key, standIn] of Object.entries(QUICK_STAND_INS)) if (structural.some((s) => s.path === key || s.path.startsWith(`${key}.`))) patched[key] = standIn;
  const salvaged = salvage(QuickGrant, patched);
  if (!salvaged.ok) return { problems: structural };
  const checked = checkPlan(expandQuick(salvaged.value as Quick, p, today), today);
  const business = checked.ok ? [] : checked.problems.filter((b) => QUICK_PATHS[b.path]).map((b) => ({ ...b, path: QUICK_PATHS[b.path]! }));
  return { problems: [...structural, ...business.filter((b) => !structural.some((s) => s.path === b.path))] };
}

/**
 * A plan as sent, checked whole: the plan, or every problem (paths under `prefix`, the plan's root
 * as `root`). Whose plan it is is not asked here (the plan preview shows any organisation's).
 */
export function checkPlanRequest(body: unknown, p: Principal, today: CalendarDate, prefix: string[], root = prefix.join('.')): { plan?: GrantPlan; problems: Problem[] } {
  const at = (x: Problem): Problem => ({ ...x, path: x.path === '(plan)' ? root : [...prefix, x.path].join('.') });
  if (isQuick(body)) {
    const quick = quickProblems(body, p, today);
    const problems = quick.problems.map(at);
    if (!quick.plan) return { problems };
    const checked = checkPlan(quick.plan, today);
    return checked.ok ? { plan: checked.plan, problems } : { problems: [...problems, ...checked.problems.map(at)] };
  }
  const checked = checkPlan(body, today);
  return checked.ok ? { plan: checked.plan, problems: [] } : { problems: checked.problems.map(at) };
}

/**
 * The plan of a request, or a 422 naming every problem (paths under `prefix`), with `also` (the
 * problems of the rest of the body) among them; a plan of another organisation is a 403. A
 * revision names the case number it must keep.
 */
export function planOfRequest(body: unknown, p: Principal, today: CalendarDate, opts: { prefix: string[]; also?: Problem[]; caseNumber?: string }): GrantPlan {
  const checked = checkPlanRequest(body, p, today, opts.prefix);
  const { plan } = checked;
  let problems = checked.problems;
  if (opts.caseNumber && plan && plan.caseNumber !== opts.caseNumber) {
    problems.push(problem([...opts.prefix, 'caseNumber'].join('.'), `en revision behåller diarienumret ${opts.caseNumber}`, `a revision keeps the case number ${opts.caseNumber}`));
  }
  problems = [...(opts.also ?? []), ...problems];
  if (problems.length || !plan) throw new HttpError(422, 'invalid_plan', t('planen kan inte genomföras', 'the plan cannot work'), problems);
  if (!canSteer(p, plan.organisation)) throw new HttpError(403, 'forbidden', t(`du samordnar bidrag för ${p.org}, inte ${plan.organisation}`, `you coordinate grants of ${p.org}, not ${plan.organisation}`));
  return plan;
}
