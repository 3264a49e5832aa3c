/**
 * The stage picture: the grant's stages as a path, each with its dates (planned, and actual once
 * it happened). A stopped outcome (rejected, cancelled, a grant whose money all lapsed) ends in a
 * stop mark, never a green ✓; stages the plan lacks are drawn absent (dashed, no connector); a
 * use period that has not begun is named for what it waits for.
 */
import { STAGES, type GrantState, type Stage } from '../../workflows/grant/contract';
import { compareDates, formatDate, stockholmDate, type CalendarDate } from '../../domain/calendar';
import { html, raw, type Lang } from './layout';
import type { TimelineModel } from './timelineModel';
import { STAGE_LABEL, STATUS_LABEL, dashboardText } from './dashboard';

export type StepState = 'done' | 'current' | 'skipped' | 'upcoming' | 'stopped' | 'notReached' | 'ended' | 'waiting';

export const STEP_TEXT = {
  sv: {
    waitsFor: (d: string) => `väntar på nyttjandeperiod ${d}`,
    planned: (d: string) => `plan ${d}`,
    actual: (d: string) => `klart ${d}`,
    lapsed: 'förfallet',
    noDate: 'inget datum i planen',
  },
  en: {
    waitsFor: (d: string) => `waiting for the use period ${d}`,
    planned: (d: string) => `planned ${d}`,
    actual: (d: string) => `done ${d}`,
    lapsed: 'lapsed',
    noDate: 'no date in the plan',
  },
};

/** What the grant waits for before its use period: the workflow's word, or (older grants) the plan's. */
export function waitsFor(s: GrantState, today: CalendarDate): CalendarDate | undefined {
  if (s.waitsFor?.kind === 'usePeriod') return s.waitsFor.date;
  const use = s.plan.usePeriod;
  if (s.status !== 'active' || s.stage !== 'inUse' || !use || compareDates(today, use.from) >= 0) return undefined;
  return s.timeline.some((e) => e.type === 'usePeriodStarted') ? undefined : use.from;
}

/** All the grant's money lapsed: it closed without a payment. */
const allLapsed = (s: GrantState) => s.status === 'closed' && s.money.lapsedOre > 0 && s.money.paidOre === 0;

/**
 * The stages as a path: what the plan lacks is skipped; what lies before the current stage is
 * done; later stages are done when their facts say so (several run side by side after the
 * decision). Repayment shows only when there is something to repay. A rejected or cancelled
 * grant stops at the first stage it did not finish, and its end is `ended`, not done.
 */
export function stagePath(s: GrantState, today: CalendarDate): { stage: Stage; state: StepState }[] {
  const present: Record<Stage, boolean> = {
    anchoring: Boolean(s.plan.anchoring),
    decision: true,
    signature: Boolean(s.plan.signature),
    requisition: s.parts.some((p) => p.unit),
    payment: s.tranches.length > 0,
    inUse: Boolean(s.plan.usePeriod),
    reporting: s.reports.length > 0,
    review: Boolean(s.plan.continuation),
    repayment: s.stage === 'repayment' || s.money.toRepayOre > 0 || s.money.repaidOre > 0,
    closed: true,
  };
  const approved = s.decision?.outcome === 'approved' && s.decision.revision === s.revision;
  const finished: Record<Stage, boolean> = {
    anchoring: approved || s.rounds.some((r) => r.kind === 'decision' && r.revision === s.revision),
    decision: approved,
    signature: Boolean(s.signedAt),
    requisition: approved && s.parts.filter((p) => p.unit).every((p) => p.requisitionedAt),
    payment: approved && s.tranches.every((t) => t.status === 'paid' || t.status === 'lapsed'),
    inUse: Boolean(s.plan.usePeriod) && compareDates(today, s.plan.usePeriod!.to) > 0,
    reporting: approved && s.reports.every((r) => r.status === 'submitted'),
    review: Boolean(s.continuation),
    repayment: s.money.toRepayOre === 0,
    closed: s.stage === 'closed',
  };
  const shown = STAGES.filter((st) => st !== 'repayment' || present.repayment);
  const stopped = s.status === 'rejected' || s.status === 'cancelled';
  const current = STAGES.indexOf(s.stage);
  const waiting = waitsFor(s, today);
  let stopAt = -1;
  if (stopped) stopAt = STAGES.findIndex((st) => st !== 'closed' && present[st] && !finished[st]);
  return shown.map((stage) => {
    const i = STAGES.indexOf(stage);
    if (!present[stage]) return { stage, state: 'skipped' };
    if (stage === 'closed') return { stage, state: stopped || allLapsed(s) ? 'ended' : s.stage === 'closed' ? 'done' : 'upcoming' };
    if (stopped) return { stage, state: finished[stage] ? 'done' : i === stopAt ? 'stopped' : 'notReached' };
    if (stage === 'payment' && allLapsed(s)) return { stage, state: 'stopped' };
    if (i < current) return { stage, state: 'done' };
    if (i === current) return { stage, state: stage === 'inUse' && waiting ? 'waiting' : 'current' };
    return { stage, state: finished[stage] ? 'done' : 'upcoming' };
  });
}

/** A stage's dates from the timeline's rows: the last planned date, and the last actual once all are done. */
function stageDates(m: TimelineModel, stage: Stage): { planned?: CalendarDate; actual?: CalendarDate } {
  const rows = m.rows.filter((r) => r.stage === stage);
  if (!rows.length) return {};
  const planned = rows.map((r) => r.planned).filter((d): d is CalendarDate => Boolean(d)).sort().at(-1);
  const actual = rows.every((r) => r.actual) ? rows.map((r) => r.actual!).sort().at(-1) : undefined;
  return { planned, actual };
}

export function stepper(lang: Lang, s: GrantState, m: TimelineModel): string {
  const t = dashboardText[lang];
  const w = STEP_TEXT[lang];
  const steps = stagePath(s, m.today);
  const waiting = waitsFor(s, m.today);
  const linked = (i: number) => i > 0 && steps[i - 1]!.state === 'done' && ['done', 'current', 'stopped', 'waiting', 'ended'].includes(steps[i]!.state);
  return html`<ol class="stepper" aria-label="${t.stages}">${steps.map(({ stage, state }, i) => {
    const label =
      state === 'ended'
        ? allLapsed(s) && !['rejected', 'cancelled'].includes(s.status)
          ? `${STATUS_LABEL[lang][s.status].toLowerCase()} – ${w.lapsed}`
          : STATUS_LABEL[lang][s.status].toLowerCase()
        : state === 'waiting' && waiting
          ? w.waitsFor(formatDate(waiting, lang))
          : t.stageState[state as keyof typeof t.stageState];
    const { planned, actual } = stageDates(m, stage);
    const ended = stage === 'closed' ? (s.closedAt ?? s.cancelled?.at) : undefined;
    const endDay = ended ? stockholmDate(Date.parse(ended)) : undefined;
    const dates = state === 'skipped' ? [] : [actual ? w.actual(formatDate(actual, lang)) : '', planned && planned !== actual ? w.planned(formatDate(planned, lang)) : '', endDay ? formatDate(endDay, lang) : ''].filter(Boolean);
    return raw(
      html`<li class="step ${state}${linked(i) ? ' linked' : ''}"${state === 'current' || state === 'waiting' ? raw(' aria-current="step"') : ''}><span class="step-name">${STAGE_LABEL[lang][stage]}</span><span class="step-state">${label}</span>${dates.map((d) => raw(html`<span class="step-date">${d}</span>`))}</li>`,
    );
  })}</ol>`;
}
