/**
 * Which grant a request changed, said by the route that changed it: a route calls changedGrant()
 * after its write succeeded, and whoever needs to know (the list snapshot) reads it when the
 * response has gone out. No route parses another route's paths or tokens for this.
 */
import type { Response } from 'express';

const KEY = 'grantflowChangedWorkflowId';

/** Marks the response as having changed this grant's workflow (a successful write). */
export function changedGrant(res: Response, workflowId: string): void {
  (res.locals as Record<string, unknown>)[KEY] = workflowId;
}

/** The workflow the request changed, if its route said so. */
export function changedGrantOf(res: Response): string | undefined {
  const id = (res.locals as Record<string, unknown>)[KEY];
  return typeof id === 'string' ? id : undefined;
}
