/**
 * The grant workflow's contract: everything the worker, the API, the tests and the benchmarks need
 * to know of it, and nothing of how it works inside. The task queue, the workflow type, the id
 * built from the case number and its inverse, the input, every query and update with their
 * payloads, the search attributes, the activities it calls with their payloads, and the closed set
 * of refusals (workflows/grant/refusals.ts). The state's shape is in ./model, re-exported here.
 *
 * Imported by the workflow code too, so it imports only @temporalio/workflow and @temporalio/common
 * and pure modules: no Node, no zod.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { CalendarDate } from '../../domain/calendar';
import { endOfDay } from '../../domain/calendar';
import { searchText } from '../../domain/searchText';
import type { GrantPlan } from '../../domain/plan';
import { initialNextDeadline } from './derive';
import type { GrantState, GrantStatus, RoundKind, Stage } from './model';
import type { MailRequest } from './mail';
import type { RegisterActivities } from './register';

export * from './model';
export * from './mail';
export * from './refusals';
export * from './register';

/** The one task queue grantflow's worker polls (both workflows and their activities). */
export const TASK_QUEUE = 'grantflow';

/** The actor the workflow names for what it does by itself (a round opened, a deadline passed). */
export const SYSTEM_ACTOR = 'grantflow';

/** The workflow type, as the worker registers it and visibility lists it. */
export const GRANT_WORKFLOW_TYPE = 'grantWorkflow';

const ID_PREFIX = 'grant:';

/** One case, one workflow: the id is derived from the case number (diarienummer). */
export function grantWorkflowId(caseNumber: string): string {
  return `${ID_PREFIX}${caseNumber.trim()}`;
}

/** The case number of a grant's workflow id; undefined for any other id. */
export function caseNumberFromWorkflowId(id: string): string | undefined {
  return id.startsWith(ID_PREFIX) ? id.slice(ID_PREFIX.length) : undefined;
}

/**
 * Which behaviour of the grant workflow a run follows, where a change to the workflow code changed
 * the commands it issues. A running grant must replay exactly as it was recorded, so the version is
 * fixed when a run starts (in its input) and the code keeps every version's path (docs/versions.md):
 *   1 (or absent: every grant started before 2026-11-30): a timer per wait and an upsert whenever
 *     something a manager filters on changes;
 *   2: one alarm for the whole grant, and at most one upsert per workflow task with only the
 *     attributes that changed since the last (or since the start);
 *   3 (2026-12-02): and the register: after every workflow task that changed the grant, one
 *     recordGrant activity writes what the register lacks (recorder.ts); the grant waits for the
 *     register before it ends or continues as new;
 *   4 (2026-12-03): the register's batch waits until every Update of its workflow task has
 *     completed (recorder.ts; version 3 takes the same wait behind a patch, from its next batch).
 * A run that continues as new starts on the latest version: its history begins afresh.
 */
export const GRANT_WORKFLOW_VERSION = 4;

export interface GrantWorkflowInput {
  plan: GrantPlan;
  startedBy: string;
  /** The workflow behaviour this run follows (GRANT_WORKFLOW_VERSION when it started); absent: 1. */
  version?: number;
  /** Carried over by continue-as-new; absent on the first run. */
  state?: GrantState;
  /** Continue as new beyond this history length (default 10 000) even before the server suggests it. */
  historyLimit?: number;
  /** Version 3, carried over by continue-as-new: what the register already holds. */
  recorded?: { events: number; revisions: number };
}

/** The input a new grant starts with (the API, the tests and the benchmarks all start grants so). */
export function newGrantInput(plan: GrantPlan, startedBy: string, extra: Pick<GrantWorkflowInput, 'historyLimit'> = {}): GrantWorkflowInput {
  return { plan, startedBy, version: GRANT_WORKFLOW_VERSION, ...extra };
}

// ---------------------------------------------------------------------------------------------
// Queries and updates. A human decision is an Update with a validator: a stale or invalid one is
// refused (a GrantRefusalKind) without entering history.

export interface DecideInput {
  roundId: string;
  memberId: string;
  /** The nonce bound into the approver's link. */
  nonce: string;
  action: 'approve' | 'reject' | 'return' | 'delegate';
  comment?: string;
  substituteId?: string;
}
export interface DecideResult {
  roundId: string;
  action: DecideInput['action'];
  roundOutcome?: 'approved' | 'rejected' | 'returned';
  actor: string;
  /** What the approver's page shows after the answer, so the API renders it without a query. */
  receipt?: DecisionReceipt;
}

/** A few hundred bytes (it is kept in history with every answer): the grant and round as the approver sees them now. */
export interface DecisionReceipt {
  caseNumber: string;
  title: string;
  organisation: string;
  lang: 'sv' | 'en';
  roundName: string;
  roundKind: RoundKind;
  /** Who acts for the seat now: the substitute after a delegation. */
  actingName: string;
  answeredAt?: string;
  comment?: string;
  answered: number;
  seats: number;
  closedAt?: string;
}

/** Facts from outside the workflow, recorded by coordinators (or finance). */
export type Fact =
  | { type: 'stateDecision'; trancheId: string; met: boolean; reference?: string; comment?: string }
  | { type: 'requisitioned'; partId: string; comment?: string }
  | { type: 'paymentMade'; trancheId: string; comment?: string }
  | { type: 'requirementsPublished'; reportId: string; requirements: string; due?: CalendarDate; comment?: string }
  | { type: 'reportSubmitted'; reportId: string; comment?: string }
  | { type: 'fundsUsed'; partId: string; usedOre: number; comment?: string }
  | { type: 'repaid'; amountOre: number; comment?: string }
  | { type: 'decisionParagraph'; paragraph: string; comment?: string };

