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
import { ApplicationFailure, allHandlersFinished, condition, defineQuery, defineUpdate, setHandler } from '@temporalio/workflow';
import type { Agreement, Population } from '../domain/allocation';

/** The workflow type, as visibility lists it (`WorkflowType = 'agreementWorkflow'`). */
export const AGREEMENT_WORKFLOW_TYPE = 'agreementWorkflow';

/** One agreement, one workflow: `agreement:2020`, `agreement:2020-psykisk-halsa`. */
export function agreementWorkflowId(agreementId: string): string {
  return `agreement:${agreementId}`;
}

export function agreementIdFromWorkflowId(id: string): string | undefined {
  return id.startsWith('agreement:') ? id.slice('agreement:'.length) : undefined;
}

/**
 * The population the agreement is allocated by: a table sent with the registration (parsed from
 * SCB's CSV by the API), or a file shipped with grantflow, referred to by name.
 */
export type PopulationSource =
  | { source: 'fixture'; name: string; year: number }
  | { source: 'inline'; year: number; table: Population };

export interface AgreementWorkflowInput {
  agreementId: string;
  agreement: Agreement;
  population: PopulationSource;
  /** ISO instant, set by the API. */
  registeredAt: string;
  registeredBy: { name: string; org: string };
}

export interface AgreementRecord extends AgreementWorkflowInput {
  retired?: { at: string; by: string; reason: string };
}

export interface RetireInput {
  reason: string;
  actor: string;
}

export const agreementQuery = defineQuery<AgreementRecord>('agreement');
export const retireAgreementUpdate = defineUpdate<AgreementRecord, [RetireInput]>('retire');

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
        if (record.retired) throw ApplicationFailure.create({ type: 'AlreadyRetired', message: `agreement ${record.agreementId} was already retired`, nonRetryable: true });
        if (typeof i?.reason !== 'string' || !i.reason.trim()) throw ApplicationFailure.create({ type: 'ReasonRequired', message: 'retiring an agreement needs a reason', nonRetryable: true });
        if (typeof i.actor !== 'string' || !i.actor.trim()) throw ApplicationFailure.create({ type: 'ActorRequired', message: 'say who retires the agreement', nonRetryable: true });
      },
    },
  );
  await condition(() => record.retired !== undefined);
  await condition(allHandlersFinished);
  return record;
}
