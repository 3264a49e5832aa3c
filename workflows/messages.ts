/**
 * Every signal, query and update of the grant workflow, defined once and imported by the
 * workflow, the API and the tests.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { GrantState, GrantStatus, RoundKind, Stage } from './types';
import type { CalendarDate } from '../domain/calendar';
import type { GrantPlan } from '../domain/plan';

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
