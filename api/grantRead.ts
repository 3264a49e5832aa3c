/**
 * Reading a grant to show it (GET /api/grants/:caseNumber, the dashboard's grant and revisions
 * pages): live from its workflow while Temporal holds it, from the register (register/grantState.ts)
 * when Temporal no longer does (closed, and past the namespace's retention; or deleted). Steering
 * never falls back: a grant without a workflow cannot be changed (api/routes/steer.ts).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { grantWorkflowId, stateQuery, type GrantState } from '../workflows/grant/contract';
import { grantFromRegister } from '../register/grantState';
import { canRead, type Principal } from './auth';
import { HttpError, t } from './errors';

const NO_GRANT = t('bidraget finns inte', 'no such grant');

export interface GrantSource {
  client: Client;
  register: Pick<Pool, 'connect'>;
  now?: () => number;
}

/** Where a shown grant came from: its workflow (live) or the register (the public record). */
export type ReadFrom = 'workflow' | 'register';

/** The grant's state, if the principal may read it; another organisation's grant is not found (404). */
export async function readGrantToShow(src: GrantSource, caseNumber: string, p: Principal): Promise<{ grant: GrantState; from: ReadFrom }> {
  let grant: GrantState | undefined;
  let from: ReadFrom = 'workflow';
  try {
    grant = await src.client.workflow.getHandle(grantWorkflowId(caseNumber)).query(stateQuery);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    grant = await grantFromRegister(src.register, caseNumber, (src.now ?? Date.now)());
    from = 'register';
  }
  if (!grant || !canRead(p, grant.plan.organisation)) throw new HttpError(404, 'not_found', NO_GRANT);
  return { grant, from };
}
