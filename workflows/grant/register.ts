/**
 * What a grant's workflow writes to the register (the public record in PostgreSQL, register/): the
 * recordGrant activity's payload and answer, and the pure function that builds a batch from the
 * state and what the register already has. Used by the workflow's recorder (version 3) and by the
 * backfill command (register/cli.ts), which writes a whole grant as one batch.
 *
 * Pure: imported by workflow code.
 */
import type { CalendarDate } from '../../domain/calendar';
import type {
  GrantState,
  GrantStatus,
  MoneySummary,
  PartState,
  ReportState,
  RevisionRecord,
  Round,
  Seat,
  Stage,
  TimelineEvent,
  TrancheState,
} from './model';

/** The grant's current summary: one row of the register's `grants` table. */
export interface RegisterSummary {
  caseNumber: string;
  workflowId: string;
  title: string;
  organisation: string;
  county?: string;
  year: number;
  lang: 'sv' | 'en';
  stage: Stage;
  status: GrantStatus;
  revision: number;
  money: MoneySummary;
  nextDeadline?: CalendarDate;
  overdue: boolean;
  startedAt: string;
  startedBy: string;
  decidedAt?: string;
  signedAt?: string;
  closedAt?: string;
  /** The state's change counter: the register keeps the summary with the highest. */
  seq: number;
}

/**
 * A round as the register keeps it: a seat's link nonce never leaves the workflow. A batch carries
 * a changed round with only its changed seats (`position` is the seat's place in the round); the
 * writer upserts the seats it is given and never removes one.
 */
export type RegisterSeat = Omit<Seat, 'nonce'> & { position: number };
export type RegisterRound = Omit<Round, 'seats' | 'notices'> & { seats: RegisterSeat[] };

/** One mail the outbox handed to SMTP: never a link or a token. */
export interface MailLogEntry {
  /** Per (grant, round, recipient, purpose): the mail's idempotency key. */
  key: string;
  purpose: string;
  to: string[];
  messageId: string;
  /** Workflow time when the send was acknowledged. */
  at: string;
  rejected: string[];
}

export interface RegisterBatch {
  summary: RegisterSummary;
  /** The number (1-based, per grant, across runs) of `events[0]`; events are contiguous. */
  firstEvent: number;
  events: TimelineEvent[];
  /** Revisions of the basis not yet sent (whole). */
  revisions: RevisionRecord[];
  /** Rounds that changed since the last batch, each with the seats that changed (no nonces). */
  rounds: RegisterRound[];
  /** The whole lists, when any entry changed since the last batch. */
  parts?: PartState[];
  tranches?: TrancheState[];
  reports?: ReportState[];
  mail: MailLogEntry[];
}

export interface RegisterAck {
  /** Events the register holds for the grant after this batch. */
  events: number;
  /** The chain's head: the hash of the last event row. */
  headHash: string;
}

export interface RegisterActivities {
  /** Idempotent by grant and event number: a retried or replayed batch adds nothing twice. */
  recordGrant(batch: RegisterBatch): Promise<RegisterAck>;
}

export function registerSummary(s: GrantState): RegisterSummary {
  const p = s.plan;
  return {
    caseNumber: s.caseNumber,
    workflowId: s.workflowId,
    title: p.title,
    organisation: p.organisation,
    ...(p.county ? { county: p.county } : {}),
    year: p.year,
    lang: p.lang,
    stage: s.stage,
    status: s.status,
    revision: s.revision,
    money: s.money,
    ...(s.nextDeadline ? { nextDeadline: s.nextDeadline } : {}),
    overdue: s.overdue,
    startedAt: s.startedAt,
    startedBy: s.startedBy,
    ...(s.decision ? { decidedAt: s.decision.at } : {}),
    ...(s.signedAt ? { signedAt: s.signedAt } : {}),
    ...(s.closedAt ? { closedAt: s.closedAt } : {}),
    seq: s.seq,
  };
}

export function registerSeat(seat: Seat, position: number): RegisterSeat {
  const { nonce: _nonce, ...rest } = seat;
  return { ...rest, position };
}

/** A round with all its seats, or with only the seats `include` keeps. */
export function registerRound(r: Round, include: (seat: RegisterSeat) => boolean = () => true): RegisterRound {
  const { seats, notices: _notices, ...rest } = r;
  return { ...rest, seats: seats.map(registerSeat).filter(include) };
}

/** The revisions a state holds; a grant started before revisions were kept has its current one. */
export function revisionsOf(s: GrantState): RevisionRecord[] {
  if (s.revisions && s.revisions.length > 0) return s.revisions;
  return [{ revision: s.revision, plan: s.plan, at: s.startedAt, by: s.startedBy }];
}

/** A whole grant as one batch (the backfill, and a recorder that starts from nothing). */
export function wholeBatch(s: GrantState, mail: MailLogEntry[] = []): RegisterBatch {
  return {
    summary: registerSummary(s),
    firstEvent: 1,
    events: s.timeline,
    revisions: revisionsOf(s),
    rounds: s.rounds.map((r) => registerRound(r)),
    parts: s.parts,
    tranches: s.tranches,
    reports: s.reports,
    mail,
  };
}
