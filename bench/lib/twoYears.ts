/**
 * The lifecycle benchmark's second part (bench/lifecycle.ts): on the time-skipping test server, one
 * grant of seed 004 stretched over two years (anchoring due in 6 months, the decision in 12,
 * requisitions in 18, the report in 24) where nobody answers until every reminder, overdue notice
 * and escalation has gone out; with the seed's schedules and with the densest a plan allows.
 */
import { Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { quietRuntime } from '../../common/temporalRuntime';
import { temporalTestServerPath } from '../../common/tools';
import { addDays, endOfDay, stockholmDate, type CalendarDate } from '../../domain/dates';
import { workflowsPath } from '../../worker/createWorker';
import { type GrantActivities, type MailResult, type MailRequest, SEARCH_ATTRIBUTE_TYPES, stateQuery, grantWorkflowId, newGrantInput } from '../../workflows/grant/contract';
import { grantWorkflow } from '../../workflows';
import { finish, seed004Raw } from './plans';
import { approveRound, newCounts, openRoundOf, recordFact, waitState } from './drive';
import { historyChain } from './history';
import { table } from './stats';

const DENSE = { remindDaysBefore: [90, 60, 30, 21, 14, 7, 5, 3, 2, 1], escalateDaysAfter: [1, 2, 3, 5, 7, 14, 21, 30, 60, 90] };

/** Seed 004 stretched over two years: anchoring due in 6 months, decision in 12, requisitions in 18, report in 24. */
function twoYearPlan(today: CalendarDate, caseNumber: string, dense: boolean) {
  const raw = seed004Raw(today);
  raw.caseNumber = caseNumber;
  for (const g of raw.anchoring.groups) g.deadline = addDays(today, 182);
  raw.decision.group.deadline = addDays(today, 365);
  for (const p of raw.parts) p.requisition.deadline = addDays(today, 547);
  raw.usePeriod = { from: addDays(today, 366), to: addDays(today, 700) };
  raw.reports[0].due = addDays(today, 730);
  if (dense) {
    for (const g of [...raw.anchoring.groups, raw.decision.group]) g.schedule = DENSE;
    raw.reports[0].schedule = DENSE;
  }
  return finish(raw, today);
}

export interface TwoYearResult {
  schedules: string;
  status: string;
  simulatedDays: number;
  runs: number;
  continuedAsNew: boolean;
  eventsTotal: number;
  eventsPerRun: number[];
  timersFired: number;
  timersStarted: number;
  activities: number;
  mailsByPurpose: Record<string, number>;
  duplicateMailKeys: number;
  timelineEvents: number;
  notices: { overdue: number; escalated: number };
  /** The state query's size in bytes; null when the query failed. */
  stateBytes: number | null;
}

export async function twoYearPart(opts: { historyLimit: number }) {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath() } } });
  const T = temporal.api.enums.v1.IndexedValueType;
  const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = { Keyword: T.INDEXED_VALUE_TYPE_KEYWORD, Text: T.INDEXED_VALUE_TYPE_TEXT, Int: T.INDEXED_VALUE_TYPE_INT, Bool: T.INDEXED_VALUE_TYPE_BOOL, Datetime: T.INDEXED_VALUE_TYPE_DATETIME };
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.entries(SEARCH_ATTRIBUTE_TYPES).map(([k, t]) => [k, INDEXED[t]!])),
  });
  const sent: MailRequest[] = [];
  let activityCalls = 0;
  const activities: GrantActivities = {
    async sendMail(batch) {
      activityCalls += 1;
      sent.push(...batch);
      return batch.map((m): MailResult => ({ key: m.key, messageId: `<${m.key}>`, rejected: [] }));
    },
    async recordGrant(batch) {
      activityCalls += 1;
      return { events: batch.firstEvent - 1 + batch.events.length, headHash: '' };
    },
  };
  const taskQueue = 'bench-two-years';
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: workflowsPath(), activities });
  const now = async () => {
    const { time } = await env.connection.testService!.getCurrentTime({});
    return Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
  };
  const sleepUntil = async (ms: number) => {
    const t = await now();
    if (ms > t) await env.sleep(ms - t);
  };
  const DAY = 86_400_000;
  const results: TwoYearResult[] = [];
  try {
    await worker.runUntil(async () => {
      for (const dense of [false, true]) {
        sent.length = 0;
        activityCalls = 0;
        const t0 = await now();
        const today = stockholmDate(t0);
        const plan = twoYearPlan(today, `BENCH/2Y/${dense ? 'DENSE' : 'SEED'}/${today.slice(0, 4)}`, dense);
        const handle = await env.client.workflow.start(grantWorkflow, {
          workflowId: grantWorkflowId(plan.caseNumber),
          taskQueue,
          args: [newGrantInput(plan, 'Bänkmärkning', opts.historyLimit > 0 ? { historyLimit: opts.historyLimit } : {})],
        });
        const counts = newCounts();
        const after = (dense ? 91 : 8) * DAY;
        // Nobody answers anchoring until every reminder, the overdue notice and every escalation went out.
        await waitState(handle, (s) => !!openRoundOf(s, 'anchoring', 'fredagsgruppen'), counts, 'anchoring');
        await sleepUntil(endOfDay(plan.anchoring!.groups[0]!.deadline!) + after);
        const s0 = await waitState(handle, (s) => !!openRoundOf(s, 'anchoring', 'lifo'), counts, 'anchoring');
        await approveRound(handle, openRoundOf(s0, 'anchoring', 'lifo')!, counts);
        await approveRound(handle, openRoundOf(s0, 'anchoring', 'fredagsgruppen')!, counts);
        await waitState(handle, (s) => !!openRoundOf(s, 'decision'), counts, 'decision');
        await sleepUntil(endOfDay(plan.decision.group.deadline!) + after);
        const s1 = await waitState(handle, (s) => !!openRoundOf(s, 'decision'), counts, 'decision');
        await approveRound(handle, openRoundOf(s1, 'decision')!, counts);
        await sleepUntil(endOfDay(plan.parts[0]!.requisition!.deadline!) + 15 * DAY);
        for (const part of plan.parts) await recordFact(handle, { type: 'requisitioned', partId: part.id }, counts);
        await recordFact(handle, { type: 'requirementsPublished', reportId: 'aterredovisning', requirements: 'Redovisning enligt mall' }, counts);
        await sleepUntil(endOfDay(plan.reports[0]!.due) + (dense ? 91 : 15) * DAY);
        await recordFact(handle, { type: 'reportSubmitted', reportId: 'aterredovisning' }, counts);
        // The state query, not result(): result() lets the test server skip time on past the close.
        const final = await waitState(handle, (s) => s.status !== 'active', counts, 'closed');
        const t1 = Date.parse(final.closedAt ?? final.timeline.at(-1)!.at);
        const runs = await historyChain(env.client, handle.workflowId, handle.firstExecutionRunId);
        const keys = sent.map((m) => m.key);
        const byPurpose: Record<string, number> = {};
        for (const m of sent) byPurpose[m.purpose] = (byPurpose[m.purpose] ?? 0) + 1;
        const timeline = final.timeline.map((e) => e.type);
        results.push({
          schedules: dense ? 'dense: 10 reminders + 10 escalations per round and report' : "seed: rounds 7,1 days before / 1,7 after; report 30,7 / 1,14; requisitions 14,3 / 1,14",
          status: final.status,
          simulatedDays: Math.round((t1 - t0) / DAY),
          runs: runs.length,
          continuedAsNew: runs.length > 1,
          eventsTotal: runs.reduce((a, r) => a + r.events, 0),
          eventsPerRun: runs.map((r) => r.events),
          timersFired: runs.reduce((a, r) => a + (r.byType.TIMER_FIRED ?? 0), 0),
          timersStarted: runs.reduce((a, r) => a + (r.byType.TIMER_STARTED ?? 0), 0),
          activities: activityCalls,
          mailsByPurpose: byPurpose,
          duplicateMailKeys: keys.length - new Set(keys).size,
          timelineEvents: timeline.length,
          notices: { overdue: timeline.filter((t) => t.endsWith('Overdue')).length, escalated: timeline.filter((t) => t === 'escalated').length },
          // A failed query is reported as failed (null), never filled in from the outcome.
          stateBytes: await handle.query(stateQuery).then((st) => JSON.stringify(st).length, () => null),
        });
      }
    });
  } finally {
    await env.teardown();
  }
  return results;
}

export function twoYearReport(twoYears: TwoYearResult[]): string[] {
  return [
    '\nTwo years of reminders (time-skipping test server, one grant per schedule)',
    table(
      ['schedules', 'days', 'events', 'events/run (max)', 'runs', 'continued as new', 'timers fired', 'mail activities', 'notice mails', 'mails sent twice'],
      twoYears.map((r) => [
        r.schedules.split(':')[0]!,
        r.simulatedDays,
        r.eventsTotal,
        Math.max(...r.eventsPerRun),
        r.runs,
        r.continuedAsNew ? 'yes' : 'no',
        r.timersFired,
        r.activities,
        Object.entries(r.mailsByPurpose)
          .filter(([k]) => k !== 'invitation' && k !== 'extract' && k !== 'outcome')
          .reduce((a, [, v]) => a + v, 0),
        r.duplicateMailKeys,
      ]),
    ),
  ];
}

