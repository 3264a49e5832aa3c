/**
 * Time-skipping workflow tests: one test server per file, a fresh worker per test, and a recording
 * mail activity (mail is a boundary these tests are not about; the end-to-end tests use real SMTP).
 */
import { renderMail } from '../../activities/templates';
import { quietRuntime } from '../../common/temporalRuntime';
import fs from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { type RegisterAck, type RegisterBatch, type TimelineEvent, SEARCH_ATTRIBUTE_TYPES, type GrantActivities, type MailResult, outcomeOf, type MailRequest, type GrantState, type Round, type RoundKind, decideUpdate, stateQuery, type DecideInput, GRANT_WORKFLOW_VERSION, grantWorkflowId, newGrantInput } from '../../workflows/grant/contract';
import { temporalTestServerPath } from '../../common/tools';
import { workflowsPath } from '../../worker/createWorker';
import { grantWorkflow } from '../../workflows';
import { checkPlan } from '../../domain/validatePlan';
import { SEED_PLANS, shiftYears, yearsToShift, type SeedName } from '../../domain/fixtures/plans';
import { stockholmDate } from '../../domain/dates';
import type { GrantPlan } from '../../domain/plan';

export { quietRuntime };

/**
 * A test file's time-skipping environment: created before its tests (handed to `set`), the grants a
 * test started terminated after it, torn down after the file.
 */
export function useTimeSkippingEnv(set: (env: TestWorkflowEnvironment) => void, opts: { perTest?: boolean } = {}): void {
  let env: TestWorkflowEnvironment | undefined;
  const create = async () => {
    env = await createTimeSkippingEnv();
    set(env);
  };
  const teardown = async () => {
    await env?.teardown();
    env = undefined;
  };
  // perTest: a test server of its own per test (a second or two each). For files whose tests skip
  // time across grants that record themselves: the time-skipping server's clock can stall for the
  // tests after one whose grant ended with an activity in flight.
  if (opts.perTest) {
    beforeEach(create);
    afterEach(async () => {
      await terminateLeftovers();
      await teardown();
    });
    return;
  }
  beforeAll(create);
  afterEach(terminateLeftovers);
  afterAll(teardown);
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
  // The test server validates search attributes like a real one: register the grant's.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.entries(SEARCH_ATTRIBUTE_TYPES).map(([k, t]) => [k, INDEXED[t]!])),
  });
  return env;
}

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Text: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Int: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

let bundle: Promise<{ code: string }> | undefined;
/** Bundling takes seconds; do it once per test file. */
export function workflowBundle() {
  bundle ??= bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: new DefaultLogger('WARN') });
  return bundle;
}

/**
 * The recordGrant activity's side as these tests see it: every batch the workflow hands over, and
 * per grant the events acknowledged (contiguous, as the register's writer accepts them: a batch that
 * would leave a gap adds nothing). The register itself is tested against PostgreSQL (test/register).
 */
export class BatchLog {
  readonly batches: RegisterBatch[] = [];
  private readonly held = new Map<string, TimelineEvent[]>();
  /** Set to make writing fail (the register down) until cleared. */
  failing = false;
  attempts = 0;
  record(batch: RegisterBatch): RegisterAck {
    this.attempts += 1;
    if (this.failing) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    this.batches.push(structuredClone(batch));
    const events = this.events(batch.summary.caseNumber);
    if (batch.firstEvent <= events.length + 1) events.push(...batch.events.slice(events.length + 1 - batch.firstEvent));
    return { events: events.length, headHash: `${events.length}` };
  }
  events(caseNumber: string): TimelineEvent[] {
    let list = this.held.get(caseNumber);
    if (!list) this.held.set(caseNumber, (list = []));
    return list;
  }
  /** The register loses its newest events (restored from an older backup). */
  forget(caseNumber: string, keep: number): void {
    this.events(caseNumber).splice(keep);
  }
  of(caseNumber: string): RegisterBatch[] {
    return this.batches.filter((b) => b.summary.caseNumber === caseNumber);
  }
}

