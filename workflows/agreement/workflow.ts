/**
 * One registered national agreement (överenskommelse): a small workflow per agreement, id
 * `agreement:<agreementId>`, that holds the agreement and the population table it is allocated by
 * as its state, answers the `agreement` query with it, and otherwise waits until it is retired.
 * Temporal is the store (there is no database): registering is starting this workflow.
 *
 * Everything here was validated by the API before the workflow started (zod, the agreement's own
 * checks, the population parser and a trial allocation); the workflow only keeps it. It imports
 * domain types only, so no zod and nothing of Node runs in the sandbox, and it computes nothing:
 * the API allocates from the state it reads.
 */
import { ApplicationFailure, allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { AGREEMENT_REFUSALS, agreementQuery, retireAgreementUpdate, type AgreementRecord, type AgreementRefusalKind, type AgreementWorkflowInput } from './contract';

function refuse(kind: AgreementRefusalKind, id = ''): never {
  throw ApplicationFailure.create({ type: kind, message: AGREEMENT_REFUSALS[kind].en(id), details: [{ id }], nonRetryable: true });
}

export async function agreementWorkflow(input: AgreementWorkflowInput): Promise<AgreementRecord> {
  const record: AgreementRecord = { ...input };
  setHandler(agreementQuery, () => record);
  setHandler(
    retireAgreementUpdate,
    ({ reason, actor }) => {
      record.retired = { at: new Date().toISOString(), by: actor, reason: reason.trim() };
      return record;
    },
    {
      validator: (i) => {
        if (record.retired) refuse('AlreadyRetired', record.agreementId);
        if (typeof i?.reason !== 'string' || !i.reason.trim()) refuse('ReasonRequired');
        if (typeof i.actor !== 'string' || !i.actor.trim()) refuse('ActorRequired');
      },
    },
  );
  await condition(() => record.retired !== undefined);
  await condition(allHandlersFinished);
  return record;
}
