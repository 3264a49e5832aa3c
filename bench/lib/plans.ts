/**
 * Plans for the benchmarks, made from seed 004 (four parts, anchoring in LIFO and Fredagsgruppen
 * in parallel, SVOM's decision, four requisitions, one report) and started the way the API starts
 * them (api/routes/grants.ts: same search attributes, same id reuse policy).
 */
import { WorkflowIdReusePolicy, type Client, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { SEED_PLANS, shiftYears, yearsToShift } from '../../domain/fixtures/plans';
import { addDays, type CalendarDate } from '../../domain/dates';
import { checkPlan } from '../../domain/validatePlan';
import type { GrantPlan } from '../../domain/plan';
import { grantWorkflow } from '../../workflows';
import { grantWorkflowId, newGrantInput, initialSearchAttributes } from '../../workflows/grant/contract';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const ORGANISATIONS = [
  { organisation: 'Region Jämtland Härjedalen', county: '23' },
  { organisation: 'Region Västernorrland', county: '22' },
  { organisation: 'Region Västerbotten', county: '24' },
  { organisation: 'Region Norrbotten', county: '25' },
] as const;

/** Seed 004 shifted by whole years so that its registration day is today or later (as the tests do). */
export function seed004Raw(today: CalendarDate): Raw {
  const seed = SEED_PLANS.seed004;
  return shiftYears(structuredClone(seed.plan) as Raw, yearsToShift(seed.registered, today));
}

export function finish(raw: Raw, today: CalendarDate): GrantPlan {
  const r = checkPlan(raw, today);
  if (!r.ok) throw new Error(`bench plan is not valid: ${JSON.stringify(r.problems)}`);
  return r.plan;
}

/**
 * The lifecycle benchmark's plan: seed 004 with its own case number. Deadlines are Stockholm
 * calendar days, so a lifecycle cannot be compressed into minutes by moving dates; instead:
 *   deadlines 'seed': the seed's deadlines (months ahead): every wait arms a reminder timer, and
 *     the answer or fact that ends the wait cancels it: the realistic case (people answer before
 *     the deadline);
 *   deadlines 'none': rounds and requisitions without deadlines: no timers for them at all.
 * The use period is moved to the past (it ended yesterday): the workflow waits for its end by
 * date and nothing else, so a compressed run cannot wait for it. The report keeps its due date
 * (reminder timer armed) and is ended by the reportSubmitted fact.
 */
export function lifecyclePlan(today: CalendarDate, caseNumber: string, deadlines: 'seed' | 'none', org = ORGANISATIONS[0]): GrantPlan {
  const raw = seed004Raw(today);
  raw.caseNumber = caseNumber;
  raw.organisation = org.organisation;
  raw.county = org.county;
  raw.usePeriod = { from: addDays(today, -2), to: addDays(today, -1) };
  if (deadlines === 'none') {
    for (const g of raw.anchoring.groups) delete g.deadline;
    delete raw.decision.group.deadline;
    for (const p of raw.parts) delete p.requisition.deadline;
  }
  return finish(raw, today);
}

/** Seed 004 without anchoring, its decision group made of `members` seats under rule "all". */
export function decisionPlan(today: CalendarDate, caseNumber: string, members: number): GrantPlan {
  const raw = seed004Raw(today);
  raw.caseNumber = caseNumber;
  delete raw.anchoring;
  raw.decision.group = {
    id: 'styrgrupp',
    name: 'Styrgruppen',
    rule: { type: 'all' },
    chairId: 'm-1',
    deadline: raw.decision.group.deadline,
    members: Array.from({ length: members }, (_, i) => ({ id: `m-${i + 1}`, name: `Ledamot ${i + 1}`, email: `ledamot${i + 1}@example.se` })),
  };
  return finish(raw, today);
}

/** As POST /api/grants starts a grant. */
export function startGrant(client: Client, plan: GrantPlan, taskQueue: string, startedBy = 'Bänkmärkning'): Promise<WorkflowHandleWithFirstExecutionRunId<typeof grantWorkflow>> {
  return client.workflow.start(grantWorkflow, {
    workflowId: grantWorkflowId(plan.caseNumber),
    taskQueue,
    args: [newGrantInput(plan, startedBy)],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    memo: { requestHash: 'bench', title: plan.title },
    typedSearchAttributes: initialSearchAttributes(plan, Date.now()),
  });
}
