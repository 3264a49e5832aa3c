/**
 * The agreement workflow's contract: the workflow type, the id built from the agreement's id and its
 * inverse, the input, the query and update, and the refusals with their HTTP status and texts.
 * One registered national agreement (överenskommelse) is one small workflow that keeps it.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Agreement, Population } from '../../domain/allocation';

/** Agreements run on the grant worker's task queue. */
export { TASK_QUEUE } from '../grant/contract';

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

/** Every way the agreement workflow refuses an update: HTTP status and texts. */
export const AGREEMENT_REFUSALS = {
  AlreadyRetired: { status: 409, sv: (id: string) => `överenskommelsen ${id} är redan avregistrerad`, en: (id: string) => `agreement ${id} was already retired` },
  ReasonRequired: { status: 422, sv: () => 'ett skäl krävs för att avregistrera en överenskommelse', en: () => 'retiring an agreement needs a reason' },
  ActorRequired: { status: 422, sv: () => 'ange vem som avregistrerar överenskommelsen', en: () => 'say who retires the agreement' },
} as const;
export type AgreementRefusalKind = keyof typeof AGREEMENT_REFUSALS;
