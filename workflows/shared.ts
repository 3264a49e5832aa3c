/** Names shared by the worker, the API and the tests. */
export const DEFAULT_TASK_QUEUE = 'grantflow';

/** One case, one workflow: the id is derived from the case number (diarienummer). */
export function grantWorkflowId(caseNumber: string): string {
  return `grant:${caseNumber.trim()}`;
}

export function caseNumberFromWorkflowId(id: string): string | undefined {
  return id.startsWith('grant:') ? id.slice('grant:'.length) : undefined;
}

export interface GrantWorkflowInput {
  plan: import('../domain/plan').GrantPlan;
  startedBy: string;
  /** Carried over by continue-as-new; absent on the first run. */
  state?: import('./types').GrantState;
  /** Continue as new beyond this history length (default 10 000) even before the server suggests it. */
  historyLimit?: number;
}
