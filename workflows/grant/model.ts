/** The grant's state as the workflow owns it and as the `state` query returns it. */
import type { GrantPlan, Person, Rule } from '../../domain/plan';
import type { Answer, Outcome } from '../../domain/rules';
import type { CalendarDate } from '../../domain/calendar';

export const STAGES = [
  'anchoring',
  'decision',
  'signature',
  'requisition',
  'payment',
  'inUse',
  'reporting',
  'review',
  'repayment',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

export type GrantStatus =
  | 'active'
  /** Returned for more preparation (återremiss): waiting for a new revision of the basis. */
  | 'returned'
  | 'rejected'
  | 'cancelled'
  | 'closed';

export type RoundKind = 'anchoring' | 'decision' | 'signature' | 'payment' | 'continuation';
export type Action = Answer | 'delegate';

export interface Seat {
  memberId: string;
  /** The member the seat belongs to. */
  name: string;
  email: string;
  title?: string;
  /** Who acts for the seat now: the member, or a substitute after delegation. */
  actingId: string;
  actingName: string;
  actingEmail: string;
  /** Binds the current link to this seat; replaced on delegation so the old link stops working. */
  nonce: string;
  substitutes: Person[];
  answer?: Answer;
  comment?: string;
  answeredAt?: string;
  answeredBy?: string;
  delegations: { from: string; to: string; at: string; comment?: string }[];
}

export interface Round {
  id: string;
  kind: RoundKind;
  revision: number;
  groupId: string;
  name: string;
  rule: Rule;
  chairId?: string;
  deadline?: CalendarDate;
  remindDaysBefore: number[];
  escalateDaysAfter: number[];
  seats: Seat[];
  openedAt: string;
  closedAt?: string;
  outcome?: Outcome;
  /** Notices already sent, by key (`remind:7`, `escalate:1`), so a resumed run never sends twice. */
  notices: string[];
  /** What the round is about when it is not the whole grant (a tranche, for payment rounds). */
  subject?: string;
}

export type TrancheStatus = 'waiting' | 'due' | 'paid' | 'lapsed';
export interface TrancheState {
  id: string;
  amountOre: number;
  payee: string;
  partId?: string;
  trigger: GrantPlan['tranches'][number]['trigger'];
  status: TrancheStatus;
  dueAt?: string;
  paidAt?: string;
  paidBy?: string;
  lapsedAt?: string;
  /** For conditional tranches: the external decision, when it arrived. */
  condition?: { met: boolean; at: string; by: string; reference?: string };
}

export interface PartState {
  id: string;
  name: string;
  amountOre: number;
  unit?: string;
  requisitionDeadline?: CalendarDate;
  requisitionedAt?: string;
  requisitionedBy?: string;
  requisitionOverdue: boolean;
  usedOre?: number;
}

export type ReportStatus = 'pending' | 'submitted';
export interface ReportState {
  id: string;
  what: string;
  to: string;
  due: CalendarDate;
  requirementsPublished: boolean;
  requirements?: string;
  status: ReportStatus;
  overdue: boolean;
  submittedAt?: string;
  submittedBy?: string;
  notices: string[];
}

export interface TimelineEvent {
  at: string;
  type: string;
  actor: string;
  comment?: string;
  revision?: number;
  data?: Record<string, unknown>;
}

export interface MoneySummary {
  totalOre: number;
  decidedOre: number;
  requisitionedOre: number;
  paidOre: number;
  lapsedOre: number;
  toRepayOre: number;
  repaidOre: number;
}

export interface Deadline {
  what: string;
  kind: string;
  ref: string;
  date: CalendarDate;
  overdue: boolean;
}

/** A revision of the decision basis, whole, as it stood when it was submitted. */
export interface RevisionRecord {
  revision: number;
  plan: GrantPlan;
  at: string;
  by: string;
  comment?: string;
}

export interface GrantState {
  caseNumber: string;
  workflowId: string;
  status: GrantStatus;
  stage: Stage;
  /** What the stage waits for before its period begins (the use period starting later). */
  waitsFor?: { kind: 'usePeriod'; date: CalendarDate };
  revision: number;
  /** The basis now (amendments change it in place). */
  plan: GrantPlan;
  /** Every revision of the basis as submitted, the current one included; absent for grants started before 2026-12-02 until their next revision. */
  revisions?: RevisionRecord[];
  startedAt: string;
  startedBy: string;
  rounds: Round[];
  parts: PartState[];
  tranches: TrancheState[];
  reports: ReportState[];
  money: MoneySummary;
  deadlines: Deadline[];
  nextDeadline?: CalendarDate;
  overdue: boolean;
  decision?: { outcome: Outcome; at: string; body: string; paragraph?: string; revision: number; delegated?: boolean };
  signedAt?: string;
  continuation?: 'continue' | 'close';
  cancelled?: { at: string; by: string; reason: string };
  timeline: TimelineEvent[];
  /** Incremented on every change; the API uses it for ETags and the workflow to wake its waits. */
  seq: number;
  closedAt?: string;
}

/**
 * What a grant's workflow returns when it ends: how it ended, not the whole state. The state (with
 * its timeline, every round and seat) stays readable through the state query, closed or not; the
 * result is written into the history once more, and would carry every seat's link nonce with it.
 */
export interface GrantOutcome {
  caseNumber: string;
  status: GrantStatus;
  stage: Stage;
  revision: number;
  money: MoneySummary;
  decision?: GrantState['decision'];
  cancelled?: GrantState['cancelled'];
  closedAt?: string;
  /** Entries in the timeline (all runs). */
  timelineEvents: number;
  seq: number;
}

export function outcomeOf(s: GrantState): GrantOutcome {
  return {
    caseNumber: s.caseNumber,
    status: s.status,
    stage: s.stage,
    revision: s.revision,
    money: s.money,
    ...(s.decision ? { decision: s.decision } : {}),
    ...(s.cancelled ? { cancelled: s.cancelled } : {}),
    ...(s.closedAt ? { closedAt: s.closedAt } : {}),
    timelineEvents: s.timeline.length,
    seq: s.seq,
  };
}
