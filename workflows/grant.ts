/**
 * One grant, one durable workflow: from anchoring to the final report.
 *
 * The workflow is written to resume from its state: every stage looks at what the state already
 * records (rounds opened, notices sent, tranches paid) before it acts, so a run that continues as
 * new with the state carried over picks up exactly where the last one stopped.
 */
import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { GrantActivities } from '../activities/types';
import type { GrantPlan, Group, Person } from '../domain/plan';
import { addDays, compareDates, endOfDay, stockholmDate, stockholmWallToUtc, formatDate } from '../domain/calendar';
import { formatSek } from '../domain/sek';
import { settle, describeRule, type Outcome } from '../domain/rules';
import { planProblems } from '../domain/planChecks';
import {
  amendUpdate,
  cancelUpdate,
  decideUpdate,
  recordFactUpdate,
  reviseUpdate,
  stateQuery,
  type AmendInput,
  type DecideInput,
  type DecisionReceipt,
  type SteerResult,
  type FactInput,
} from './messages';
import { SA } from './searchAttributes';
import { GRANT_WORKFLOW_VERSION, type GrantWorkflowInput } from './shared';
import { computeDeadlines, computeMoney, computeStage, initialParts } from './state';
import { outcomeOf, type GrantOutcome, type GrantState, type MailRequest, type Round, type RoundKind, type Seat, type TrancheState } from './types';

