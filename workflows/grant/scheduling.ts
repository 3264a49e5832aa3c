/**
 * How a grant waits: for a condition, until a moment, or for a schedule change; with the timers each
 * workflow version uses, and continue-as-new so that history stays bounded over years.
 *
 * Version 1 arms a timer per wait. Version 2 keeps one alarm for the whole grant, armed for the
 * earliest moment any wait needs: parallel waits with the same moment (two groups anchoring by one
 * deadline, four parts requisitioned by one date) share it, and a wait that ends early cancels
 * nothing while another still needs it.
 */
import { CancellationScope, allHandlersFinished, condition, continueAsNew, sleep, workflowInfo } from '@temporalio/workflow';
import { addDays, endOfDay, stockholmWallToUtc, type CalendarDate } from '../../domain/calendar';
import { GRANT_WORKFLOW_VERSION, type GrantOutcome, type GrantWorkflowInput } from './contract';
import type { GrantRun } from './run';

/** Notices go out at 09:00 Stockholm time. */
const NOTICE_HOUR = 9;
const DEFAULT_HISTORY_LIMIT = 10_000;

export interface Notice {
  key: string;
  at: number;
  kind: 'remind' | 'overdue' | 'escalate';
  days: number;
}

export function noticeTime(date: CalendarDate): number {
  return stockholmWallToUtc(date, NOTICE_HOUR);
}

/** Reminder, overdue and escalation moments for a deadline, in time order. */
export function noticesFor(deadline: CalendarDate, before: number[], after: number[]): Notice[] {
  const list: Notice[] = [
    ...before.map((d) => ({ key: `remind:${d}`, at: noticeTime(addDays(deadline, -d)), kind: 'remind' as const, days: d })),
    { key: 'overdue', at: endOfDay(deadline) + 1, kind: 'overdue' as const, days: 0 },
    ...after.map((d) => ({ key: `escalate:${d}`, at: noticeTime(addDays(deadline, d)), kind: 'escalate' as const, days: d })),
  ];
  return list.filter((n) => n.kind !== 'escalate' || n.at > endOfDay(deadline)).sort((a, b) => a.at - b.at);
}

export class Scheduler {
  /** Bumped when deadlines change (amend, revise, cancel) so that waiting stages recompute timers. */
  scheduleVersion = 0;
  /** Version 2: the moments the waits in progress must wake at (one entry per wait). */
  private readonly alarms: number[] = [];
  /** Version 2: the timer in flight for the earliest of `alarms`. */
  private alarm: { at: number; scope: CancellationScope } | undefined;
  /** Continue as new past this many history events even if the server has not suggested it yet. */
  readonly historyLimit: number;

  constructor(
    private readonly run: GrantRun,
    historyLimit?: number,
  ) {
    this.historyLimit = historyLimit ?? DEFAULT_HISTORY_LIMIT;
  }

  /**
   * Waits for `done`, or until `untilMs`, or for a schedule change; true when `done` holds.
   * Continues as new first when the server suggests it, so history stays bounded over years.
   */
  async waitFor(done: () => boolean, untilMs?: number): Promise<boolean> {
    const { run } = this;
    // Version 1 awaits the check itself: its histories were recorded with those microtask turns.
    if (run.version < 2) await this.maybeContinueAsNew();
    else if (this.continueAsNewDue()) await this.maybeContinueAsNew();
    const schedule = this.scheduleVersion;
    const wake = () => done() || run.state.status === 'cancelled' || this.scheduleVersion !== schedule;
    if (untilMs === undefined) await condition(wake);
    else if (run.version >= 2) {
      if (untilMs > Date.now()) {
        this.alarms.push(untilMs);
        this.setAlarm();
        try {
          await condition(() => wake() || Date.now() >= untilMs);
        } finally {
          this.alarms.splice(this.alarms.indexOf(untilMs), 1);
          this.setAlarm();
        }
      }
    } else {
      const ms = untilMs - Date.now();
      if (ms > 0) await condition(wake, ms);
    }
    run.checkCancelled();
    return done();
  }

  /** Version 2: (re)arms the one timer for the earliest alarm; a wait due wakes by itself. */
  private setAlarm(): void {
    const at = this.alarms.length > 0 ? Math.min(...this.alarms) : undefined;
    if (this.alarm && this.alarm.at <= Date.now()) this.alarm = undefined; // it fired (or fires in this very task)
    if (this.alarm?.at === at) return;
    this.alarm?.scope.cancel();
    this.alarm = undefined;
    if (at === undefined || at <= Date.now()) return;
    const scope = new CancellationScope();
    this.alarm = { at, scope };
    // A cancelled alarm rejects: another replaced it, or the grant is over.
    scope.run(() => sleep(at - Date.now())).catch(() => undefined);
  }

  private continueAsNewDue(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= this.historyLimit;
  }

  private async maybeContinueAsNew(): Promise<void> {
    if (!this.continueAsNewDue()) return;
    const { run } = this;
    // Hand over nothing half-done: queued mail is sent and every update handler has returned.
    await condition(() => run.outbox.idle());
    await condition(allHandlersFinished);
    // Version 3: the register has everything this run recorded; the next run goes on from there.
    // All at once: an answer handled meanwhile makes a batch, and a batch's mail log another.
    if (run.version >= 3) {
      await condition(() => run.outbox.idle() && run.recorder.idle() && allHandlersFinished());
      await run.recorder.flush();
    }
    // The next run's history starts afresh, so it follows the latest behaviour.
    const s = run.state;
    await continueAsNew<(input: GrantWorkflowInput) => Promise<GrantOutcome>>({
      plan: s.plan,
      startedBy: s.startedBy,
      state: s,
      historyLimit: this.historyLimit,
      version: GRANT_WORKFLOW_VERSION,
      ...(run.version >= 3 ? { recorded: run.recorder.recorded() } : {}),
    });
  }
}