export class MailRecorder {
  readonly sent: MailRequest[] = [];
  /** The register's activity, beside the mail (version 3 grants record themselves). */
  readonly register = new BatchLog();
  /** Set to make sending fail (an SMTP outage) until cleared. */
  failing = false;
  attempts = 0;
  readonly activities: GrantActivities = {
    sendMail: async (batch: MailRequest[]): Promise<MailResult[]> => {
      this.attempts += 1;
      if (this.failing) throw new Error('connect ECONNREFUSED 127.0.0.1:1025');
      this.sent.push(...batch);
      return batch.map((m) => ({ key: m.key, messageId: `<${m.key}>`, rejected: [] }));
    },
    recordGrant: async (batch: RegisterBatch): Promise<RegisterAck> => this.register.record(batch),
  };
  to(email: string, purpose?: MailRequest['purpose']) {
    return this.sent.filter((m) => m.to.some((t) => t.email === email) && (!purpose || m.purpose === purpose));
  }
  purpose(p: MailRequest['purpose']) {
    return this.sent.filter((m) => m.purpose === p);
  }
  /** A mail's plain text as its template writes it (the activity's renderer, without a link). */
  text(m: MailRequest): string {
    return renderMail(m).text;
  }
}

/**
 * A worker for one test. Its `runUntil` ends the grants the test left running while it still runs:
 * a grant's activity in flight when the worker stops (a register batch after the test's last answer)
 * would hold the test server's clock still for every later test in the file.
 */
export async function makeWorker(env: TestWorkflowEnvironment, mail: MailRecorder, taskQueue: string) {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: mail.activities,
  });
  const runUntil = worker.runUntil.bind(worker);
  return Object.assign(worker, {
    runUntil: <R>(fn: () => Promise<R>): Promise<R> =>
      runUntil(async () => {
        try {
          return await fn();
        } finally {
          await terminateLeftovers();
        }
      }),
  });
}

export async function currentTime(env: TestWorkflowEnvironment): Promise<number> {
  // The test server's clock; `Date.now()` in the test process is real time.
  const { time } = await env.connection.testService!.getCurrentTime({});
  return Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
}

/** A seed plan shifted by whole years so that it is registered today or later in test time. */
export async function seedPlan(env: TestWorkflowEnvironment, name: SeedName, edit?: (p: Record<string, unknown>) => void): Promise<GrantPlan> {
  const seed = SEED_PLANS[name];
  const today = stockholmDate(await currentTime(env));
  const k = yearsToShift(seed.registered, today);
  const raw = shiftYears(structuredClone(seed.plan) as Record<string, unknown>, k);
  edit?.(raw);
  const registered = `${Number(seed.registered.slice(0, 4)) + k}${seed.registered.slice(4)}`;
  const result = checkPlan(raw, registered);
  if (!result.ok) throw new Error(`seed ${name} is not a valid plan: ${JSON.stringify(result.problems)}`);
  return result.plan;
}

const started: GrantHandle[] = [];

/** Starts a grant as the API does; `version` starts it on an older behaviour of the workflow instead. */
export async function startGrant(env: TestWorkflowEnvironment, plan: GrantPlan, taskQueue: string, version = GRANT_WORKFLOW_VERSION) {
  const handle = await env.client.workflow.start(grantWorkflow, {
    workflowId: grantWorkflowId(plan.caseNumber),
    taskQueue,
    args: [{ ...newGrantInput(plan, 'Testsamordnare'), version }],
  });
  started.push(handle);
  return handle;
}

/**
 * Terminates what a test left running: a workflow whose task queue has no worker any more would
 * hold the test server's clock still for every later test in the file.
 */
export async function terminateLeftovers() {
  for (const h of started.splice(0)) {
    try {
      let d = await h.describe();
      // Let an activity in flight finish first (see activitiesSettled).
      for (let i = 0; i < 100 && d.status.name === 'RUNNING' && (d.raw.pendingActivities?.length ?? 0) > 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        d = await h.describe();
      }
      if (d.status.name === 'RUNNING') await h.terminate('test finished');
    } catch {
      /* already gone */
    }
  }
}

