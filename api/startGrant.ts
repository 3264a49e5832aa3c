/**
 * Starting a grant, one way for the JSON API and the workbench: the case number is the workflow's
 * key, so a case starts once. The same plan sent again answers `created: false` (a retried request);
 * another plan under a taken case number is refused (409). So is a case the register holds whose
 * workflow Temporal no longer has (closed, and past retention): a case number starts one grant, ever.
 */
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { GrantPlan } from '../domain/plan';
import { grantWorkflow } from '../workflows';
import { grantWorkflowId, initialSearchAttributes, newGrantInput } from '../workflows/grant/contract';
import { HttpError, t } from './errors';
import { registeredStatus } from './grantRead';

function requestHash(plan: unknown): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex');
}

/** The case's status in the register; undefined too when the register cannot be asked. */
async function recordedStatus(register: Pick<Pool, 'connect'>, caseNumber: string): Promise<string | undefined> {
  // The register down: starting does not wait for it (the workflow is the source of truth), and
  // within retention Temporal refuses a second workflow under the case number by itself.
  return registeredStatus(register, caseNumber).catch(() => undefined);
}

export async function startGrant(deps: { client: Client; taskQueue: string; now: () => number; register?: Pick<Pool, 'connect'> }, plan: GrantPlan, actor: string): Promise<{ workflowId: string; created: boolean }> {
  const hash = requestHash(plan);
  const workflowId = grantWorkflowId(plan.caseNumber);
  const recorded = deps.register ? await recordedStatus(deps.register, plan.caseNumber) : undefined;
  if (recorded !== undefined) {
    const held = await deps.client.workflow.getHandle(workflowId).describe().then(
      () => true,
      (e: unknown) => {
        if (e instanceof WorkflowNotFoundError) return false;
        throw e;
      },
    );
    if (!held) {
      throw new HttpError(
        409,
        'duplicate',
        t(`ärendet ${plan.caseNumber} finns redan i registret (${recorded}); ett diarienummer startar ett bidrag en gång`, `case ${plan.caseNumber} is already in the register (${recorded}); a case number starts one grant, once`),
      );
    }
  }
  try {
    await deps.client.workflow.start(grantWorkflow, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [newGrantInput(plan, actor)],
      // One case, one workflow, ever: a closed grant's case number is not reused either.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      // The title as written, for Temporal's UI (GrantTitle holds only its words).
      memo: { requestHash: hash, title: plan.title },
      typedSearchAttributes: initialSearchAttributes(plan, deps.now()),
    });
    return { workflowId, created: true };
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    const existing = await deps.client.workflow.getHandle(workflowId).describe();
    if (existing.memo?.requestHash === hash) return { workflowId, created: false };
    throw new HttpError(409, 'duplicate', t(`ärendet ${plan.caseNumber} har redan ett bidrag; ett andra startas inte`, `case ${plan.caseNumber} already has a grant; a second one is not started`));
  }
}
