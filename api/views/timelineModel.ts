/**
 * What a grant's timeline picture shows, as data: one row per stage and per part (anchoring
 * groups, decision, signature, requisition windows, tranches, the use period, reports, the
 * continuation), each with its planned date (or window), the actual date once it happened, its
 * reminders and escalations, and a state. Built from the plan alone (a preview) or from a
 * running grant's state (actual dates from its rounds, parts, tranches, reports and timeline).
 * Pure: the SVG (./timeline) and the text table beside it both draw from this.
 */
import type { GrantPlan, Group, Schedule } from '../../domain/plan';
import { addDays, compareDates, stockholmDate, type CalendarDate } from '../../domain/calendar';
import type { GrantState, Stage } from '../../workflows/grant/contract';

export type RowState = 'planned' | 'open' | 'done' | 'overdue' | 'stopped' | 'lapsed' | 'waiting';

export interface TimelineRow {
  id: string;
  stage: Stage;
  /** Which kind of row, for the label: group, part or tranche name follows in `name`. */
  kind: 'anchoring' | 'decision' | 'signature' | 'requisition' | 'tranche' | 'usePeriod' | 'report' | 'continuation';
  name: string;
  /** A window's first day (requisition, use period, a round from when it opens). */
  from?: CalendarDate;
  /** The planned date: a deadline, a payment date, a window's last day. Absent: no deadline. */
  planned?: CalendarDate;
  /** When it happened (Stockholm date), once it has. */
  actual?: CalendarDate;
  /** For a window that began: when it actually began. */
  actualFrom?: CalendarDate;
  state: RowState;
  reminders: CalendarDate[];
  escalations: CalendarDate[];
  /** A conditional tranche's condition, a tranche's trigger when it has no date of its own. */
  note?: { condition?: string; trigger?: 'decision' | 'signature' | 'requisition' };
  amountOre?: number;
}

export interface TimelineModel {
  rows: TimelineRow[];
  today: CalendarDate;
  /** The first and last day drawn (today included). */
  start: CalendarDate;
  end: CalendarDate;
}

const dayOf = (iso: string | undefined) => (iso ? stockholmDate(Date.parse(iso)) : undefined);
const shift = (d: CalendarDate | undefined, days: number[], sign: 1 | -1) => (d ? days.map((n) => addDays(d, sign * n)) : []);

function schedule(s: Schedule | undefined, deadline: CalendarDate | undefined) {
  return { reminders: shift(deadline, s?.remindDaysBefore ?? [], -1).sort(), escalations: shift(deadline, s?.escalateDaysAfter ?? [], 1).sort() };
}

/** The state of a row from its facts: done, stopped with the grant, overdue, or still ahead. */
function stateOf(actual: CalendarDate | undefined, planned: CalendarDate | undefined, today: CalendarDate, stopped: boolean, opened: boolean): RowState {
  if (actual) return 'done';
  if (stopped) return 'stopped';
  if (planned && compareDates(planned, today) < 0) return 'overdue';
  return opened ? 'open' : 'planned';
}

