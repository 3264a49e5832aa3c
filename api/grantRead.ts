/**
 * Reading a grant to show it (GET /api/grants/:caseNumber, the dashboard's grant and revisions
 * pages): a grant that has ended (closed, cancelled or rejected) from the register
 * (register/grantState.ts), which holds its whole record before its workflow ends, so that no worker
 * has to replay a finished grant's history to show it; an open grant live from its workflow, and from
 * the register when Temporal no longer holds it (deleted). Steering never falls back: a grant without
 * a workflow cannot be changed (api/routes/steer.ts).
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
  const fromRegister = async () => {
    from = 'register';
    return grantFromRegister(src.register, caseNumber, (src.now ?? Date.now)());
  };
  if (await hasEnded(src.register, caseNumber)) grant = await fromRegister();
  else {
    try {
      grant = await src.client.workflow.getHandle(grantWorkflowId(caseNumber)).query(stateQuery);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      grant = await fromRegister();
    }
  }
  if (!grant || !canRead(p, grant.plan.organisation)) throw new HttpError(404, 'not_found', NO_GRANT);
  return { grant, from };
}

/** The case's status in the register (active, closed, …), or undefined when the register has no such case. */
export async function registeredStatus(register: Pick<Pool, 'connect'>, caseNumber: string): Promise<string | undefined> {
  const c = await register.connect();
  try {
    return (await c.query<{ status: string }>('SELECT status FROM grants WHERE case_number = $1', [caseNumber])).rows[0]?.status;
  } finally {
    c.release();
  }
}

/** Whether the register holds the grant as ended: its record is then whole (the workflow waits for it). */
async function hasEnded(register: Pick<Pool, 'connect'>, caseNumber: string): Promise<boolean> {
  return ENDED.has((await registeredStatus(register, caseNumber)) ?? '');
}

const ENDED = new Set(['closed', 'cancelled', 'rejected']);
