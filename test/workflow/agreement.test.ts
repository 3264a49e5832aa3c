/**
 * The agreement workflow on the time-skipping server: it keeps what the API registered, answers
 * the query with it, refuses a retirement without a reason or a second one, and ends when retired.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { agreementQuery, agreementWorkflowId, retireAgreementUpdate, type AgreementWorkflowInput } from '../../workflows/agreement/contract';
import { agreementWorkflow } from '../../workflows/agreement/workflow';
import { parseAgreement } from '../../domain/allocation';
import agreement2020 from '../../domain/fixtures/agreement-2020.json';
import { useTimeSkippingEnv, makeWorker, MailRecorder, recordHistory, refusal } from '../helpers/workflowEnv';

let env!: TestWorkflowEnvironment;
useTimeSkippingEnv((e) => (env = e));

it('keeps the registered agreement, refuses a bad retirement, and ends when retired', async () => {
  const taskQueue = 'agreement-1';
  const worker = await makeWorker(env, new MailRecorder(), taskQueue);
  await worker.runUntil(async () => {
    const input: AgreementWorkflowInput = {
      agreementId: '2020',
      agreement: parseAgreement(agreement2020),
      population: { source: 'fixture', name: 'population-2019', year: 2019 },
      registeredAt: '2026-11-30T10:00:00.000Z',
      registeredBy: { name: 'Elin Ring', org: 'Region Jämtland Härjedalen' },
    };
    const handle = await env.client.workflow.start(agreementWorkflow, { workflowId: agreementWorkflowId('2020-wf-test'), taskQueue, args: [input] });
    const kept = await handle.query(agreementQuery);
    expect(kept).toEqual(input);
    expect(await refusal(handle.executeUpdate(retireAgreementUpdate, { args: [{ reason: '  ', actor: 'Elin Ring' }] }))).toBe('ReasonRequired');
    const retired = await handle.executeUpdate(retireAgreementUpdate, { args: [{ reason: 'Ersatt av 2021 års överenskommelse', actor: 'Elin Ring' }] });
    expect(retired.retired).toMatchObject({ by: 'Elin Ring', reason: 'Ersatt av 2021 års överenskommelse' });
    const result = await handle.result();
    expect(result.retired?.reason).toBe('Ersatt av 2021 års överenskommelse');
    expect(result.agreement).toEqual(input.agreement);
    await recordHistory(handle, 'agreement-retired');
  });
});
