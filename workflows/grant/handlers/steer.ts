/**
 * The coordinators' steering: amend what has not begun (a deadline, the amounts before the decision,
 * the distribution list), submit a new revision of the basis after a return (återremiss), cancel.
 */
import { compareDates } from '../../../domain/calendar';
import { planGroups, planProblems } from '../../../domain/planChecks';
import type { AmendInput, CancelInput, ReviseInput, SteerResult } from '../contract';
import { initialReports, initialTranches, revisionRecord } from '../initial';
import { initialParts } from '../derive';
import type { GrantRun } from '../run';
import { refuse } from './refuse';

/** What a coordinator's update answers: small, because every result stays in history. */
export function steerResult(run: GrantRun): SteerResult {
  return { seq: run.state.seq, status: run.state.status, stage: run.state.stage };
}


function requireActive(run: GrantRun, actor: string, reason: string | undefined, already = false): void {
  if (!actor) refuse('ActorRequired');
  if (!reason?.trim()) refuse('ReasonRequired');
  const status = run.state.status;
  if (status !== 'active' && status !== 'returned') refuse('GrantNotActive', { status: already ? `already ${status}` : status });
}

export function validateAmend(run: GrantRun, { amendment: a, actor, reason }: AmendInput): void {
  const s = run.state;
  requireActive(run, actor, reason);
  if (a.type === 'deadline') {
    if (compareDates(a.date, run.today()) < 0) refuse('DateInPast', { date: a.date });
    if (a.target === 'round') {
      const round = s.rounds.find((r) => r.groupId === a.groupId && r.revision === s.revision);
      if (round?.closedAt) refuse('StageOver', { what: round.name });
      if (!planGroups(s.plan).some((g) => g.id === a.groupId) && !round) refuse('UnknownGroup', { id: a.groupId });
    } else if (a.target === 'requisition') {
      const p = s.parts.find((x) => x.id === a.partId) ?? refuse('UnknownPart', { id: a.partId });
      if (p.requisitionedAt) refuse('StageOver', { what: p.name });
      if (!p.unit) refuse('NoRequisition', { id: p.id });
    } else {
      const r = s.reports.find((x) => x.id === a.reportId) ?? refuse('UnknownReport', { id: a.reportId });
      if (r.status === 'submitted') refuse('StageOver', { what: r.what });
    }
  } else if (a.type === 'amounts') {
    if (s.decision?.outcome === 'approved') refuse('StageOver', { what: run.lang === 'sv' ? 'beloppen efter beslutet' : 'the amounts after the decision' });
    for (const x of a.parts) if (!s.parts.some((p) => p.id === x.id)) refuse('UnknownPart', { id: x.id });
    const next = s.parts.map((p) => a.parts.find((x) => x.id === p.id)?.amountOre ?? p.amountOre);
    if (next.some((v) => !Number.isSafeInteger(v) || v < 0)) refuse('BadAmount');
    const sum = next.reduce((x, y) => x + y, 0);
    if (sum !== s.plan.totalOre) refuse('DoesNotAddUp', { sumOre: sum, totalOre: s.plan.totalOre });
  }
}

export function handleAmend(run: GrantRun, { amendment: a, actor, reason }: AmendInput): SteerResult {
  const s = run.state;
  let before: Record<string, unknown>;
  if (a.type === 'deadline') {
    if (a.target === 'round') {
      const round = s.rounds.find((r) => r.groupId === a.groupId && r.revision === s.revision);
      before = { date: round?.deadline ?? planGroups(s.plan).find((g) => g.id === a.groupId)?.deadline };
      for (const g of planGroups(s.plan)) if (g.id === a.groupId) g.deadline = a.date;
      if (round) {
        round.deadline = a.date;
        round.notices = [];
      }
    } else if (a.target === 'requisition') {
      const p = s.parts.find((x) => x.id === a.partId)!;
      before = { date: p.requisitionDeadline };
      p.requisitionDeadline = a.date;
      p.requisitionOverdue = false;
    } else {
      const r = s.reports.find((x) => x.id === a.reportId)!;
      before = { date: r.due };
      r.due = a.date;
      r.notices = [];
      r.overdue = false;
    }
  } else if (a.type === 'distribution') {
    before = { distribution: s.plan.distribution };
    s.plan.distribution = a.distribution;
  } else {
    before = { parts: a.parts.map((x) => ({ id: x.id, amountOre: s.parts.find((p) => p.id === x.id)!.amountOre })) };
    for (const x of a.parts) {
      s.parts.find((y) => y.id === x.id)!.amountOre = x.amountOre;
      const pp = s.plan.parts.find((y) => y.id === x.id);
      if (pp) pp.amountOre = x.amountOre;
    }
  }
  run.rescheduled();
  run.record('amended', actor, { comment: reason, data: { ...a, before } });
  run.refresh();
  return steerResult(run);
}

export function validateCancel(run: GrantRun, { reason, actor }: CancelInput): void {
  requireActive(run, actor, reason, true);
}

export function handleCancel(run: GrantRun, { reason, actor }: CancelInput): SteerResult {
  const s = run.state;
  s.status = 'cancelled';
  s.cancelled = { at: run.nowIso(), by: actor, reason };
  const pending: { name: string; email: string }[] = [];
  for (const r of s.rounds) {
    if (!r.closedAt) {
      r.closedAt = run.nowIso();
      for (const seat of r.seats) if (!seat.answer) pending.push({ name: seat.actingName, email: seat.actingEmail });
    }
  }
  run.record('cancelled', actor, { comment: reason });
  run.outbox.enqueue({ key: `${s.workflowId}/cancelled`, purpose: 'cancelled', to: [...run.coordinators(), ...pending], facts: { about: 'cancelled', reason, by: actor } });
  run.rescheduled();
  run.refresh();
  return steerResult(run);
}

export function validateRevise(run: GrantRun, { plan, actor, comment }: ReviseInput): void {
  const s = run.state;
  if (!actor) refuse('ActorRequired');
  if (!comment?.trim()) refuse('CommentRequired');
  if (s.status !== 'returned') refuse('NotReturned', { status: s.status });
  // The plan's shape is parsed by the API (zod stays out of the workflow bundle: it would be
  // evaluated again in every cached workflow); here the same rules a new plan must pass.
  if (!plan || typeof plan !== 'object' || plan.caseNumber !== s.caseNumber) refuse('InvalidPlan', { problems: 'caseNumber: a revision keeps the case number' });
  let problems: { path: string; message: string }[];
  try {
    problems = planProblems(plan, run.today());
  } catch {
    refuse('InvalidPlan', { problems: 'the plan is malformed: send it through the API, which parses it' });
  }
  if (problems.length) refuse('InvalidPlan', { problems: problems.map((p) => `${p.path}: ${p.message}`).join('; ') });
}

export function handleRevise(run: GrantRun, { plan, actor, comment }: ReviseInput): SteerResult {
  const s = run.state;
  // Grants started before revisions were kept know their current basis only from now on.
  s.revisions ??= [revisionRecord(s.plan, s.revision, s.startedAt, s.startedBy)];
  const from = s.revision;
  s.plan = plan;
  s.revision += 1;
  s.status = 'active';
  s.parts = initialParts(plan);
  s.tranches = initialTranches(plan);
  s.reports = initialReports(plan);
  s.revisions.push(revisionRecord(plan, s.revision, run.nowIso(), actor, comment));
  run.record('revised', actor, { comment, data: { from, to: s.revision } });
  run.rescheduled();
  run.refresh();
  return steerResult(run);
}
