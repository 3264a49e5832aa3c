/**
 * Grants for the managers' tests: the four seed plans moved into the future (shiftYears) with case
 * numbers of their own, started through the API; and one grant whose decision deadline passed
 * days ago, started directly on Temporal as the API would have started it earlier (the API
 * refuses a deadline in the past, and the stack's clock is real).
 */
import { seedPlanFor } from '../../scripts/seed-plan';
import { GrantPlan } from '../../domain/plan';
import type { SeedName } from '../../domain/fixtures/plans';
import { addDays, stockholmDate } from '../../domain/dates';
import { grantWorkflow } from '../../workflows';
import { grantWorkflowId, newGrantInput, initialSearchAttributes, type GrantState } from '../../workflows/grant/contract';
import type { GrantListItem } from '../../api/listQuery';
import { COORDINATOR, ORG, api, grantPath, uniqueCase, type Stack } from './stack';

export interface Seeded {
  name: SeedName | 'overdue';
  caseNumber: string;
  title: string;
}

/** A seed plan, shifted so that it is registered today or later, under a new case number in the stack's organisation. */
export function shiftedSeed(name: SeedName, caseNumber: string, today = stockholmDate(Date.now())): Record<string, unknown> {
  // Seed 002 is Västra Götalandsregionen's; the stack's coordinator steers Jämtland's grants.
  return seedPlanFor(name, today, { caseNumber, organisation: ORG });
}

export async function startSeed(stack: Stack, name: SeedName): Promise<Seeded> {
  const caseNumber = uniqueCase(name === 'seed000' || name === 'seed003' ? 'RS' : 'RJH');
  const plan = shiftedSeed(name, caseNumber);
  const res = await api(stack, 'POST', '/api/grants', { token: stack.tokens.coordinator, body: plan });
  if (res.status !== 201) throw new Error(`starting ${name} answered ${res.status}: ${res.text}`);
  return { name, caseNumber, title: plan.title as string };
}

/** A grant whose decision deadline passed `daysAgo` days ago: overdue from its first moment. */
export async function startOverdue(stack: Stack, opts: { title?: string; amountOre?: number; daysAgo?: number } = {}): Promise<Seeded> {
  const caseNumber = uniqueCase('RS');
  const today = stockholmDate(Date.now());
  const amountOre = opts.amountOre ?? 25_000_000;
  const plan = GrantPlan.parse({
    caseNumber,
    title: opts.title ?? 'Brukarråd – uppföljning',
    organisation: ORG,
    county: '23',
    year: Number(today.slice(0, 4)),
    coordinators: [{ id: 'elin-ring', name: COORDINATOR.name, email: COORDINATOR.email }],
    parts: [{ id: '1', name: 'Brukarråd', amountOre }],
    totalOre: amountOre,
    decision: {
      body: 'Regionstyrelsen',
      group: {
        id: 'regionstyrelsen',
        name: 'Regionstyrelsen',
        members: [{ id: 'ordf', name: 'Ordförande Regionstyrelsen', email: `ordf.${caseNumber.replace(/\W/g, '').toLowerCase()}@example.se` }],
        rule: { type: 'all' },
        deadline: addDays(today, -(opts.daysAgo ?? 3)),
      },
    },
  });
  // What POST /api/grants does, minus the check that the deadline lies ahead.
  await stack.client.workflow.start(grantWorkflow, {
    workflowId: grantWorkflowId(caseNumber),
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    args: [newGrantInput(plan, COORDINATOR.name)],
    // As POST /api/grants sets them (the plan has no anchoring: it starts at its decision).
    typedSearchAttributes: initialSearchAttributes(plan, Date.now()),
    memo: { title: plan.title },
  });
  return { name: 'overdue', caseNumber, title: plan.title };
}

export async function grantState(stack: Stack, caseNumber: string): Promise<GrantState> {
  const res = await api(stack, 'GET', grantPath(caseNumber), { token: stack.tokens.manager });
  if (res.status !== 200) throw new Error(`GET ${caseNumber} answered ${res.status}`);
  return res.json<GrantState>();
}

export interface ListBody {
  items: GrantListItem[];
  page: number;
  pageSize: number;
  pages: number;
  total: number;
  sort: string;
  links: Record<string, string>;
}

/**
 * Visibility is eventually consistent: polls the list until every grant is there and its search
 * attributes agree with the workflow's own state (stage, status, overdue, next deadline).
 */
export async function waitUntilListed(stack: Stack, grants: Seeded[], timeoutMs = 60_000): Promise<Map<string, GrantState>> {
  const end = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const states = new Map<string, GrantState>();
    for (const g of grants) states.set(g.caseNumber, await grantState(stack, g.caseNumber));
    const res = await api(stack, 'GET', '/api/grants?pageSize=200', { token: stack.tokens.manager });
    const listed = new Map(res.json<ListBody>().items.map((i) => [i.caseNumber, i]));
    const mismatch = grants.filter((g) => {
      const s = states.get(g.caseNumber)!;
      const i = listed.get(g.caseNumber);
      return !i || i.stage !== s.stage || i.status !== s.status || i.overdue !== s.overdue || i.nextDeadline !== s.nextDeadline;
    });
    if (mismatch.length === 0) return states;
    last = JSON.stringify(mismatch.map((g) => ({ caseNumber: g.caseNumber, listed: listed.get(g.caseNumber) ?? null, state: { stage: states.get(g.caseNumber)!.stage, overdue: states.get(g.caseNumber)!.overdue, next: states.get(g.caseNumber)!.nextDeadline } })));
    if (Date.now() > end) throw new Error(`visibility did not catch up within ${timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
