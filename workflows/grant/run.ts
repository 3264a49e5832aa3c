/**
 * One run of a grant's workflow: the state it owns and the small services every stage uses (the
 * timeline, the derived figures, the outbox, the scheduler, the search-attribute publisher).
 * Stages (stages/*) and message handlers (handlers/*) are functions of a GrantRun; the entry file
 * (workflow.ts) creates one and wires them.
 *
 * The workflow resumes from its state: every stage looks at what the state already records (rounds
 * opened, notices sent, tranches paid) before it acts, so a run that continues as new with the state
 * carried over picks up exactly where the last one stopped.
 */
import { stockholmDate } from '../../domain/calendar';
import { SYSTEM_ACTOR, type GrantState, type GrantWorkflowInput, type Recipient } from './contract';
import { computeDeadlines, computeMoney, computeStage, computeWaitsFor } from './derive';
import { initialState } from './initial';
import { Outbox } from './outbox';
import { Publisher } from './publisher';
import { Recorder } from './recorder';
import { Scheduler } from './scheduling';

/** Thrown out of a stage's wait when the grant was cancelled; the lifecycle ends quietly. */
export class GrantCancelled extends Error {}

export class GrantRun {
  readonly state: GrantState;
  /** The behaviour this run follows (contract GRANT_WORKFLOW_VERSION; absent in the input: 1). */
  readonly version: number;
  readonly outbox: Outbox;
  readonly scheduler: Scheduler;
  readonly publisher: Publisher;
  /** Version 3: keeps the register current. */
  readonly recorder: Recorder;

  constructor(readonly input: GrantWorkflowInput) {
    this.state = input.state ?? initialState(input);
    this.version = input.version ?? 1;
    this.outbox = new Outbox(this);
    this.publisher = new Publisher(this);
    this.recorder = new Recorder(this, input.recorded);
    this.scheduler = new Scheduler(this, input.historyLimit);
  }

  get lang(): 'sv' | 'en' {
    return this.state.plan.lang;
  }

  nowIso(): string {
    return new Date(Date.now()).toISOString();
  }

  today(): string {
    return stockholmDate(Date.now());
  }

  /** Appends to the timeline, in workflow time, on the current revision. */
  record(type: string, actor: string, extra: { comment?: string; data?: Record<string, unknown> } = {}): void {
    this.state.timeline.push({ at: this.nowIso(), type, actor, revision: this.state.revision, ...extra });
  }

  /** Recomputes what is derived from the state after every change, and publishes it. */
  refresh(): void {
    const s = this.state;
    const now = Date.now();
    s.money = computeMoney(s);
    s.deadlines = computeDeadlines(s, now);
    s.nextDeadline = s.deadlines[0]?.date;
    s.overdue = s.deadlines.some((d) => d.overdue);
    s.stage = computeStage(s, now);
    const waitsFor = computeWaitsFor(s, now);
    if (waitsFor) s.waitsFor = waitsFor;
    else delete s.waitsFor;
    s.seq += 1;
    this.publisher.publish();
  }

  coordinators(): Recipient[] {
    return this.state.plan.coordinators.map((c) => ({ name: c.name, email: c.email }));
  }

  checkCancelled(): void {
    if (this.state.status === 'cancelled') throw new GrantCancelled();
  }

  /** A change to deadlines (amend, revise, cancel, new requirements): waiting stages recompute. */
  rescheduled(): void {
    this.scheduler.scheduleVersion += 1;
  }
}

export const SYSTEM = SYSTEM_ACTOR;
