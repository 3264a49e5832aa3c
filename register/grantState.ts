/**
 * A grant as the register keeps it, in the shape of the workflow's state (GrantState): what the API
 * and the dashboard show of a grant whose workflow Temporal no longer holds (closed, and past the
 * namespace's retention). Read-only; one snapshot (a REPEATABLE READ transaction), so the summary,
 * events and rounds belong together.
 *
 * What the register keeps is what the workflow wrote (workflows/grant/register.ts). What it does
 * not keep is rebuilt from it, and said here:
 * - `plan` is the latest revision of the basis as submitted with the amendments made to it since
 *   applied, as the workflow applied them (`amended` events of that revision: a group's deadline,
 *   the distribution list, part amounts); the revisions stay as submitted;
 * - `decision` is the decision round of the current revision (outcome, when it closed), the body
 *   from the plan, the paragraph from the last `decisionParagraph` event;
 * - `cancelled` is the `cancelled` event; `continuation` the `continuationDecided` event;
 * - `deadlines` are computed from the rebuilt state as the workflow computes them (a closed grant
 *   has none); `nextDeadline` and `overdue` are the summary's;
 * - rounds have no reminder schedule or notices (the plan's group has the schedule), seats no
 *   link nonce (never kept) and, on a register older than its second migration, no acting e-mail.
 * Columns are read as whole rows (to_jsonb), so a later migration's columns are used when present.
 */
import { inSnapshot } from './snapshot';
import type { Pool } from 'pg';
import type { GrantPlan } from '../domain/plan';
import { planGroups } from '../domain/planChecks';
import type { CalendarDate } from '../domain/calendar';
import type {
  GrantState,
  GrantStatus,
  PartState,
  ReportState,
  RevisionRecord,
  Round,
  Seat,
  Stage,
  TimelineEvent,
  TrancheState,
} from '../workflows/grant/contract';
import { computeDeadlines } from '../workflows/grant/derive';

type Json = Record<string, unknown>;
const iso = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : new Date(v as string).toISOString());
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
const num = (v: unknown): number => Number(v);
/** Drops undefined fields, so a rebuilt object has exactly the fields the workflow's would. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const ROWS = {
  summary: `SELECT to_jsonb(g) - 'search' AS r FROM grants g WHERE case_number = $1`,
  events: `SELECT to_jsonb(e) AS r FROM events e WHERE case_number = $1 ORDER BY n`,
  revisions: `SELECT to_jsonb(v) AS r FROM revisions v WHERE case_number = $1 ORDER BY revision`,
  rounds: `SELECT to_jsonb(x) AS r FROM rounds x WHERE case_number = $1 ORDER BY opened_at, round_id`,
  seats: `SELECT to_jsonb(s) AS r FROM round_seats s WHERE case_number = $1 ORDER BY round_id, position`,
  parts: `SELECT to_jsonb(p) AS r FROM parts p WHERE case_number = $1 ORDER BY position`,
  tranches: `SELECT to_jsonb(t) AS r FROM tranches t WHERE case_number = $1 ORDER BY position`,
  reports: `SELECT to_jsonb(p) AS r FROM reports p WHERE case_number = $1 ORDER BY position`,
} as const;

type Rows = Record<keyof typeof ROWS, Json[]>;

/** Every row of one grant, in one snapshot; undefined when the register has no such grant. */
function readRows(pool: Pick<Pool, 'connect'>, caseNumber: string): Promise<Rows | undefined> {
  return inSnapshot(pool, async (c) => {
    const out = {} as Rows;
    for (const [k, sql] of Object.entries(ROWS) as [keyof typeof ROWS, string][]) {
      out[k] = (await c.query<{ r: Json }>(sql, [caseNumber])).rows.map((x) => x.r);
      if (k === 'summary' && out.summary.length === 0) return undefined;
    }
    return out;
  });
}

function event(r: Json): TimelineEvent {
  return defined({ at: iso(r.at)!, type: String(r.type), actor: String(r.actor), comment: str(r.comment), revision: r.revision === null ? undefined : num(r.revision), data: (r.data as Json | null) ?? undefined });
}

