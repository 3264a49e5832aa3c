/** Names shared by the worker, the API and the tests. */
export const DEFAULT_TASK_QUEUE = 'grantflow';

/** One case, one workflow: the id is derived from the case number (diarienummer). */
export function grantWorkflowId(caseNumber: string): string {
  return `grant:${caseNumber.trim()}`;
}

export function caseNumberFromWorkflowId(id: string): string | undefined {
  return id.startsWith('grant:') ? id.slice('grant:'.length) : undefined;
}

/**
 * Which behaviour of the grant workflow a run follows, where a change to the workflow code changed
 * the commands it issues. A running grant must replay exactly as it was recorded, so the version is
 * fixed when a run starts (in its input) and the code keeps every version's path:
 *   1 (or absent: every grant started before 2026-11-30): a timer per wait (each round, each part's
 *     requisition, each report arms its own) and a search-attribute upsert whenever something a
 *     manager filters on changes;
 *   2: one alarm for the whole grant, armed for the earliest moment any wait needs, and at most one
 *     upsert per workflow task, carrying only the attributes that changed since the last upsert (or
 *     since the start: a grant the API started with its search attributes upserts nothing at first).
 * The version is carried in the input rather than by `patched()`, which would add a marker and a
 * search-attribute upsert to every grant's history. A run that continues as new starts on the
 * latest version: its history begins afresh.
 */
export const GRANT_WORKFLOW_VERSION = 2;

/** The input a new grant starts with (the API, the tests and the benchmarks all start grants so). */
export function newGrantInput(plan: import('../domain/plan').GrantPlan, startedBy: string, extra: Pick<GrantWorkflowInput, 'historyLimit'> = {}): GrantWorkflowInput {
  return { plan, startedBy, version: GRANT_WORKFLOW_VERSION, ...extra };
}

export interface GrantWorkflowInput {
  plan: import('../domain/plan').GrantPlan;
  startedBy: string;
  /** The workflow behaviour this run follows (GRANT_WORKFLOW_VERSION when it started); absent: 1. */
  version?: number;
  /** Carried over by continue-as-new; absent on the first run. */
  state?: import('./types').GrantState;
  /** Continue as new beyond this history length (default 10 000) even before the server suggests it. */
  historyLimit?: number;
}
