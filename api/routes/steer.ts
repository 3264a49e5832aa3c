/**
 * The coordinators' steering routes (facts, amendments, revisions, cancel) in one place: who may
 * steer the grant, one Update, and the answer built from what the Update returned.
 */
import type { Request, Response } from 'express';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { grantWorkflowId, stateQuery, type GrantState, type SteerResult } from '../../workflows/grant/contract';
import { canRead, canSteer, type Principal } from '../auth';
import { HttpError, t } from '../errors';

const NO_GRANT = t('bidraget finns inte', 'no such grant');

/** The grant's state, if the principal may read it (another organisation's grant is not found). */
export async function readGrant(client: Client, caseNumber: string, p: Principal): Promise<GrantState> {
  const s = await client.workflow.getHandle(grantWorkflowId(caseNumber)).query(stateQuery);
  if (!canRead(p, s.plan.organisation)) throw new HttpError(404, 'not_found', NO_GRANT);
  return s;
}

/**
 * `steer(req, res, caseNumber, update)`: checks that the principal coordinates the grant's
 * organisation (the one read before the Update: the workflow's validators do not know principals),
 * runs the Update, and answers with its SteerResult: seq, status and stage after the change.
 */
export function grantSteering(client: Client) {
  return async (req: Request, res: Response, caseNumber: string, update: (handle: WorkflowHandle, actor: string) => Promise<SteerResult>) => {
    const p = req.principal!;
    const s = await readGrant(client, caseNumber, p);
    if (!canSteer(p, s.plan.organisation)) throw new HttpError(403, 'forbidden', t('bara en samordnare i bidragets organisation får ändra det', 'only a coordinator of the grant’s organisation may change it'));
    const handle = client.workflow.getHandle(grantWorkflowId(caseNumber));
    const result = await update(handle, p.name);
    const self = `/api/grants/${encodeURIComponent(caseNumber)}`;
    res.set('ETag', `"${result.seq}"`).json({ caseNumber, workflowId: handle.workflowId, seq: result.seq, status: result.status, stage: result.stage, links: { self } });
  };
}