function seat(r: Json): Seat {
  return defined({
    memberId: String(r.member_id),
    name: String(r.name),
    email: String(r.email),
    title: str(r.title),
    actingId: String(r.acting_id),
    actingName: String(r.acting_name),
    actingEmail: str(r.acting_email) ?? (r.acting_id === r.member_id ? String(r.email) : ''),
    // The link nonce is never kept: a seat read from the register has no working link.
    nonce: '',
    substitutes: (r.substitutes as Seat['substitutes'] | undefined) ?? [],
    answer: (str(r.answer) as Seat['answer']) ?? undefined,
    comment: str(r.comment),
    answeredAt: iso(r.answered_at),
    answeredBy: str(r.answered_by),
    delegations: (r.delegations as Seat['delegations']) ?? [],
  });
}

function round(r: Json, seats: Seat[]): Round {
  return defined({
    id: String(r.round_id),
    kind: r.kind as Round['kind'],
    revision: num(r.revision),
    groupId: String(r.group_id),
    name: String(r.name),
    rule: r.rule as Round['rule'],
    chairId: str(r.chair_id),
    deadline: (str(r.deadline) as CalendarDate | undefined) ?? undefined,
    remindDaysBefore: [],
    escalateDaysAfter: [],
    seats,
    openedAt: iso(r.opened_at)!,
    closedAt: iso(r.closed_at),
    outcome: (str(r.outcome) as Round['outcome']) ?? undefined,
    notices: [],
    subject: str(r.subject),
  });
}

function part(r: Json): PartState {
  return defined({
    id: String(r.part_id),
    name: String(r.name),
    amountOre: num(r.amount_ore),
    unit: str(r.unit),
    requisitionDeadline: str(r.requisition_deadline) as CalendarDate | undefined,
    requisitionedAt: iso(r.requisitioned_at),
    requisitionedBy: str(r.requisitioned_by),
    requisitionOverdue: Boolean(r.requisition_overdue),
    usedOre: r.used_ore === null || r.used_ore === undefined ? undefined : num(r.used_ore),
  });
}

function tranche(r: Json): TrancheState {
  return defined({
    id: String(r.tranche_id),
    amountOre: num(r.amount_ore),
    payee: String(r.payee),
    partId: str(r.part_id),
    trigger: r.trigger as TrancheState['trigger'],
    status: r.status as TrancheState['status'],
    dueAt: iso(r.due_at),
    paidAt: iso(r.paid_at),
    paidBy: str(r.paid_by),
    lapsedAt: iso(r.lapsed_at),
    condition: (r.condition as TrancheState['condition'] | null) ?? undefined,
  });
}

function report(r: Json): ReportState {
  return defined({
    id: String(r.report_id),
    what: String(r.what),
    to: String(r.to_whom),
    due: String(r.due) as CalendarDate,
    requirementsPublished: r.requirements_published === undefined ? r.requirements !== null || r.status === 'submitted' : Boolean(r.requirements_published),
    requirements: str(r.requirements),
    status: r.status as ReportState['status'],
    overdue: Boolean(r.overdue),
    submittedAt: iso(r.submitted_at),
    submittedBy: str(r.submitted_by),
    notices: [],
  });
}

/** The grant's state rebuilt from the register, or undefined when the register does not have it. */
/**
 * The plan as the workflow holds it: the revision as submitted, with the `amended` events of that
 * revision applied as workflows/grant/handlers/steer.ts applies them to the plan (a requisition's or
 * a report's deadline lives in the parts and reports the register keeps).
 */
