/**
 * After the money: the use period (nyttjandeperiod), the reports (återredovisning) with reminders
 * before their due date and escalation after it, and the steering group's decision on whether the
 * work continues (fortsatt arbete).
 */
import { endOfDay, stockholmWallToUtc } from '../../../domain/calendar';
import type { GrantState } from '../contract';
import { openRound, runRound } from '../rounds';
import { SYSTEM, type GrantRun } from '../run';
import { noticesFor } from '../scheduling';

export async function usePeriodAndReports(run: GrantRun): Promise<void> {
  const s = run.state;
  const use = s.plan.usePeriod;
  if (use) {
    if (!s.timeline.some((e) => e.type === 'usePeriodStarted')) {
      while (Date.now() < stockholmWallToUtc(use.from)) await run.scheduler.waitFor(() => false, stockholmWallToUtc(use.from));
      run.record('usePeriodStarted', SYSTEM, { data: use });
      run.refresh();
    }
  }
  await Promise.all(s.reports.map((r) => runReport(run, r)));
  if (use && !s.timeline.some((e) => e.type === 'usePeriodEnded')) {
    while (Date.now() <= endOfDay(use.to)) await run.scheduler.waitFor(() => false, endOfDay(use.to) + 1);
    run.record('usePeriodEnded', SYSTEM, { data: use });
    run.refresh();
  }
}

async function runReport(run: GrantRun, report: GrantState['reports'][number]): Promise<void> {
  const s = run.state;
  const plan = s.plan.reports.find((r) => r.id === report.id);
  if (!plan) return;
  const to = [...run.coordinators(), ...plan.responsible.map((p) => ({ name: p.name, email: p.email }))];
  for (;;) {
    if (report.status === 'submitted') return;
    const next = noticesFor(report.due, plan.schedule.remindDaysBefore, plan.schedule.escalateDaysAfter).find((n) => !report.notices.includes(n.key));
    if (await run.scheduler.waitFor(() => report.status === 'submitted', next?.at)) return;
    if (!next || Date.now() < next.at) continue;
    report.notices.push(next.key);
    if (next.kind === 'overdue') {
      report.overdue = true;
      run.record('reportOverdue', SYSTEM, { data: { reportId: report.id, due: report.due } });
    } else if (next.at >= Date.now() - 86_400_000) {
      // A notice whose moment passed long ago (the grant started late) is skipped, not sent late.
      const escalate = next.kind === 'escalate';
      run.outbox.enqueue({
        key: `${s.workflowId}/report/${report.id}/${next.key}/${report.due}`,
        purpose: escalate ? 'reportEscalation' : 'reportReminder',
        to,
        facts: { about: 'report', report: { id: report.id, what: report.what, to: report.to, due: report.due }, requirementsPublished: report.requirementsPublished, notice: next.kind, days: next.days },
      });
      if (escalate) run.record('escalated', SYSTEM, { data: { reportId: report.id, after: next.days } });
    }
    run.refresh();
  }
}

export async function continuation(run: GrantRun): Promise<void> {
  const s = run.state;
  const c = s.plan.continuation;
  if (!c || s.continuation) return;
  const outcome = await runRound(run, openRound(run, 'continuation', c.group));
  s.continuation = outcome === 'approved' ? 'continue' : 'close';
  run.record('continuationDecided', SYSTEM, { data: { continuation: s.continuation } });
  run.refresh();
}