/**
 * Waits until no grant the test started has an activity in flight. The time-skipping server holds
 * its clock for a running activity; skipping past the activity's timeout leaves that hold
 * unbalanced and the clock stalls (temporalio/sdk-java#2246), so a skip waits for them first.
 */
async function activitiesSettled() {
  for (const h of started) {
    for (let i = 0; i < 200; i++) {
      const d = await h.describe().catch(() => undefined);
      if (!d || d.status.name !== 'RUNNING' || (d.raw.pendingActivities?.length ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Lets the test server's clock run until `ms` (epoch), firing every timer on the way. */
export async function sleepUntil(env: TestWorkflowEnvironment, ms: number) {
  await activitiesSettled();
  const now = await currentTime(env);
  if (ms > now) await env.sleep(ms - now);
}

export type GrantHandle = WorkflowHandle<typeof grantWorkflow>;

/** Polls the state query until `pred` holds (the workflow advances on its own tasks). */
export async function waitState(handle: GrantHandle, pred: (s: GrantState) => boolean, what = 'condition', timeoutMs = 15_000): Promise<GrantState> {
  const end = Date.now() + timeoutMs;
  let last: GrantState | undefined;
  while (Date.now() < end) {
    last = await handle.query(stateQuery);
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; stage=${last?.stage} status=${last?.status} rounds=${JSON.stringify(last?.rounds.map((r) => [r.id, r.outcome]))}`);
}

export function openRound(s: GrantState, kind: RoundKind, groupId?: string): Round | undefined {
  return s.rounds.find((r) => r.kind === kind && !r.closedAt && r.revision === s.revision && (!groupId || r.groupId === groupId));
}

export async function waitRound(handle: GrantHandle, kind: RoundKind, groupId?: string): Promise<Round> {
  const s = await waitState(handle, (x) => !!openRound(x, kind, groupId), `an open ${kind} round${groupId ? ` of ${groupId}` : ''}`);
  return openRound(s, kind, groupId)!;
}

/** One member answers through the decide Update, with the nonce their link would carry. */
export async function answer(handle: GrantHandle, round: Round, memberId: string, action: DecideInput['action'], extra: Partial<DecideInput> = {}) {
  const s = await handle.query(stateQuery);
  const r = s.rounds.find((x) => x.id === round.id)!;
  const seat = r.seats.find((x) => x.memberId === memberId)!;
  return handle.executeUpdate(decideUpdate, { args: [{ roundId: r.id, memberId, nonce: seat.nonce, action, ...extra }] });
}

/** Members answer in order until the round settles. */
export async function settleRound(handle: GrantHandle, kind: RoundKind, action: 'approve' | 'reject' | 'return', groupId?: string) {
  const round = await waitRound(handle, kind, groupId);
  for (const seat of round.seats) {
    const res = await answer(handle, round, seat.memberId, action, action === 'approve' ? {} : { comment: 'Motivering i testet' });
    if (res.roundOutcome) return res.roundOutcome;
  }
  throw new Error(`round ${round.id} did not settle`);
}

/** Records the history for the replay test when RECORD_HISTORIES=1. */
export async function recordHistory(handle: { fetchHistory(): Promise<unknown> }, name: string) {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await handle.fetchHistory();
  const file = path.resolve(__dirname, '../histories', `${name}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(history));
}

/**
 * Waits for the grant to end and returns its final state, read by the state query (the workflow's
 * result is only its outcome); checks on the way that the outcome agrees with that state.
 */
export async function finalState(handle: WorkflowHandle<typeof grantWorkflow>): Promise<GrantState> {
  const outcome = await handle.result();
  const state = await handle.query(stateQuery);
  expect(outcome).toEqual(outcomeOf(state));
  return state;
}

export const DAY = 86_400_000;

/** The refusal type of a failed Update (its validator's ApplicationFailure), or undefined if it did not fail. */
export async function refusal(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) return e.cause.type ?? 'unknown';
    throw e;
  }
}