export function amendedPlan(submitted: GrantPlan, timeline: TimelineEvent[], revision: number): GrantPlan {
  const plan = structuredClone(submitted);
  for (const e of timeline) {
    if (e.type !== 'amended' || (e.revision !== undefined && e.revision !== revision) || !e.data) continue;
    const a = e.data as { type?: string; target?: string; groupId?: string; date?: CalendarDate; distribution?: GrantPlan['distribution']; parts?: { id: string; amountOre: number }[] };
    if (a.type === 'deadline' && a.target === 'round' && a.date) for (const g of planGroups(plan)) if (g.id === a.groupId) g.deadline = a.date;
    if (a.type === 'distribution' && a.distribution) plan.distribution = a.distribution;
    if (a.type === 'amounts' && a.parts) {
      for (const x of a.parts) {
        const part = plan.parts.find((y) => y.id === x.id);
        if (part) part.amountOre = x.amountOre;
      }
    }
  }
  return plan;
}

export async function grantFromRegister(pool: Pick<Pool, 'connect'>, caseNumber: string, nowMs = Date.now()): Promise<GrantState | undefined> {
  const rows = await readRows(pool, caseNumber);
  if (!rows) return undefined;
  const g = rows.summary[0]!;
  const timeline = rows.events.map(event);
  const revisions: RevisionRecord[] = rows.revisions.map((r) => defined({ revision: num(r.revision), plan: r.plan as GrantPlan, at: iso(r.at)!, by: String(r.by), comment: str(r.comment) }));
  const revision = num(g.revision);
  const submitted = (revisions.find((r) => r.revision === revision) ?? revisions[revisions.length - 1])?.plan;
  if (!submitted) throw new Error(`the register holds no basis for ${caseNumber}`);
  const plan = amendedPlan(submitted, timeline, revision);
  const seatsOf = new Map<string, Seat[]>();
  for (const r of rows.seats) seatsOf.set(String(r.round_id), [...(seatsOf.get(String(r.round_id)) ?? []), seat(r)]);
  const rounds = rows.rounds.map((r) => round(r, seatsOf.get(String(r.round_id)) ?? []));

  const last = (type: string) => [...timeline].reverse().find((e) => e.type === type);
  const decisionRound = [...rounds].reverse().find((r) => r.kind === 'decision' && r.revision === revision && r.outcome);
  const decidedAt = iso(g.decided_at);
  const paragraph = last('decisionParagraph')?.data?.paragraph;
  const cancelled = last('cancelled');
  const continuation = last('continuationDecided')?.data?.continuation as GrantState['continuation'] | undefined;
  const next = str(g.next_deadline) as CalendarDate | undefined;
  const state = defined({
    caseNumber: String(g.case_number),
    workflowId: String(g.workflow_id),
    status: g.status as GrantStatus,
    stage: g.stage as Stage,
    revision,
    plan,
    revisions,
    startedAt: iso(g.started_at)!,
    startedBy: String(g.started_by),
    rounds,
    parts: rows.parts.map(part),
    tranches: rows.tranches.map(tranche),
    reports: rows.reports.map(report),
    money: {
      totalOre: num(g.total_ore),
      decidedOre: num(g.decided_ore),
      requisitionedOre: num(g.requisitioned_ore),
      paidOre: num(g.paid_ore),
      lapsedOre: num(g.lapsed_ore),
      toRepayOre: num(g.to_repay_ore),
      repaidOre: num(g.repaid_ore),
    },
    deadlines: [],
    nextDeadline: next,
    overdue: Boolean(g.overdue),
    decision:
      decisionRound || decidedAt
        ? defined({
            outcome: (decisionRound?.outcome ?? 'approved') as NonNullable<GrantState['decision']>['outcome'],
            at: decisionRound?.closedAt ?? decidedAt!,
            body: plan.decision.body,
            paragraph: typeof paragraph === 'string' ? paragraph : undefined,
            revision,
            delegated: plan.decision.delegated ? true : false,
          })
        : undefined,
    signedAt: iso(g.signed_at),
    continuation,
    cancelled: cancelled ? { at: cancelled.at, by: cancelled.actor, reason: cancelled.comment ?? '' } : undefined,
    timeline,
    seq: num(g.seq),
    closedAt: iso(g.closed_at),
  }) as GrantState;
  state.deadlines = computeDeadlines(state, nowMs);
  return state;
}
