/** A new grant's state, and the parts of it that a new revision of the basis starts afresh. */
import { workflowInfo } from '@temporalio/workflow';
import type { GrantPlan } from '../../domain/plan';
import type { GrantState, GrantWorkflowInput, RevisionRecord, TrancheState } from './contract';
import { initialParts } from './derive';

export function initialTranches(plan: GrantPlan): TrancheState[] {
  return plan.tranches.map((t) => ({ id: t.id, amountOre: t.amountOre, payee: t.payee, partId: t.partId, trigger: t.trigger, status: 'waiting' }));
}

export function initialReports(plan: GrantPlan): GrantState['reports'] {
  return plan.reports.map((r) => ({
    id: r.id,
    what: r.what,
    to: r.to,
    due: r.due,
    requirementsPublished: r.requirementsPublished,
    requirements: r.requirements,
    status: 'pending',
    overdue: false,
    notices: [],
  }));
}

/** A revision of the basis as it stood when submitted (a copy: amendments change the live plan). */
export function revisionRecord(plan: GrantPlan, revision: number, at: string, by: string, comment?: string): RevisionRecord {
  return { revision, plan: JSON.parse(JSON.stringify(plan)) as GrantPlan, at, by, ...(comment ? { comment } : {}) };
}

export function initialState(input: GrantWorkflowInput): GrantState {
  const plan = input.plan;
  const startedAt = new Date(Date.now()).toISOString();
  return {
    caseNumber: plan.caseNumber,
    workflowId: workflowInfo().workflowId,
    status: 'active',
    stage: plan.anchoring ? 'anchoring' : 'decision',
    revision: 1,
    plan,
    revisions: [revisionRecord(plan, 1, startedAt, input.startedBy)],
    startedAt,
    startedBy: input.startedBy,
    rounds: [],
    parts: initialParts(plan),
    tranches: initialTranches(plan),
    reports: initialReports(plan),
    money: { totalOre: plan.totalOre, decidedOre: 0, requisitionedOre: 0, paidOre: 0, lapsedOre: 0, toRepayOre: 0, repaidOre: 0 },
    deadlines: [],
    overdue: false,
    timeline: [],
    seq: 0,
  };
}