export function timelineModel(plan: GrantPlan, today: CalendarDate, s?: GrantState): TimelineModel {
  const stopped = s ? s.status === 'rejected' || s.status === 'cancelled' : false;
  const begun = s ? dayOf(s.startedAt)! : today;
  const rows: TimelineRow[] = [];
  const rev = s?.revision;
  const roundOf = (groupId: string, kind: string) => s?.rounds.find((r) => r.groupId === groupId && r.kind === kind && r.revision === rev);

  const groupRow = (g: Group, kind: 'anchoring' | 'decision' | 'continuation', stage: Stage): TimelineRow => {
    const round = roundOf(g.id, kind);
    const actual = kind === 'decision' && s?.decision?.revision === rev ? dayOf(s?.decision?.at) : round?.outcome ? dayOf(round.closedAt) : undefined;
    const rowStopped = (stopped && !actual) || (round?.outcome !== undefined && round.outcome !== 'approved');
    return {
      id: `${kind}:${g.id}`,
      stage,
      kind,
      name: kind === 'decision' ? plan.decision.body : g.name,
      from: dayOf(round?.openedAt),
      planned: g.deadline,
      actual,
      state: rowStopped ? 'stopped' : stateOf(actual, g.deadline, today, false, Boolean(round)),
      ...schedule(g.schedule, g.deadline),
    };
  };

  for (const g of plan.anchoring?.groups ?? []) rows.push(groupRow(g, 'anchoring', 'anchoring'));
  const decision = groupRow(plan.decision.group, 'decision', 'decision');
  rows.push(decision);
  const decidedOn = decision.actual ?? decision.planned;

  if (plan.signature) {
    const actual = dayOf(s?.signedAt);
    const d = plan.signature.deadline;
    rows.push({ id: 'signature', stage: 'signature', kind: 'signature', name: plan.signature.signatory.name, planned: d, actual, state: stateOf(actual, d, today, stopped, Boolean(decision.actual)), ...schedule(plan.signature.schedule, d) });
  }
  const signedOn = rows.find((r) => r.kind === 'signature')?.actual ?? plan.signature?.deadline;

  for (const part of plan.parts) {
    if (!part.requisition) continue;
    const ps = s?.parts.find((p) => p.id === part.id);
    const planned = ps?.requisitionDeadline ?? part.requisition.deadline;
    const actual = dayOf(ps?.requisitionedAt);
    rows.push({
      id: `requisition:${part.id}`,
      stage: 'requisition',
      kind: 'requisition',
      name: part.id,
      from: decidedOn,
      planned,
      actual,
      state: ps?.requisitionOverdue && !actual ? 'overdue' : stateOf(actual, planned, today, stopped, Boolean(decision.actual)),
      reminders: [],
      escalations: [],
      amountOre: ps?.amountOre ?? part.amountOre,
    });
  }

  for (const t of plan.tranches) {
    const ts = s?.tranches.find((x) => x.id === t.id);
    const g = t.trigger;
    const requisitionOf = rows.find((r) => r.kind === 'requisition' && r.name === t.partId);
    const planned = g.on === 'date' ? g.date : g.on === 'condition' ? g.deadline : g.on === 'signature' ? signedOn : g.on === 'decision' ? decidedOn : requisitionOf?.actual ?? requisitionOf?.planned;
    const actual = dayOf(ts?.paidAt);
    const lapsed = ts?.status === 'lapsed';
    rows.push({
      id: `tranche:${t.id}`,
      stage: 'payment',
      kind: 'tranche',
      name: t.id,
      planned,
      actual: actual ?? dayOf(ts?.lapsedAt),
      state: lapsed ? 'lapsed' : ts?.status === 'due' && !stopped ? 'open' : stateOf(actual, g.on === 'condition' ? g.deadline : undefined, today, stopped, false),
      reminders: [],
      escalations: [],
      note: g.on === 'condition' ? { condition: g.condition } : g.on === 'date' ? undefined : { trigger: g.on },
      amountOre: t.amountOre,
    });
  }

  if (plan.usePeriod) {
    const started = dayOf(s?.timeline.find((e) => e.type === 'usePeriodStarted')?.at);
    const ended = dayOf(s?.timeline.find((e) => e.type === 'usePeriodEnded')?.at);
    const { from, to } = plan.usePeriod;
    const waiting = s && !stopped && !started && s.decision?.outcome === 'approved' && compareDates(today, from) < 0;
    rows.push({
      id: 'usePeriod',
      stage: 'inUse',
      kind: 'usePeriod',
      name: '',
      from,
      planned: to,
      actualFrom: started,
      actual: ended,
      state: waiting ? 'waiting' : ended ? 'done' : stopped ? 'stopped' : started ? 'open' : 'planned',
      reminders: [],
      escalations: [],
    });
  }

  for (const r of plan.reports) {
    const rs = s?.reports.find((x) => x.id === r.id);
    const planned = rs?.due ?? r.due;
    const actual = dayOf(rs?.submittedAt);
    rows.push({
      id: `report:${r.id}`,
      stage: 'reporting',
      kind: 'report',
      name: r.what,
      planned,
      actual,
      state: rs?.overdue && !actual && !stopped ? 'overdue' : stateOf(actual, planned, today, stopped, false),
      ...schedule(r.schedule, planned),
    });
  }

  if (plan.continuation) rows.push(groupRow(plan.continuation.group, 'continuation', 'review'));

  const dates = [today, begun, ...rows.flatMap((r) => [r.from, r.planned, r.actual, r.actualFrom, ...r.reminders, ...r.escalations])].filter((d): d is CalendarDate => Boolean(d)).sort();
  return { rows, today, start: dates[0]!, end: dates.at(-1)! };
}

/** A running grant's timeline: its current plan, with what happened. */
export function grantTimeline(s: GrantState, today: CalendarDate): TimelineModel {
  return timelineModel(s.plan, today, s);
}