const { sendMail } = proxyActivities<GrantActivities>({
  startToCloseTimeout: '1 minute',
  // An SMTP outage delays mail and loses none: retry with backoff, without a limit.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const SYSTEM = 'grantflow';
/** Notices go out at 09:00 Stockholm time. */
const NOTICE_HOUR = 9;

class GrantCancelled extends Error {}

let state!: GrantState;
const outbox: MailRequest[] = [];
let sending = false;
/** Bumped when deadlines change (amend, revise, cancel) so that waiting stages recompute timers. */
let scheduleVersion = 0;
let lastPublished = '';
/** The behaviour this run follows (workflows/shared.ts GRANT_WORKFLOW_VERSION; absent in the input: 1). */
let version = 1;
/** Version 2: the search attributes changed since the publisher's last upsert. */
let publishDue = false;
/** Version 2: the moments the waits in progress must wake at (one entry per wait). */
const alarms: number[] = [];
/** Version 2: the timer in flight for the earliest of `alarms`. */
let alarm: { at: number; scope: CancellationScope } | undefined;
/** Continue as new past this many history events even if the server has not suggested it yet. */
let historyLimit = 10_000;

const nowIso = () => new Date(Date.now()).toISOString();
const today = () => stockholmDate(Date.now());
const lang = () => state.plan.lang;

function record(type: string, actor: string, extra: { comment?: string; data?: Record<string, unknown> } = {}) {
  state.timeline.push({ at: nowIso(), type, actor, revision: state.revision, ...extra });
}

function refresh() {
  const now = Date.now();
  state.money = computeMoney(state);
  state.deadlines = computeDeadlines(state, now);
  state.nextDeadline = state.deadlines[0]?.date;
  state.overdue = state.deadlines.some((d) => d.overdue);
  state.stage = computeStage(state, now);
  state.seq += 1;
  publish();
}

/** What managers filter on, as the workflow keeps it current (year, county, title: set at start). */
function searchAttributePairs(): SearchAttributeUpdatePair[] {
  return [
    { key: SA.stage, value: state.stage },
    { key: SA.status, value: state.status },
    { key: SA.overdue, value: state.overdue },
    { key: SA.totalOre, value: state.plan.totalOre },
    { key: SA.nextDeadline, value: state.nextDeadline ? new Date(endOfDay(state.nextDeadline)) : null },
  ];
}

/** Keeps the search attributes current, upserting only when something a manager filters on changed. */
function publish() {
  const next = searchAttributePairs();
  const fingerprint = JSON.stringify(next.map((p) => p.value));
  if (version >= 2) {
    // The publisher coroutine upserts once, at the end of the workflow task; woken only for a change.
    publishDue = fingerprint !== lastPublished;
    return;
  }
  if (fingerprint === lastPublished) return;
  lastPublished = fingerprint;
  // When it changed, in the same upsert (workflow time): the API's list snapshot reads only grants
  // changed since its last refresh. Not in the fingerprint, so it never causes an upsert itself.
  upsertSearchAttributes([...next, { key: SA.updatedAt, value: new Date(Date.now()) }]);
}

/**
 * Version 2: one upsert per workflow task, with only the attributes that changed. A stage that ends
 * and the next that begins in the same task (a round settles, the next opens) used to make two.
 */
async function publisher(): Promise<void> {
  // What the run started with (set by the API when it started the grant, or carried over by
  // continue-as-new) needs no upsert.
  const published = new Map<string, string>(workflowInfo().typedSearchAttributes.getAll().map((p) => [p.key.name, JSON.stringify(p.value)]));
  for (;;) {
    await condition(() => publishDue);
    // Once more round the activation's unblocking loop: every coroutine woken together with this one
    // has by then run on to its next wait, so their changes go out in this one upsert. (The first,
    // eager evaluation says no; the SDK's next pass over blocked conditions says yes.)
    let evaluated = false;
    await condition(() => evaluated || !(evaluated = true));
    publishDue = false;
    const next = searchAttributePairs();
    lastPublished = JSON.stringify(next.map((p) => p.value));
    const changed = next.filter((p) => {
      const value = JSON.stringify(p.value);
      if (published.get(p.key.name) === value) return false;
      published.set(p.key.name, value);
      return true;
    });
    // When it changed, in the same upsert (workflow time): the API's list snapshot reads only grants
    // changed since its last refresh.
    if (changed.length > 0) upsertSearchAttributes([...changed, { key: SA.updatedAt, value: new Date(Date.now()) }]);
  }
}

/**
 * Version 2: one timer for the whole grant, armed for the earliest moment any wait needs (`alarms`).
 * Parallel waits with the same moment (two groups anchoring by one deadline, four parts requisitioned
 * by one date) share it, and a wait that ends early cancels nothing while another still needs it.
 * Called whenever `alarms` changes; a wait due wakes by itself (its condition compares workflow time).
 */
function setAlarm(): void {
  const at = alarms.length > 0 ? Math.min(...alarms) : undefined;
  if (alarm && alarm.at <= Date.now()) alarm = undefined; // it fired (or fires in this very task)
  if (alarm?.at === at) return;
  alarm?.scope.cancel();
  alarm = undefined;
  if (at === undefined || at <= Date.now()) return;
  const scope = new CancellationScope();
  alarm = { at, scope };
  // A cancelled alarm rejects: another replaced it, or the grant is over.
  scope.run(() => sleep(at - Date.now())).catch(() => undefined);
}

function enqueue(mail: Omit<MailRequest, 'lang' | 'caseNumber' | 'title' | 'workflowId'>) {
  if (mail.to.length === 0) return;
  outbox.push({ ...mail, workflowId: state.workflowId, lang: lang(), caseNumber: state.caseNumber, title: state.plan.title });
}

async function mailer(): Promise<void> {
  for (;;) {
    await condition(() => outbox.length > 0);
    sending = true;
    const batch = outbox.splice(0, 50);
    try {
      const results = await sendMail(batch);
      for (const r of results) {
        if (r.rejected.length > 0) record('mailRejected', SYSTEM, { data: { key: r.key, rejected: r.rejected } });
      }
    } finally {
      sending = false;
    }
  }
}

function checkCancelled() {
  if (state.status === 'cancelled') throw new GrantCancelled();
}

/**
 * Waits for `done`, or until `untilMs`, or for a schedule change; true when `done` holds.
 * Continues as new first when the server suggests it, so history stays bounded over years.
 */
async function waitFor(done: () => boolean, untilMs?: number): Promise<boolean> {
  // Version 1 awaits the check itself: its histories were recorded with those microtask turns.
  if (version < 2) await maybeContinueAsNew();
  else if (continueAsNewDue()) await maybeContinueAsNew();
  const schedule = scheduleVersion;
  const wake = () => done() || state.status === 'cancelled' || scheduleVersion !== schedule;
  if (untilMs === undefined) await condition(wake);
  else if (version >= 2) {
    if (untilMs > Date.now()) {
      alarms.push(untilMs);
      setAlarm();
      try {
        await condition(() => wake() || Date.now() >= untilMs);
      } finally {
        alarms.splice(alarms.indexOf(untilMs), 1);
        setAlarm();
      }
    }
  } else {
    const ms = untilMs - Date.now();
    if (ms > 0) await condition(wake, ms);
  }
  checkCancelled();
  return done();
}

function continueAsNewDue(): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= historyLimit;
}

async function maybeContinueAsNew() {
  if (!continueAsNewDue()) return;
  // Hand over nothing half-done: queued mail is sent and every update handler has returned.
  await condition(() => outbox.length === 0 && !sending);
  await condition(allHandlersFinished);
  // The next run's history starts afresh, so it follows the latest behaviour.
  await continueAsNew<typeof grantWorkflow>({ plan: state.plan, startedBy: state.startedBy, state, historyLimit, version: GRANT_WORKFLOW_VERSION });
}

function noticeTime(date: string): number {
  return stockholmWallToUtc(date, NOTICE_HOUR);
}

/** Reminder, overdue and escalation moments for a deadline, in time order. */
function noticesFor(deadline: string, before: number[], after: number[]) {
  const list = [
    ...before.map((d) => ({ key: `remind:${d}`, at: noticeTime(addDays(deadline, -d)), kind: 'remind' as const, days: d })),
    { key: 'overdue', at: endOfDay(deadline) + 1, kind: 'overdue' as const, days: 0 },
    ...after.map((d) => ({ key: `escalate:${d}`, at: noticeTime(addDays(deadline, d)), kind: 'escalate' as const, days: d })),
  ];
  return list.filter((n) => n.kind !== 'escalate' || n.at > endOfDay(deadline)).sort((a, b) => a.at - b.at);
}

// ---------------------------------------------------------------------------------------------
// Rounds: a group answers; its rule settles the outcome.

function roundId(kind: RoundKind, groupId: string) {
  return `${kind}:${groupId}:r${state.revision}`;
}

function seatFor(m: Person & { substitutes?: Person[] }): Seat {
  return {
    memberId: m.id,
    name: m.name,
    email: m.email,
    title: m.title,
    actingId: m.id,
    actingName: m.name,
    actingEmail: m.email,
    nonce: uuid4(),
    substitutes: m.substitutes ?? [],
    delegations: [],
  };
}

function openRound(kind: RoundKind, group: Group, subject?: string, id = roundId(kind, group.id)): Round {
  const existing = state.rounds.find((r) => r.id === id);
  if (existing) return existing;
  const round: Round = {
    id,
    kind,
    revision: state.revision,
    groupId: group.id,
    name: group.name,
    rule: group.rule,
    chairId: group.chairId,
    deadline: group.deadline,
    remindDaysBefore: group.schedule.remindDaysBefore,
    escalateDaysAfter: group.schedule.escalateDaysAfter,
    seats: group.members.map(seatFor),
    openedAt: nowIso(),
    notices: [],
    subject,
  };
  state.rounds.push(round);
  record('roundOpened', SYSTEM, { data: { roundId: id, kind, group: group.name, deadline: group.deadline, rule: describeRule(group.rule, group.members.length) } });
  for (const seat of round.seats) invite(round, seat, 'invitation');
  refresh();
  return round;
}

const ASK: Record<RoundKind, { sv: string; en: string }> = {
  anchoring: { sv: 'Förankring', en: 'Anchoring' },
  decision: { sv: 'Beslut', en: 'Decision' },
  signature: { sv: 'Undertecknande', en: 'Signature' },
  payment: { sv: 'Utbetalning', en: 'Payment' },
  continuation: { sv: 'Beslut om fortsatt arbete', en: 'Decision on continuation' },
};

function invite(round: Round, seat: Seat, purpose: 'invitation' | 'reminder') {
  const ask = ASK[round.kind][lang()];
  const deadline = round.deadline ? ` senast ${formatDate(round.deadline, lang())}` : '';
  enqueue({
    // Per (grant, round, recipient, purpose); never the nonce, which stays out of logs.
    key: `${state.workflowId}/${round.id}/${seat.actingId}/${purpose}${purpose === 'reminder' ? `:${round.notices.length}` : ''}`,
    purpose,
    to: [{ name: seat.actingName, email: seat.actingEmail }],
    link: { roundId: round.id, memberId: seat.memberId, nonce: seat.nonce },
    subject: `${state.caseNumber}: ${ask}${round.subject ? ` – ${round.subject}` : ''}${purpose === 'reminder' ? (lang() === 'sv' ? ' (påminnelse)' : ' (reminder)') : ''}`,
    lines: [
      lang() === 'sv'
        ? `${round.name} ombeds ta ställning till ${state.plan.title}${deadline}.`
        : `${round.name} is asked to decide on ${state.plan.title}${round.deadline ? ` by ${formatDate(round.deadline, 'en')}` : ''}.`,
      lang() === 'sv' ? `Belopp: ${formatSek(state.plan.totalOre)}` : `Amount: ${formatSek(state.plan.totalOre)}`,
    ],
  });
}

function coordinators() {
  return state.plan.coordinators.map((c) => ({ name: c.name, email: c.email }));
}

async function runRound(round: Round): Promise<Outcome> {
  for (;;) {
    if (round.outcome) return round.outcome;
    const deadline = round.deadline;
    if (!deadline) {
      await waitFor(() => round.outcome !== undefined);
      continue;
    }
    const next = noticesFor(deadline, round.remindDaysBefore, round.escalateDaysAfter).find((n) => !round.notices.includes(n.key));
    if (!next) {
      await waitFor(() => round.outcome !== undefined);
      continue;
    }
    if (await waitFor(() => round.outcome !== undefined, next.at)) continue;
    if (Date.now() < next.at) continue; // woken by a schedule change: recompute
    round.notices.push(next.key);
    const pending = round.seats.filter((s) => !s.answer);
    if (next.kind === 'remind' && new Date(round.openedAt).getTime() < next.at) {
      for (const seat of pending) invite(round, seat, 'reminder');
    } else if (next.kind === 'overdue') {
      record('roundOverdue', SYSTEM, { data: { roundId: round.id, pending: pending.map((s) => s.actingName) } });
    } else if (next.kind === 'escalate') {
      const chair = round.seats.find((s) => s.memberId === round.chairId);
      const to = [...coordinators(), ...(chair ? [{ name: chair.actingName, email: chair.actingEmail }] : [])];
      enqueue({
        key: `${state.workflowId}/${round.id}/escalation/${next.key}`,
        purpose: 'escalation',
        to,
        subject: `${state.caseNumber}: ${lang() === 'sv' ? 'försenat' : 'overdue'} – ${round.name}`,
        lines: [
          lang() === 'sv'
            ? `${round.name} skulle ha svarat senast ${formatDate(deadline)}. Väntar på: ${pending.map((s) => s.actingName).join(', ')}.`
            : `${round.name} was due by ${formatDate(deadline, 'en')}. Waiting for: ${pending.map((s) => s.actingName).join(', ')}.`,
        ],
      });
      record('escalated', SYSTEM, { data: { roundId: round.id, after: next.days } });
    }
    refresh();
  }
}

function closeRound(round: Round, outcome: Outcome) {
  round.outcome = outcome;
  round.closedAt = nowIso();
  record('roundClosed', SYSTEM, { data: { roundId: round.id, outcome } });
}

// ---------------------------------------------------------------------------------------------
// Stages.

async function anchoring(): Promise<Outcome> {
  const a = state.plan.anchoring;
  if (!a) return 'approved';
  if (a.order === 'parallel') {
    const rounds = a.groups.map((g) => openRound('anchoring', g));
    const outcomes = await Promise.all(rounds.map(runRound));
    return outcomes.every((o) => o === 'approved') ? 'approved' : 'returned';
  }
  for (const g of a.groups) {
    const o = await runRound(openRound('anchoring', g));
    if (o !== 'approved') return 'returned';
  }
  return 'approved';
}

async function decision(): Promise<Outcome> {
  const d = state.plan.decision;
  if (d.delegated && !state.timeline.some((e) => e.type === 'delegatedDecision' && e.revision === state.revision)) {
    record('delegatedDecision', d.delegated.decidedBy, { comment: d.delegated.note, data: { date: d.delegated.date } });
  }
  const round = openRound('decision', d.group);
  const outcome = await runRound(round);
  if (!state.decision || state.decision.revision !== state.revision) {
    state.decision = { outcome, at: round.closedAt ?? nowIso(), body: d.body, revision: state.revision, delegated: !!d.delegated };
    sendExtract(outcome);
  }
  refresh();
  return outcome;
}

/** Utdrag: each decision's extract goes to the plan's distribution list. */
function sendExtract(outcome: Outcome) {
  const to = state.plan.distribution.filter((r): r is { name: string; email: string } => !!r.email);
  const word = { approved: { sv: 'bifallit', en: 'approved' }, rejected: { sv: 'avslagit', en: 'rejected' }, returned: { sv: 'återremitterat', en: 'returned for more preparation' } }[outcome][lang()];
  const lines = [
    lang() === 'sv'
      ? `${state.plan.decision.body} har ${word} ärendet ${state.caseNumber} ${state.plan.title}.`
      : `${state.plan.decision.body} has ${word} case ${state.caseNumber} ${state.plan.title}.`,
    ...state.plan.decision.motions.map((m) => `– ${m}`),
  ];
  enqueue({ key: `${state.workflowId}/decision/r${state.revision}/extract`, purpose: 'extract', to, subject: `${state.caseNumber}: ${lang() === 'sv' ? 'Utdrag ur beslut' : 'Extract of decision'}`, lines });
  enqueue({ key: `${state.workflowId}/decision/r${state.revision}/outcome`, purpose: 'outcome', to: coordinators(), subject: `${state.caseNumber}: ${word}`, lines });
  record('extractSent', SYSTEM, { data: { recipients: state.plan.distribution.map((r) => r.name) } });
}

async function signature(): Promise<Outcome> {
  const sig = state.plan.signature;
  if (!sig || state.signedAt) return 'approved';
  const group: Group = {
    id: 'signatory',
    name: sig.signatory.title ? `${sig.signatory.name}, ${sig.signatory.title}` : sig.signatory.name,
    members: [{ ...sig.signatory, substitutes: [] }],
    rule: { type: 'all' },
    deadline: sig.deadline,
    schedule: sig.schedule,
  };
  const outcome = await runRound(openRound('signature', group, sig.document));
  if (outcome === 'approved') {
    state.signedAt = nowIso();
    record('signed', sig.signatory.name, { data: { document: sig.document } });
    refresh();
  }
  return outcome;
}

async function requisitions(): Promise<void> {
  await Promise.all(
    state.parts.filter((p) => p.unit).map(async (part) => {
      const notices: string[] = [];
      for (;;) {
        if (part.requisitionedAt) return;
        const d = part.requisitionDeadline;
        const next = d ? noticesFor(d, [14, 3], [1, 14]).find((n) => !notices.includes(n.key) && n.at > Date.now() - 1) : undefined;
        if (await waitFor(() => !!part.requisitionedAt, next?.at)) return;
        if (!next || Date.now() < next.at) continue;
        notices.push(next.key);
        if (next.kind === 'overdue') {
          part.requisitionOverdue = true;
          record('requisitionOverdue', SYSTEM, { data: { partId: part.id, unit: part.unit } });
        } else {
          enqueue({
            key: `${state.workflowId}/requisition/${part.id}/${next.key}`,
            purpose: 'requisitionReminder',
            to: coordinators(),
            subject: `${state.caseNumber}: ${lang() === 'sv' ? 'rekvisition' : 'requisition'} ${part.id} ${next.kind === 'escalate' ? (lang() === 'sv' ? 'försenad' : 'overdue') : lang() === 'sv' ? 'snart' : 'due soon'}`,
            lines: [`${part.name}: ${formatSek(part.amountOre)} – ${part.unit} (${d})`],
          });
        }
        refresh();
      }
    }),
  );
}

async function payTranche(t: TrancheState): Promise<void> {
  const trigger = t.trigger;
  if (t.status === 'paid' || t.status === 'lapsed') return;
  if (t.status === 'waiting') {
    if (trigger.on === 'date') {
      const payday = stockholmWallToUtc(trigger.date, 0);
      while (Date.now() < payday) await waitFor(() => false, payday);
    } else if (trigger.on === 'condition') {
      // Waits, possibly for a year, for the external decision; lapses at the end of the deadline day.
      while (!t.condition && Date.now() <= endOfDay(trigger.deadline)) {
        await waitFor(() => !!t.condition, endOfDay(trigger.deadline) + 1);
      }
      if (!t.condition?.met) {
        t.status = 'lapsed';
        t.lapsedAt = nowIso();
        record('trancheLapsed', SYSTEM, {
          comment: t.condition ? 'villkoret uppfylldes inte' : `inget beslut före ${trigger.deadline}`,
          data: { trancheId: t.id, amountOre: t.amountOre, condition: trigger.condition },
        });
        enqueue({
          key: `${state.workflowId}/tranche/${t.id}/lapsed`,
          purpose: 'notice',
          to: coordinators(),
          subject: `${state.caseNumber}: ${lang() === 'sv' ? 'utbetalning förfallen' : 'tranche lapsed'} (${t.id})`,
          lines: [`${formatSek(t.amountOre)} – ${trigger.condition}`],
        });
        refresh();
        return;
      }
    }
    t.status = 'due';
    t.dueAt = nowIso();
    record('trancheDue', SYSTEM, { data: { trancheId: t.id, amountOre: t.amountOre, payee: t.payee } });
    refresh();
  }
  // Finance is told to pay, and confirms through its own link (or a coordinator records the payment).
  const group: Group = {
    id: `finance-${t.id}`,
    name: lang() === 'sv' ? 'Ekonomi' : 'Finance',
    members: state.plan.finance.map((f) => ({ ...f, substitutes: [] })),
    rule: { type: 'any' },
    schedule: { remindDaysBefore: [], escalateDaysAfter: [] },
  };
  const round = openRound('payment', group, `${t.id}: ${formatSek(t.amountOre)} till ${t.payee}`, `payment:${t.id}`);
  await runRound(round);
  if (!isPaid(t)) markPaid(t, round.seats.find((s) => s.answer === 'approve')?.actingName ?? SYSTEM);
}

const isPaid = (t: TrancheState) => t.status === 'paid';

function markPaid(t: TrancheState, by: string) {
  t.status = 'paid';
  t.paidAt = nowIso();
  t.paidBy = by;
  record('paymentMade', by, { data: { trancheId: t.id, amountOre: t.amountOre, payee: t.payee } });
  const round = state.rounds.find((r) => r.id === `payment:${t.id}`);
  if (round && !round.outcome) closeRound(round, 'approved');
  refresh();
}

async function payments(): Promise<void> {
  await Promise.all(state.tranches.map(payTranche));
}

async function usePeriodAndReports(): Promise<void> {
  const use = state.plan.usePeriod;
  if (use) {
    if (!state.timeline.some((e) => e.type === 'usePeriodStarted')) {
      while (Date.now() < stockholmWallToUtc(use.from)) await waitFor(() => false, stockholmWallToUtc(use.from));
      record('usePeriodStarted', SYSTEM, { data: use });
      refresh();
    }
  }
  await Promise.all(state.reports.map(runReport));
  if (use && !state.timeline.some((e) => e.type === 'usePeriodEnded')) {
    while (Date.now() <= endOfDay(use.to)) await waitFor(() => false, endOfDay(use.to) + 1);
    record('usePeriodEnded', SYSTEM, { data: use });
    refresh();
  }
}

async function runReport(report: GrantState['reports'][number]): Promise<void> {
  const plan = state.plan.reports.find((r) => r.id === report.id);
  if (!plan) return;
  const to = [...coordinators(), ...plan.responsible.map((p) => ({ name: p.name, email: p.email }))];
  for (;;) {
    if (report.status === 'submitted') return;
    const next = noticesFor(report.due, plan.schedule.remindDaysBefore, plan.schedule.escalateDaysAfter).find((n) => !report.notices.includes(n.key));
    if (await waitFor(() => report.status === 'submitted', next?.at)) return;
    if (!next || Date.now() < next.at) continue;
    report.notices.push(next.key);
    if (next.kind === 'overdue') {
      report.overdue = true;
      record('reportOverdue', SYSTEM, { data: { reportId: report.id, due: report.due } });
    } else if (next.at >= Date.now() - 86_400_000) {
      // A notice whose moment passed long ago (the grant started late) is skipped, not sent late.
      const escalate = next.kind === 'escalate';
      enqueue({
        key: `${state.workflowId}/report/${report.id}/${next.key}/${report.due}`,
        purpose: escalate ? 'reportEscalation' : 'reportReminder',
        to,
        subject: `${state.caseNumber}: ${escalate ? (lang() === 'sv' ? 'försenad redovisning' : 'overdue report') : lang() === 'sv' ? 'påminnelse om redovisning' : 'report reminder'}`,
        lines: [
          `${report.what} → ${report.to}: ${formatDate(report.due, lang())}`,
          report.requirementsPublished ? '' : lang() === 'sv' ? 'Kraven för återredovisning är ännu inte publicerade.' : 'The reporting requirements are not yet published.',
        ].filter(Boolean),
      });
      if (escalate) record('escalated', SYSTEM, { data: { reportId: report.id, after: next.days } });
    }
    refresh();
  }
}

async function continuationStage(): Promise<void> {
  const c = state.plan.continuation;
  if (!c || state.continuation) return;
  const outcome = await runRound(openRound('continuation', c.group));
  state.continuation = outcome === 'approved' ? 'continue' : 'close';
  record('continuationDecided', SYSTEM, { data: { continuation: state.continuation } });
  refresh();
}

async function repayment(): Promise<void> {
  // With usage recorded for every part, unused paid money is to be repaid (återbetalning).
  while (computeMoney(state).toRepayOre > 0) {
    if (!state.timeline.some((e) => e.type === 'repaymentDue')) {
      record('repaymentDue', SYSTEM, { data: { amountOre: computeMoney(state).toRepayOre } });
      enqueue({
        key: `${state.workflowId}/repayment`,
        purpose: 'notice',
        to: coordinators(),
        subject: `${state.caseNumber}: ${lang() === 'sv' ? 'återbetalning' : 'repayment due'}`,
        lines: [formatSek(computeMoney(state).toRepayOre)],
      });
      refresh();
    }
    await waitFor(() => computeMoney(state).toRepayOre === 0);
  }
}

async function waitForRevision(): Promise<void> {
  const revision = state.revision;
  await waitFor(() => state.revision !== revision);
}

async function lifecycle(): Promise<void> {
  for (;;) {
    if (state.status === 'returned') await waitForRevision();
    if ((await anchoring()) !== 'approved') {
      returnToCoordinators('anchoring');
      continue;
    }
    const outcome = await decision();
    if (outcome === 'rejected') {
      state.status = 'rejected';
      record('rejected', SYSTEM);
      refresh();
      return;
    }
    if (outcome === 'returned') {
      returnToCoordinators('decision');
      continue;
    }
    if ((await signature()) !== 'approved') {
      returnToCoordinators('signature');
      continue;
    }
    break;
  }
  await Promise.all([requisitions(), payments(), usePeriodAndReports()]);
  await continuationStage();
  await repayment();
  state.status = 'closed';
  state.closedAt = nowIso();
  record('closed', SYSTEM);
  refresh();
}

function returnToCoordinators(from: string) {
  state.status = 'returned';
  record('returned', SYSTEM, { data: { from } });
  enqueue({
    key: `${state.workflowId}/returned/r${state.revision}/${from}`,
    purpose: 'notice',
    to: coordinators(),
    subject: `${state.caseNumber}: ${lang() === 'sv' ? 'återremitterat' : 'returned for more preparation'}`,
    lines: [lang() === 'sv' ? 'Beslutsunderlaget behöver en ny revision innan det förankras och beslutas igen.' : 'The decision basis needs a new revision before it is anchored and decided again.'],
  });
  refresh();
}

// ---------------------------------------------------------------------------------------------
// Messages.

function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

function findSeat(input: DecideInput): { round: Round; seat: Seat } {
  const round = state.rounds.find((r) => r.id === input.roundId);
  if (!round) refuse('UnknownRound', 'no such round in this grant');
  const seat = round.seats.find((s) => s.memberId === input.memberId);
  if (!seat) refuse('UnknownSeat', 'not a member of this round');
  return { round, seat };
}

function validateDecide(input: DecideInput) {
  const { round, seat } = findSeat(input);
  if (seat.nonce !== input.nonce) refuse('LinkReplaced', 'this link has been replaced (delegated to a substitute)');
  if (seat.answer) refuse('AlreadyAnswered', `already answered "${seat.answer}" by ${seat.answeredBy} at ${seat.answeredAt}`);
  if (round.closedAt) refuse('RoundClosed', `the round closed at ${round.closedAt}${round.outcome ? ` with outcome ${round.outcome}` : ''}`);
  if (state.status !== 'active') refuse('GrantNotActive', `the grant is ${state.status}`);
  if ((input.action === 'reject' || input.action === 'return') && !input.comment?.trim()) {
    refuse('CommentRequired', 'a reason is required');
  }
  if (input.action === 'reject' && (round.kind === 'signature' || round.kind === 'payment')) refuse('ActionNotAllowed', `"reject" is not an answer in a ${round.kind} round`);
  if (input.action === 'return' && round.kind === 'payment') refuse('ActionNotAllowed', '"return" is not an answer in a payment round');
  if (input.action === 'delegate') {
    if (!seat.substitutes.some((s) => s.id === input.substituteId)) refuse('UnknownSubstitute', 'the substitute is not named in the plan');
    if (seat.delegations.length > 0) refuse('AlreadyDelegated', 'this seat has already been delegated once');
  }
}

function handleDecide(input: DecideInput) {
  const { round, seat } = findSeat(input);
  const actor = seat.actingName;
  if (input.action === 'delegate') {
    const sub = seat.substitutes.find((s) => s.id === input.substituteId)!;
    seat.delegations.push({ from: seat.actingName, to: sub.name, at: nowIso(), comment: input.comment });
    seat.actingId = sub.id;
    seat.actingName = sub.name;
    seat.actingEmail = sub.email;
    seat.nonce = uuid4();
    record('delegated', actor, { comment: input.comment, data: { roundId: round.id, to: sub.name } });
    invite(round, seat, 'invitation');
    refresh();
    return { roundId: round.id, action: input.action, actor, receipt: receiptOf(round, seat) };
  }
  seat.answer = input.action;
  seat.comment = input.comment?.trim() || undefined;
  seat.answeredAt = nowIso();
  seat.answeredBy = actor;
  record('answered', actor, { comment: seat.comment, data: { roundId: round.id, kind: round.kind, answer: input.action, onBehalfOf: seat.actingId !== seat.memberId ? seat.name : undefined } });
  const outcome = settle(round.rule, round.seats, round.chairId);
  if (outcome) closeRound(round, outcome);
  if (round.kind === 'payment' && outcome === 'approved') {
    const t = state.tranches.find((x) => `payment:${x.id}` === round.id);
    if (t && t.status !== 'paid') markPaid(t, actor);
  }
  refresh();
  return { roundId: round.id, action: input.action, roundOutcome: outcome, actor, receipt: receiptOf(round, seat) };
}

/**
 * What a coordinator's update answers: small, because every result stays in history (the whole
 * state was ≈ 14 KiB a time). The API reads the state with a query when it needs it.
 */
function changed(): SteerResult {
  return { seq: state.seq, status: state.status, stage: state.stage };
}

function receiptOf(round: Round, seat: Seat): DecisionReceipt {
  return {
    caseNumber: state.caseNumber,
    title: state.plan.title,
    organisation: state.plan.organisation,
    lang: state.plan.lang,
    roundName: round.name,
    roundKind: round.kind,
    actingName: seat.actingName,
    answeredAt: seat.answeredAt,
    comment: seat.comment,
    answered: round.seats.filter((s) => s.answer).length,
    seats: round.seats.length,
    closedAt: round.closedAt,
  };
}

function validateFact({ fact, actor }: FactInput) {
  if (!actor) refuse('ActorRequired', 'who records the fact must be named');
  if (state.status === 'cancelled' || state.status === 'rejected' || state.status === 'closed') refuse('GrantNotActive', `the grant is ${state.status}`);
  const tranche = (id: string) => state.tranches.find((t) => t.id === id) ?? refuse('UnknownTranche', `no tranche "${id}"`);
  const part = (id: string) => state.parts.find((p) => p.id === id) ?? refuse('UnknownPart', `no part "${id}"`);
  const report = (id: string) => state.reports.find((r) => r.id === id) ?? refuse('UnknownReport', `no report "${id}"`);
  const approved = state.decision?.outcome === 'approved' && state.decision.revision === state.revision;
  switch (fact.type) {
    case 'stateDecision': {
      const t = tranche(fact.trancheId);
      if (t.trigger.on !== 'condition') refuse('NotConditional', `tranche "${t.id}" does not wait for an external decision`);
      if (t.status !== 'waiting' || t.condition) refuse('AlreadySettled', `tranche "${t.id}" is ${t.status}`);
      return;
    }
    case 'requisitioned': {
      const p = part(fact.partId);
      if (!approved) refuse('NotDecided', 'a part can be requisitioned only after the decision');
      if (p.requisitionedAt) refuse('AlreadyRequisitioned', `part "${p.id}" was requisitioned at ${p.requisitionedAt}`);
      return;
    }
    case 'paymentMade': {
      const t = tranche(fact.trancheId);
      if (t.status !== 'due') refuse('NotDue', `tranche "${t.id}" is ${t.status}, not due for payment`);
      return;
    }
    case 'requirementsPublished': {
      const r = report(fact.reportId);
      if (r.status === 'submitted') refuse('AlreadySubmitted', `report "${r.id}" was already submitted`);
      if (fact.due && compareDates(fact.due, today()) < 0) refuse('DateInPast', `due date ${fact.due} has passed`);
      return;
    }
    case 'reportSubmitted': {
      const r = report(fact.reportId);
      if (r.status === 'submitted') refuse('AlreadySubmitted', `report "${r.id}" was already submitted at ${r.submittedAt}`);
      if (!approved) refuse('NotDecided', 'nothing to report on before the decision');
      return;
    }
    case 'fundsUsed': {
      part(fact.partId);
      if (!Number.isSafeInteger(fact.usedOre) || fact.usedOre < 0) refuse('BadAmount', 'usedOre must be a whole, non-negative number of öre');
      const p = part(fact.partId);
      if (fact.usedOre > p.amountOre) refuse('BadAmount', `more than the part's ${formatSek(p.amountOre)}`);
      return;
    }
    case 'repaid': {
      const due = computeMoney(state).toRepayOre;
      if (!Number.isSafeInteger(fact.amountOre) || fact.amountOre <= 0) refuse('BadAmount', 'amountOre must be a positive whole number of öre');
      if (fact.amountOre > due) refuse('BadAmount', `only ${formatSek(due)} is to be repaid`);
      return;
    }
    case 'decisionParagraph': {
      if (!state.decision) refuse('NotDecided', 'no decision yet');
      return;
    }
    default:
      refuse('UnknownFact', 'unknown fact type');
  }
}

function handleFact({ fact, actor }: FactInput) {
  const at = nowIso();
  switch (fact.type) {
    case 'stateDecision': {
      const t = state.tranches.find((x) => x.id === fact.trancheId)!;
      t.condition = { met: fact.met, at, by: actor, reference: fact.reference };
      break;
    }
    case 'requisitioned': {
      const p = state.parts.find((x) => x.id === fact.partId)!;
      p.requisitionedAt = at;
      p.requisitionedBy = actor;
      break;
    }
    case 'paymentMade':
      markPaid(state.tranches.find((x) => x.id === fact.trancheId)!, actor);
      break;
    case 'requirementsPublished': {
      const r = state.reports.find((x) => x.id === fact.reportId)!;
      r.requirementsPublished = true;
      r.requirements = fact.requirements;
      if (fact.due) {
        r.due = fact.due;
        r.notices = [];
        r.overdue = false;
        scheduleVersion += 1;
      }
      break;
    }
    case 'reportSubmitted': {
      const r = state.reports.find((x) => x.id === fact.reportId)!;
      r.status = 'submitted';
      r.submittedAt = at;
      r.submittedBy = actor;
      break;
    }
    case 'fundsUsed':
      state.parts.find((x) => x.id === fact.partId)!.usedOre = fact.usedOre;
      break;
    case 'repaid':
      break;
    case 'decisionParagraph':
      state.decision!.paragraph = fact.paragraph;
      break;
  }
  const { comment, type, ...data } = fact as { comment?: string; type: string } & Record<string, unknown>;
  record(type, actor, { comment, data });
  refresh();
  return changed();
}

function validateAmend({ amendment: a, actor, reason }: AmendInput) {
  if (!actor) refuse('ActorRequired', 'who amends must be named');
  if (!reason?.trim()) refuse('ReasonRequired', 'an amendment needs a reason');
  if (state.status !== 'active' && state.status !== 'returned') refuse('GrantNotActive', `the grant is ${state.status}`);
  if (a.type === 'deadline') {
    if (compareDates(a.date, today()) < 0) refuse('DateInPast', `${a.date} has already passed`);
    if (a.target === 'round') {
      const round = state.rounds.find((r) => r.groupId === a.groupId && r.revision === state.revision);
      if (round?.closedAt) refuse('StageOver', `the round of ${round.name} has closed`);
      const inPlan = [...(state.plan.anchoring?.groups ?? []), state.plan.decision.group, ...(state.plan.continuation ? [state.plan.continuation.group] : [])].some((g) => g.id === a.groupId);
      if (!inPlan && !round) refuse('UnknownGroup', `no group "${a.groupId}"`);
    } else if (a.target === 'requisition') {
      const p = state.parts.find((x) => x.id === a.partId) ?? refuse('UnknownPart', `no part "${a.partId}"`);
      if (p.requisitionedAt) refuse('StageOver', `part "${p.id}" was already requisitioned`);
      if (!p.unit) refuse('NoRequisition', `part "${p.id}" has no requisition`);
    } else {
      const r = state.reports.find((x) => x.id === a.reportId) ?? refuse('UnknownReport', `no report "${a.reportId}"`);
      if (r.status === 'submitted') refuse('StageOver', `report "${r.id}" was already submitted`);
    }
  } else if (a.type === 'amounts') {
    if (state.decision?.outcome === 'approved') refuse('StageOver', 'amounts cannot change after the decision');
    const next = state.parts.map((p) => a.parts.find((x) => x.id === p.id)?.amountOre ?? p.amountOre);
    for (const x of a.parts) if (!state.parts.some((p) => p.id === x.id)) refuse('UnknownPart', `no part "${x.id}"`);
    if (next.some((v) => !Number.isSafeInteger(v) || v < 0)) refuse('BadAmount', 'amounts must be whole, non-negative öre');
    const sum = next.reduce((x, y) => x + y, 0);
    if (sum !== state.plan.totalOre) refuse('DoesNotAddUp', `the parts would add up to ${formatSek(sum)}, not the total ${formatSek(state.plan.totalOre)}`);
  }
}

function handleAmend({ amendment: a, actor, reason }: AmendInput) {
  if (a.type === 'deadline') {
    if (a.target === 'round') {
      const groups = [...(state.plan.anchoring?.groups ?? []), state.plan.decision.group, ...(state.plan.continuation ? [state.plan.continuation.group] : [])];
      for (const g of groups) if (g.id === a.groupId) g.deadline = a.date;
      const round = state.rounds.find((r) => r.groupId === a.groupId && r.revision === state.revision);
      if (round) {
        round.deadline = a.date;
        round.notices = [];
      }
    } else if (a.target === 'requisition') {
      const p = state.parts.find((x) => x.id === a.partId)!;
      p.requisitionDeadline = a.date;
      p.requisitionOverdue = false;
    } else {
      const r = state.reports.find((x) => x.id === a.reportId)!;
      r.due = a.date;
      r.notices = [];
      r.overdue = false;
    }
  } else if (a.type === 'distribution') {
    state.plan.distribution = a.distribution;
  } else {
    for (const x of a.parts) {
      const p = state.parts.find((y) => y.id === x.id)!;
      p.amountOre = x.amountOre;
      const pp = state.plan.parts.find((y) => y.id === x.id);
      if (pp) pp.amountOre = x.amountOre;
    }
  }
  scheduleVersion += 1;
  record('amended', actor, { comment: reason, data: { ...a } });
  refresh();
  return changed();
}

function handleCancel({ reason, actor }: { reason: string; actor: string }) {
  state.status = 'cancelled';
  state.cancelled = { at: nowIso(), by: actor, reason };
  const pending: { name: string; email: string }[] = [];
  for (const r of state.rounds) {
    if (!r.closedAt) {
      r.closedAt = nowIso();
      for (const s of r.seats) if (!s.answer) pending.push({ name: s.actingName, email: s.actingEmail });
    }
  }
  record('cancelled', actor, { comment: reason });
  enqueue({
    key: `${state.workflowId}/cancelled`,
    purpose: 'notice',
    to: [...coordinators(), ...pending],
    subject: `${state.caseNumber}: ${lang() === 'sv' ? 'ärendet har avbrutits' : 'the case was cancelled'}`,
    lines: [reason],
  });
  scheduleVersion += 1;
  refresh();
  return changed();
}

function registerHandlers() {
  setHandler(stateQuery, () => state);
  setHandler(decideUpdate, handleDecide, { validator: validateDecide });
  setHandler(recordFactUpdate, handleFact, { validator: validateFact });
  setHandler(amendUpdate, handleAmend, { validator: validateAmend });
  setHandler(cancelUpdate, handleCancel, {
    validator: ({ reason, actor }) => {
      if (!actor) refuse('ActorRequired', 'who cancels must be named');
      if (!reason?.trim()) refuse('ReasonRequired', 'a cancellation needs a reason');
      if (state.status !== 'active' && state.status !== 'returned') refuse('GrantNotActive', `the grant is already ${state.status}`);
    },
  });
  setHandler(
    reviseUpdate,
    ({ plan, actor, comment }) => {
      // The API parsed the plan (zod, defaults filled in); the validator re-checked it below.
      const next = plan;
      state.plan = next;
      state.revision += 1;
      state.status = 'active';
      state.parts = initialParts(next);
      state.tranches = initialTranches(next);
      state.reports = initialReports(next);
      record('revised', actor, { comment });
      scheduleVersion += 1;
      refresh();
      return changed();
    },
    {
      validator: ({ plan, actor, comment }) => {
        if (!actor) refuse('ActorRequired', 'who revises must be named');
        if (!comment?.trim()) refuse('CommentRequired', 'say what changed in the revision');
        if (state.status !== 'returned') refuse('NotReturned', `only a returned case can be revised; the grant is ${state.status}`);
        // The plan's shape is parsed by the API (zod stays out of the workflow bundle: it would be
        // evaluated again in every cached workflow); here the same rules a new plan must pass.
        if (!plan || typeof plan !== 'object' || plan.caseNumber !== state.caseNumber) refuse('InvalidPlan', 'caseNumber: a revision keeps the case number');
        let problems: { path: string; message: string }[];
        try {
          problems = planProblems(plan, today());
        } catch {
          refuse('InvalidPlan', 'the plan is malformed: send it through the API, which parses it');
        }
        if (problems.length) refuse('InvalidPlan', problems.map((p) => `${p.path}: ${p.message}`).join('; '));
      },
    },
  );
}

function initialTranches(plan: GrantPlan): TrancheState[] {
  return plan.tranches.map((t) => ({ id: t.id, amountOre: t.amountOre, payee: t.payee, partId: t.partId, trigger: t.trigger, status: 'waiting' }));
}

function initialReports(plan: GrantPlan): GrantState['reports'] {
  return plan.reports.map((r) => ({
    id: r.id,
    what: r.what,
    to: r.to,
    due: r.due,
    requirementsPublished: r.requirementsPublished,
    requirements: r.requirements,
    status: 'pending',
    overdue: false,
    notices: [],
  }));
}

function initialState(input: GrantWorkflowInput): GrantState {
  const plan = input.plan;
  const s: GrantState = {
    caseNumber: plan.caseNumber,
    workflowId: workflowInfo().workflowId,
    status: 'active',
    stage: plan.anchoring ? 'anchoring' : 'decision',
    revision: 1,
    plan,
    startedAt: nowIso(),
    startedBy: input.startedBy,
    rounds: [],
    parts: initialParts(plan),
    tranches: initialTranches(plan),
    reports: initialReports(plan),
    money: { totalOre: plan.totalOre, decidedOre: 0, requisitionedOre: 0, paidOre: 0, lapsedOre: 0, toRepayOre: 0, repaidOre: 0 },
    deadlines: [],
    overdue: false,
    timeline: [],
    seq: 0,
  };
  return s;
}

/**
 * The grant workflow. Its result is how the grant ended (closed, rejected or cancelled: GrantOutcome);
 * the whole final state stays readable through the state query.
 */
export async function grantWorkflow(input: GrantWorkflowInput): Promise<GrantOutcome> {
  state = input.state ?? initialState(input);
  historyLimit = input.historyLimit ?? historyLimit;
  version = input.version ?? 1;
  registerHandlers();
  if (version >= 2) {
    void publisher();
  }
  if (!input.state) {
    record('started', input.startedBy, { data: { totalOre: input.plan.totalOre } });
  } else {
    record('continuedAsNew', SYSTEM);
  }
  refresh();
  void mailer();
  try {
    await lifecycle();
  } catch (e) {
    if (!(e instanceof GrantCancelled)) throw e;
  }
  await condition(() => outbox.length === 0 && !sending);
  await condition(allHandlersFinished);
  if (version >= 2) await condition(() => !publishDue);
  return outcomeOf(state);
}