export interface FactInput {
  fact: Fact;
  actor: string;
}

export type Amendment =
  | { type: 'deadline'; target: 'round'; groupId: string; date: CalendarDate }
  | { type: 'deadline'; target: 'requisition'; partId: string; date: CalendarDate }
  | { type: 'deadline'; target: 'report'; reportId: string; date: CalendarDate }
  | { type: 'distribution'; distribution: { name: string; email?: string }[] }
  | { type: 'amounts'; parts: { id: string; amountOre: number }[] };

export interface AmendInput {
  amendment: Amendment;
  actor: string;
  reason: string;
}

export interface ReviseInput {
  /** A new revision of the plan (same case number), parsed by the API; its stages start again from anchoring. */
  plan: GrantPlan;
  actor: string;
  comment: string;
}

export interface CancelInput {
  reason: string;
  actor: string;
}

export const stateQuery = defineQuery<GrantState>('state');
export const decideUpdate = defineUpdate<DecideResult, [DecideInput]>('decide');
/** What the coordinators' updates answer; the state itself is read with stateQuery. */
export interface SteerResult {
  seq: number;
  status: GrantStatus;
  stage: Stage;
}

export const recordFactUpdate = defineUpdate<SteerResult, [FactInput]>('recordFact');
export const amendUpdate = defineUpdate<SteerResult, [AmendInput]>('amend');
export const reviseUpdate = defineUpdate<SteerResult, [ReviseInput]>('revise');
export const cancelUpdate = defineUpdate<SteerResult, [CancelInput]>('cancel');

// ---------------------------------------------------------------------------------------------
// Activities (called by the workflow through proxyActivities; implemented in activities/).

export interface MailResult {
  key: string;
  messageId: string;
  /** Addresses the SMTP server refused permanently; recorded in the grant's timeline. */
  rejected: string[];
}

export interface MailActivities {
  sendMail(batch: MailRequest[]): Promise<MailResult[]>;
}

/** What the worker registers for a grant: mail, and (version 3) the register. */
export interface GrantActivities extends MailActivities, RegisterActivities {}

// ---------------------------------------------------------------------------------------------
// Search attributes: what managers filter on in Temporal visibility. Registered by scripts/start.ts
// on the dev server and by the `temporal-setup` service in docker-compose.yml.

const CLI_TYPE: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.BOOL]: 'Bool',
};

export const SA = {
  caseNumber: defineSearchAttributeKey('GrantCaseNumber', SearchAttributeType.KEYWORD),
  title: defineSearchAttributeKey('GrantTitle', SearchAttributeType.TEXT),
  stage: defineSearchAttributeKey('GrantStage', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('GrantStatus', SearchAttributeType.KEYWORD),
  year: defineSearchAttributeKey('GrantYear', SearchAttributeType.INT),
  county: defineSearchAttributeKey('GrantCounty', SearchAttributeType.KEYWORD),
  organisation: defineSearchAttributeKey('GrantOrganisation', SearchAttributeType.KEYWORD),
  nextDeadline: defineSearchAttributeKey('GrantNextDeadline', SearchAttributeType.DATETIME),
  totalOre: defineSearchAttributeKey('GrantTotalOre', SearchAttributeType.INT),
  overdue: defineSearchAttributeKey('GrantOverdue', SearchAttributeType.BOOL),
  /**
   * When the grant last changed what it publishes (workflow time of the upsert; the start time at
   * start). Not a filter: the API's list snapshot (api/listSnapshot.ts) reads only the grants that
   * changed since its last refresh by it.
   */
  updatedAt: defineSearchAttributeKey('GrantUpdatedAt', SearchAttributeType.DATETIME),
} as const;

/** name → CLI type, for `temporal operator search-attribute create` and the dev server's flags. */
export const SEARCH_ATTRIBUTE_TYPES: Record<string, string> = Object.fromEntries(
  Object.values(SA).map((k) => [k.name, CLI_TYPE[k.type]!]),
);

/**
 * The search attributes a grant starts with, set by whoever starts its workflow (the API, and the
 * tests and benchmarks that start grants as the API would), so that it is listed from the first
 * moment; the workflow keeps them current from then on.
 */
export function initialSearchAttributes(
  plan: Pick<GrantPlan, 'caseNumber' | 'title' | 'year' | 'organisation' | 'totalOre' | 'anchoring' | 'county' | 'decision' | 'tranches' | 'reports'>,
  nowMs: number,
): SearchAttributePair[] {
  const next = initialNextDeadline(plan);
  return [
    { key: SA.caseNumber, value: plan.caseNumber },
    // The case number in the title's text too, so a search for it finds the grant; words only
    // (domain/searchText: PostgreSQL visibility casts Text to tsvector). The list shows the title
    // from the start's memo (api/visibility.ts listMemo).
    { key: SA.title, value: searchText(`${plan.title} ${plan.caseNumber}`) },
    { key: SA.year, value: plan.year },
    { key: SA.organisation, value: plan.organisation },
    { key: SA.totalOre, value: plan.totalOre },
    { key: SA.stage, value: plan.anchoring ? 'anchoring' : 'decision' },
    { key: SA.status, value: 'active' },
    { key: SA.overdue, value: false },
    { key: SA.updatedAt, value: new Date(nowMs) },
    ...(plan.county ? [{ key: SA.county, value: plan.county }] : []),
    ...(next ? [{ key: SA.nextDeadline, value: new Date(endOfDay(next)) }] : []),
  ] as SearchAttributePair[];
}
