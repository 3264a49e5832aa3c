/**
 * Mail the grant workflow decides to send: what happened and to whom, as facts. The words are the
 * activity's (activities/mail/templates): one template per purpose, Swedish and English, text and
 * HTML. The workflow never writes a sentence, so what a mail says can be corrected without touching
 * workflow code, and every figure in it is one the workflow handed over.
 */
import type { CalendarDate } from '../../domain/calendar';
import type { Outcome } from '../../domain/rules';
import type { RoundKind } from './model';

export type MailPurpose =
  | 'invitation'
  | 'reminder'
  | 'escalation'
  | 'outcome'
  | 'extract'
  | 'returned'
  | 'requisitionReminder'
  | 'reportReminder'
  | 'reportEscalation'
  | 'trancheLapsed'
  | 'repayment'
  | 'cancelled'
  /** Mail scheduled by workflow code before 2026-12-02 (subject and lines written by the workflow). */
  | 'notice'
  | 'paymentOrder';

export interface Recipient {
  name: string;
  email: string;
}

/** An answer with its reason, as a mail reports it. */
export interface ReasonGiven {
  name: string;
  answer: 'approve' | 'reject' | 'return';
  comment?: string;
}

/** The facts behind a mail, by what it is about. */
export type MailFacts =
  /** invitation, reminder: a member (or the acting substitute) is asked to answer in a round. */
  | {
      about: 'round';
      round: { kind: RoundKind; name: string; deadline?: CalendarDate };
      /** The amount this answer concerns: the grant's total, or a payment round's tranche. */
      amountOre: number;
      /** The grant's parts with their amounts (anchoring, decision, continuation). */
      parts?: { id: string; name: string; amountOre: number }[];
      /** The motions (att-satser) to decide on (decision rounds). */
      motions?: string[];
      /** A signature round: the document to sign. */
      document?: string;
      /** A payment round: what to pay, to whom. */
      tranche?: { id: string; payee: string; amountOre: number; partId?: string };
      /** The n-th reminder (1, 2, …); absent for the invitation. */
      reminder?: number;
    }
  /** escalation: a round is past its deadline; to the coordinators and the chair. */
  | { about: 'overdueRound'; round: { kind: RoundKind; name: string; deadline: CalendarDate }; pending: string[]; daysLate: number }
  /** outcome (coordinators), extract (distribution list): the deciding body's decision. */
  | {
      about: 'decision';
      body: string;
      outcome: Outcome;
      decidedAt: string;
      revision: number;
      delegated?: { decidedBy: string; date: CalendarDate };
      motions: string[];
      parts: { id: string; name: string; amountOre: number }[];
      totalOre: number;
      tally: { approve: number; reject: number; return: number; unanswered: number; seats: number };
      reasons: ReasonGiven[];
    }
  /** returned: återremiss; the coordinators are asked for a new revision. */
  | { about: 'returned'; from: 'anchoring' | 'decision' | 'signature'; by: string[]; revision: number; reasons: ReasonGiven[] }
  | { about: 'requisition'; part: { id: string; name: string; amountOre: number; unit: string }; deadline: CalendarDate; notice: 'remind' | 'escalate'; days: number }
  | { about: 'report'; report: { id: string; what: string; to: string; due: CalendarDate }; requirementsPublished: boolean; notice: 'remind' | 'escalate'; days: number }
  | { about: 'lapsed'; tranche: { id: string; amountOre: number; payee: string }; condition: string; deadline: CalendarDate; reason: 'notMet' | 'noDecision'; comment?: string }
  | { about: 'repayment'; amountOre: number; paidOre: number; usedOre: number; /** Repaid already (early, in part); absent in mail of earlier code. */ repaidOre?: number }
  | { about: 'cancelled'; reason: string; by: string };

/** One mail the mailer loop hands to the sendMail activity. */
export interface MailRequest {
  /** Unique per (grant, round, recipient, purpose): becomes the Message-ID, so a retry never sends twice. */
  key: string;
  workflowId: string;
  purpose: MailPurpose;
  to: Recipient[];
  lang: 'sv' | 'en';
  caseNumber: string;
  title: string;
  /** A link to the approval page, signed by the activity (the workflow never sees the secret). */
  link?: { roundId: string; memberId: string; nonce: string };
  /** What the mail is about; the template writes the words. */
  facts?: MailFacts;
  /** Mail scheduled by workflow code before 2026-12-02 and retried since: the words it wrote then. */
  subject?: string;
  lines?: string[];
}
